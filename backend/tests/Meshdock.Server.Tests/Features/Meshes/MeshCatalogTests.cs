
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Tests.Kubernetes.Helm;

namespace Meshdock.Server.Tests.Features.Meshes;

public sealed class MeshCatalogTests
{
    private const string Minimal = """
        meshes:
          - id: demo
            displayName: Demo
            description: A mesh for tests.
            project: { status: dormant, note: Quiet since 2022. }
            helm:
              repository: https://charts.example
              charts:
                - { chart: demo, release: demo, values: { replicas: 1, enabled: true, affinity: null, name: "007" } }
            versions: { default: 1.2.3, selectable: [1.2.3, 1.1.0] }
            namespace: demo-system
            membership: [{ kind: label, key: demo.io/inject, value: enabled, scope: namespace }]
            health: [{ kind: Deployment, name: demo-controller }]
            wasm: { attach: none, reason: No Envoy. }
            dataPlane: node-proxy
            resources: { cpuMillicores: 500, memoryMiB: 512, minKubernetes: "1.27" }
        """;

    [Fact]
    public void The_built_in_catalog_loads_with_every_mesh_the_product_promises()
    {
        var catalog = MeshCatalog.Load(null);

        Assert.Equal(
            ["istio", "istio-ambient", "linkerd", "consul", "kuma", "traefik-mesh", "cilium", "nginx-service-mesh", "osm"],
            catalog.Meshes.Select(m => m.Id));
        Assert.Equal(ProjectStatus.EndOfLife, catalog.Find("osm")!.Project!.Status);
        Assert.Equal(ProjectStatus.EndOfLife, catalog.Find("nginx-service-mesh")!.Project!.Status);
        Assert.Equal(ProjectStatus.Dormant, catalog.Find("traefik-mesh")!.Project!.Status);
        Assert.Contains(catalog.Find("cilium")!.Warnings!, w => w.Contains("replaces the cluster's CNI", StringComparison.Ordinal));
        Assert.Equal(DataPlaneKind.Ambient, catalog.Find("istio-ambient")!.DataPlane);
        Assert.Equal(["linkerd-crds", "linkerd-control-plane"], catalog.Find("linkerd")!.Helm!.Charts!.Select(c => c.Chart));
        Assert.Equal(GeneratedValues.LinkerdIdentity, catalog.Find("linkerd")!.Helm!.Charts![1].Generate);
        Assert.Equal(WasmAttachment.ConsulServicedefaults, catalog.Find("consul")!.Wasm!.Attach);
    }

    [Fact]
    public void Consul_values_fit_one_node()
    {
        var values = MeshCatalog.Load(null).Find("consul")!.Helm!.Charts![0].Values!;

        var server = Assert.IsType<Dictionary<object, object?>>(values["server"]);
        Assert.IsNotType<string>(server["replicas"]);
        Assert.Equal(1, Convert.ToInt32(server["replicas"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(server.ContainsKey("affinity"));
        Assert.Null(server["affinity"]);
        Assert.Equal("consul", Assert.IsType<Dictionary<object, object?>>(values["global"])["name"]);
    }

    [Fact]
    public void Untyped_values_keep_numbers_booleans_and_nulls_but_quoted_strings_stay_strings()
    {
        var values = MeshCatalog.Parse(Minimal, null, null).Find("demo")!.Helm!.Charts![0].Values!;

        Assert.IsNotType<string>(values["replicas"]);
        Assert.Equal(1, Convert.ToInt32(values["replicas"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(true, values["enabled"]);
        Assert.Null(values["affinity"]);
        Assert.Equal("007", values["name"]);
    }

    [Fact]
    public void An_override_replaces_a_meshes_charts_with_a_local_chart_resolved_from_the_override_folder()
    {
        const string OverrideYaml = """
            meshes:
              - id: demo
                helm:
                  charts: [{ chart: charts/testmesh, release: testmesh }]
                health: [{ kind: Deployment, name: testmesh-controller }]
            """;

        var mesh = MeshCatalog.Parse(Minimal, OverrideYaml, "/srv/fixtures").Find("demo")!;

        Assert.Null(mesh.Helm!.Repository);
        Assert.Equal("/srv/fixtures/charts/testmesh", mesh.Helm.Charts![0].Chart);
        Assert.Equal("testmesh-controller", mesh.Health![0].Name);
        Assert.Equal("Demo", mesh.DisplayName); // untouched fields keep the built-in value
    }

    [Theory]
    [InlineData("wasm: { attach: none, reason: No Envoy. }", "wasm: { attach: none }", "mesh 'demo': wasm.attach is none, so wasm.reason must say why")]
    [InlineData("versions: { default: 1.2.3, selectable: [1.2.3, 1.1.0] }", "versions: { default: 2.0.0, selectable: [1.2.3] }", "versions.selectable must list the default version 2.0.0")]
    [InlineData("namespace: demo-system", "namespace: Demo_System", "namespace 'Demo_System' is not a valid Kubernetes namespace name")]
    [InlineData("health: [{ kind: Deployment, name: demo-controller }]", "health: []", "mesh 'demo': health lists no workload")]
    [InlineData("repository: https://charts.example", "repository: ftp://charts.example", "is not an http(s) or oci URL")]
    [InlineData("project: { status: dormant, note: Quiet since 2022. }", "project: { status: dormant }", "project needs a status")]
    public void Mistakes_stop_the_start_with_a_sentence_naming_the_mesh_and_field(string good, string bad, string expected)
    {
        var yaml = Minimal.Replace(good, bad, StringComparison.Ordinal);
        Assert.NotEqual(Minimal, yaml);

        var error = Assert.Throws<InvalidOperationException>(() => MeshCatalog.Parse(yaml, null, null));

        Assert.StartsWith("The mesh catalog is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_enum_value_is_reported_with_its_line()
    {
        var yaml = Minimal.Replace("dataPlane: node-proxy", "dataPlane: hyperdrive", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidOperationException>(() => MeshCatalog.Parse(yaml, null, null));

        Assert.Contains("Could not read the built-in mesh catalog at line 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_override_file_is_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MeshCatalog.Load("/nonexistent/override.yaml"));

        Assert.Contains("'/nonexistent/override.yaml' (Meshes:CatalogOverride) does not exist", error.Message, StringComparison.Ordinal);
    }
}
