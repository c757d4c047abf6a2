namespace Meshdock.Server.Features.Namespaces;

public static class NamespacesServices
{
    /// <summary>Registers namespace membership; the meshes feature adds <see cref="IMeshMembershipRules"/> from its catalog.</summary>
    public static IServiceCollection AddNamespaces(this IServiceCollection services)
    {
        services.AddSingleton<NamespaceMembership>();
        return services;
    }
}
