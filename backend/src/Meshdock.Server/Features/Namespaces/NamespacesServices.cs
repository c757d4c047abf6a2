namespace Meshdock.Server.Features.Namespaces;

public static class NamespacesServices
{
    /// <summary>Registers namespace membership and publishes it as <see cref="INamespaceMeshes"/>; the meshes feature adds <see cref="IMeshMembershipRules"/> from its catalog.</summary>
    public static IServiceCollection AddNamespaces(this IServiceCollection services)
    {
        services.AddSingleton<NamespaceMembership>();
        services.AddSingleton<NamespaceOperations>();
        services.AddSingleton<INamespaceMeshes>(sp => sp.GetRequiredService<NamespaceMembership>());
        return services;
    }
}
