namespace Meshdock.Server.Namespaces;

public static class NamespacesRegistration
{
    /// <summary>Registers namespace membership; the meshes feature adds <see cref="IMeshMembershipRules"/> from its catalog.</summary>
    public static IServiceCollection AddNamespaces(this IServiceCollection services)
    {
        services.AddSingleton<NamespaceMembership>();
        return services;
    }
}
