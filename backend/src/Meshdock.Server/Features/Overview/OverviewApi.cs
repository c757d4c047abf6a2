using System.Text;
using System.Text.Json;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Overview;

public static class OverviewApi
{
    /// <summary>Kubeconfigs are a few kilobytes; anything this large is not one.</summary>
    public const int MaxKubeconfigBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapOverview(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/docker").WithTags("Docker")
            .MapGet("/", (DockerEngineProbe probe, CancellationToken cancellationToken) => probe.ProbeAsync(cancellationToken))
            .WithName("GetDockerEngine")
            .WithSummary("The Docker engine (version, OS) and whether Docker Desktop's Kubernetes seems to run; a hint only.");

        var group = app.MapGroup("/api/cluster").WithTags("Cluster");
        group.MapGet("/", GetOverview).WithName("GetCluster")
            .WithSummary("The selected cluster: context, address used, version, nodes, metrics API, installed meshes; or why it cannot be reached.");
        group.MapGet("/contexts", ListContexts).WithName("ListContexts").WithSummary("The kubeconfig contexts Meshdock can use.");
        group.MapPut("/context", SelectContext).WithName("SelectContext").WithSummary("Selects the context Meshdock uses.");
        group.MapPost("/kubeconfig", UploadKubeconfig).WithName("UploadKubeconfig")
            .WithSummary("Stores a pasted kubeconfig (YAML body, or JSON { kubeconfig }) and selects its context.");
        group.MapPost("/kubeconfig/exec-confirmation", ConfirmExec).WithName("ConfirmExecPlugin")
            .WithSummary("Lets the pasted kubeconfig's exec credential plugin with this fingerprint run (the user saw its command).");
        group.MapDelete("/kubeconfig", RemoveKubeconfig).WithName("RemoveKubeconfig").WithSummary("Forgets the pasted kubeconfig.");
        return app;
    }

    private static Task<ClusterOverview> GetOverview(ClusterOverviewReader reader, CancellationToken cancellationToken) =>
        reader.ReadAsync(cancellationToken);

    private static Task<ContextList> ListContexts(ClusterContexts contexts, CancellationToken cancellationToken) =>
        contexts.ListAsync(cancellationToken);

    private static async Task<Results<Ok<ContextList>, ValidationProblem>> SelectContext(
        SelectContextRequest request, ClusterContexts contexts, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("context", request.Context?.Trim());
        if (validation.IsValid && !await contexts.SelectAsync(request.Context!.Trim(), cancellationToken))
        {
            validation.Add("context", $"There is no context named '{request.Context}' in the kubeconfig: pick one of those listed by GET /api/cluster/contexts.");
        }

        return validation.IsValid ? TypedResults.Ok(await contexts.ListAsync(cancellationToken)) : validation.ToProblem();
    }

    private static async Task<Results<Ok<ContextList>, ProblemHttpResult>> UploadKubeconfig(
        HttpRequest request, ClusterContexts contexts, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxKubeconfigBytes)
        {
            return TooLarge();
        }

        var text = await ReadBodyAsync(request, cancellationToken);
        if (text is null)
        {
            return TooLarge();
        }

        try
        {
            await contexts.UploadAsync(UnwrapJson(request, text), cancellationToken);
        }
        catch (InvalidKubeconfigException e)
        {
            return TypedResults.Problem(title: "Invalid kubeconfig", statusCode: StatusCodes.Status400BadRequest, detail: e.Message);
        }

        return TypedResults.Ok(await contexts.ListAsync(cancellationToken));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ConfirmExec(
        ExecConfirmationRequest request, ClusterContexts contexts, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require("fingerprint", request.Fingerprint?.Trim());
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await contexts.ConfirmExecAsync(request.Fingerprint!.Trim(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Command changed", statusCode: StatusCodes.Status409Conflict,
                detail: "No exec credential plugin of the pasted kubeconfig has this fingerprint: the kubeconfig changed since the command was shown. Refresh the Overview page and check the command again.");
    }

    private static Results<NoContent, NotFound> RemoveKubeconfig(ClusterContexts contexts) =>
        contexts.RemoveUploaded() ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(title: "Kubeconfig too large", statusCode: StatusCodes.Status400BadRequest,
            detail: $"The body is larger than {MaxKubeconfigBytes / 1024} KiB, which no kubeconfig is: paste only the kubeconfig (`kubectl config view --raw --minify`).");

    /// <summary>The body as text, or null when it exceeds the limit (counted as read: Content-Length may be absent).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxKubeconfigBytes + 1];
        var total = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxKubeconfigBytes)
            {
                return null;
            }
        }

        return new string(buffer, 0, total);
    }

    /// <summary>The Docker extension client posts JSON: accept <c>{ "kubeconfig": "..." }</c> or a JSON string as well as raw YAML.</summary>
    private static string UnwrapJson(HttpRequest request, string text)
    {
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return text;
        }

        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MeshdockJson.MaxDepth });
            return json.RootElement switch
            {
                { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
                { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("kubeconfig", out var k) && k.ValueKind == JsonValueKind.String => k.GetString() ?? "",
                _ => text, // a kubeconfig written as JSON
            };
        }
        catch (JsonException)
        {
            return text; // YAML sent with a JSON content type; the parser decides
        }
    }
}
