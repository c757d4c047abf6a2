namespace Meshdock.Load.Smp;

/// <summary>SMP's <c>ServiceMesh.Type</c> enum: its proto names and numbers, and the mesh names they stand for.</summary>
public static class SmpMeshTypes
{
    private static readonly (string ProtoName, int Number, string Name)[] Types =
    [
        ("APP_MESH", 1, "App Mesh"),
        ("CONSUL", 2, "Consul"),
        ("ISTIO", 3, "Istio"),
        ("KUMA", 4, "Kuma"),
        ("LINKERD", 5, "Linkerd"),
        ("TRAEFIK_MESH", 6, "Traefik Mesh"),
        ("OCTARINE", 7, "Octarine"),
        ("NETWORK_SERVICE_MESH", 8, "Network Service Mesh"),
        ("TANZU", 9, "Tanzu"),
        ("OPEN_SERVICE_MESH", 10, "Open Service Mesh"),
        ("NGINX_SERVICE_MESH", 11, "NGINX Service Mesh"),
        ("CILIUM_SERVICE_MESH", 12, "Cilium"),
    ];

    /// <summary>The proto name of the type a mesh name belongs to ("Istio ambient" → ISTIO); null when SMP has none.</summary>
    public static string? ProtoNameOf(string meshName)
    {
        var key = Normalise(meshName);
        return Types.Where(t => key.StartsWith(Normalise(t.Name), StringComparison.Ordinal))
            .Select(t => t.ProtoName).FirstOrDefault();
    }

    /// <summary>The type named by its proto name or number; null when it is neither.</summary>
    public static (string ProtoName, string Name)? Find(string nameOrNumber) =>
        Types.Where(t => t.ProtoName == nameOrNumber || t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == nameOrNumber)
            .Select(t => ((string, string)?)(t.ProtoName, t.Name)).FirstOrDefault();

    public static IEnumerable<string> ProtoNames => Types.Select(t => t.ProtoName);

    private static string Normalise(string name) => new([.. name.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
}
