using System.Text.Json;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Meshes;

/// <param name="Version">Chart version; the catalog's default when absent.</param>
/// <param name="Values">Extra chart values per release name, e.g. <c>{ "istiod": { "pilot": { "traceSampling": 10 } } }</c>.</param>
public sealed record MeshInstallRequest(string? Version, Dictionary<string, JsonElement>? Values);

public sealed record MeshUpgradeRequest(string? Version);

/// <param name="RemoveCrds">Also delete the mesh's CRDs (and with them every resource of those kinds).</param>
public sealed record MeshUninstallRequest(bool? RemoveCrds);

public static class MeshesApi
{
    public static IEndpointRouteBuilder MapMeshes(this IEndpointRouteBuilder endpoints)
    {
        // A user's catalog override is read here, so that a broken one stops the start with its sentence instead of
        // failing the first request. The embedded catalog (checked by the tests) is read on first use: parsing YAML
        // at start-up costs the idle backend about 2 MB of resident memory.
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<MeshesOptions>>().Value.CatalogOverride is not null)
        {
            _ = endpoints.ServiceProvider.GetRequiredService<MeshCatalog>();
        }

        var group = endpoints.MapGroup("/api/meshes").WithTags("Meshes");
        group.MapGet("/", ListAsync).WithName("ListMeshes").WithSummary("The mesh catalog with each mesh's state on the cluster");
        group.MapGet("/{id}/preflight", PreflightAsync).WithName("MeshPreflight").WithSummary("Does the cluster have what the mesh needs?");
        group.MapPost("/{id}/install", InstallAsync).WithName("InstallMesh").WithSummary("Install a mesh (an operation)");
        group.MapPost("/{id}/upgrade", UpgradeAsync).WithName("UpgradeMesh").WithSummary("Change an installed mesh's version (an operation)");
        group.MapPost("/{id}/uninstall", UninstallAsync).WithName("UninstallMesh").WithSummary("Remove a mesh (an operation)");
        return endpoints;
    }

    private static async Task<Ok<MeshesResponse>> ListAsync(MeshOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(await overview.GetAsync(cancellationToken));

    private static async Task<Results<Ok<PreflightReport>, ProblemHttpResult>> PreflightAsync(
        string id, MeshCatalog catalog, ClusterConnection cluster, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } mesh)
        {
            return UnknownMesh(id, catalog);
        }
        try
        {
            var client = await cluster.GetClientAsync(cancellationToken);
            return TypedResults.Ok(await MeshPreflight.CheckAsync(client, mesh, cancellationToken));
        }
        catch (ClusterUnavailableException e)
        {
            return ClusterProblem(e);
        }
    }

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> InstallAsync(
        string id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] MeshInstallRequest? request,
        MeshCatalog catalog, MeshLifecycle lifecycle, OperationService operations)
    {
        if (catalog.Find(id) is not { } mesh)
        {
            return UnknownMesh(id, catalog);
        }
        var version = request?.Version ?? mesh.Versions?.Default;
        var validation = ValidateVersion(new Validation(), request?.Version);
        foreach (var (release, values) in request?.Values ?? [])
        {
            validation
                .Check(mesh.Helm!.Charts!.Any(c => c.Release == release), "values",
                    $"'values' names release '{release}', which {mesh.DisplayName} does not have; use one of {string.Join(", ", mesh.Helm.Charts!.Select(c => c.Release))}.")
                .Check(values.ValueKind == JsonValueKind.Object, "values", $"'values.{release}' must be an object of chart values.");
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var title = $"Installing {mesh.DisplayName}{(version is null ? "" : " " + version)}";
        return (await operations.StartAsync(MeshOverview.InstallKind, Target(mesh), title,
            context => lifecycle.InstallAsync(context, mesh, version, request?.Values, upgrade: false))).ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> UpgradeAsync(
        string id, MeshUpgradeRequest request, MeshCatalog catalog, MeshLifecycle lifecycle, MeshOverview overview,
        OperationService operations, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } mesh)
        {
            return UnknownMesh(id, catalog);
        }
        var validation = ValidateVersion(new Validation().Require("version", request.Version), request.Version);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        // While an operation runs on the mesh its state is in flux: the start below answers 409 naming that operation.
        if (!(await overview.RunningAsync(cancellationToken)).ContainsKey(mesh.Id))
        {
            MeshDetection detection;
            try
            {
                detection = await overview.DetectAsync(cancellationToken);
            }
            catch (ClusterUnavailableException e)
            {
                return ClusterProblem(e);
            }
            if (UpgradeRefusal(mesh, detection, request.Version!) is { } refusal)
            {
                return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "The mesh cannot be upgraded");
            }
        }
        return (await operations.StartAsync(MeshOverview.UpgradeKind, Target(mesh), $"Upgrading {mesh.DisplayName} to {request.Version}",
            context => lifecycle.InstallAsync(context, mesh, request.Version, null, upgrade: true))).ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> UninstallAsync(
        string id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] MeshUninstallRequest? request,
        MeshCatalog catalog, MeshLifecycle lifecycle, OperationService operations)
    {
        if (catalog.Find(id) is not { } mesh)
        {
            return UnknownMesh(id, catalog);
        }
        var removeCrds = request?.RemoveCrds ?? false;
        return (await operations.StartAsync(MeshOverview.UninstallKind, Target(mesh),
            $"Uninstalling {mesh.DisplayName}{(removeCrds ? " and its CRDs" : "")}",
            context => lifecycle.UninstallAsync(context, mesh, removeCrds))).ToHttpResult();
    }

    /// <summary>Why an upgrade to <paramref name="version"/> makes no sense for what is on the cluster, or null.</summary>
    private static string? UpgradeRefusal(MeshDefinition mesh, MeshDetection detection, string version)
    {
        var state = detection.States[mesh.Id];
        if (state.Status == MeshStatus.NotInstalled)
        {
            return $"{mesh.DisplayName} is not installed, so there is nothing to upgrade: install it with the version you want (POST /api/meshes/{mesh.Id}/install).";
        }
        if (state.DetectedBy == "workloads" && detection.HelmAvailable)
        {
            return $"{mesh.DisplayName} was not installed with helm (Meshdock found its workloads but not its helm releases), so Meshdock cannot upgrade it: "
                + "upgrade it with the tool that installed it, or uninstall it that way and install it here.";
        }
        if (state.Status == MeshStatus.Installed && state.Version == version)
        {
            return $"{mesh.DisplayName} is already at {version}: choose another version.";
        }
        return null;
    }

    private static Validation ValidateVersion(Validation validation, string? version) =>
        validation.Check(version is null || MeshCatalog.IsVersion(version), "version",
            $"'{version}' is not a chart version: use one like 1.27.3 (the version picker lists the ones Meshdock has tried).");

    private static string Target(MeshDefinition mesh) => $"mesh:{mesh.Id}";

    private static ProblemHttpResult UnknownMesh(string id, MeshCatalog catalog) => TypedResults.Problem(
        $"There is no mesh '{id}' in the catalog; choose one of {string.Join(", ", catalog.Meshes.Select(m => m.Id))}.",
        statusCode: StatusCodes.Status404NotFound);

    internal static ProblemHttpResult ClusterProblem(ClusterUnavailableException e) => TypedResults.Problem(
        e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster cannot be reached");
}
