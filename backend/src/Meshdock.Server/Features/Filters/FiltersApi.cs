using Meshdock.ProxyWasm.Validation;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Features.Filters.Sandbox;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meshdock.Server.Features.Filters;

public static class FiltersApi
{
    public static IEndpointRouteBuilder MapFilters(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/filters").WithTags("Filters");
        group.MapGet("/", ListAsync).WithName("ListFilters").WithSummary("Registered proxy-wasm modules, built-ins first");
        group.MapPost("/", UploadAsync).WithName("UploadFilter").WithBodyLimit(ModuleValidator.MaxModuleSize + (1024 * 1024))
            .WithSummary("Validate and store a module sent as the raw body (Content-Type: application/wasm, at most 16 MiB)");
        group.MapGet("/built-in", (BuiltInFilterStatus status) => TypedResults.Ok(new BuiltInFilterState(status.Problem)))
            .WithName("GetBuiltInFilterState").WithSummary("Whether the shipped rate-limit filter is registered, or the sentence that says how to build it");
        group.MapGet("/{id}", GetAsync).WithName("GetFilter");
        group.MapGet("/{id}/module", DownloadAsync).WithName("DownloadFilter");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteFilter");
        group.MapFilterAttachments();
        endpoints.MapSandbox();
        return endpoints;
    }

    /// <summary>The answer of GET /api/filters/built-in: <paramref name="Problem"/> is null when the built-in is registered.</summary>
    public sealed record BuiltInFilterState(string? Problem);

    private static async Task<Ok<IReadOnlyList<FilterModule>>> ListAsync(FilterStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Created<FilterModule>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, [FromQuery] string? name, FilterStore store, CancellationToken cancellationToken)
    {
        // The cheap checks first, so a wrong request is refused before its body is read.
        if (ModuleUpload.CheckName(name) is { } nameError)
        {
            return new Validation().Add("name", nameError).ToProblem();
        }

        if (ModuleUpload.CheckContentType(request) is { } typeError)
        {
            return new Validation().Add("body", typeError).ToProblem();
        }

        if (await store.NameExistsAsync(name!, cancellationToken))
        {
            return NameTaken(name!);
        }

        var (bytes, sizeError) = await ModuleUpload.ReadAsync(request, cancellationToken);
        if (sizeError is not null)
        {
            return new Validation().Add("body", sizeError).ToProblem();
        }

        var validation = ModuleValidator.Validate(bytes);
        if (!validation.IsValid)
        {
            return new Validation().Add("body", validation.Error!).ToProblem();
        }

        var module = await store.AddAsync(name!, bytes, validation.Report!, cancellationToken);
        return module is null ? NameTaken(name!) : TypedResults.Created($"/api/filters/{module.Id}", module);
    }

    private static async Task<Results<Ok<FilterModule>, ProblemHttpResult>> GetAsync(
        string id, FilterStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } module ? TypedResults.Ok(module) : NotFound(id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, FilterStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } module)
        {
            return NotFound(id);
        }

        return await store.ReadModuleAsync(module, cancellationToken) is { } bytes
            ? TypedResults.File(bytes, ModuleUpload.ContentType, $"{module.Name}.wasm")
            : TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Module file missing",
                detail: $"The file of filter '{module.Name}' is missing from the data folder; delete the filter and upload it again.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, FilterStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } module)
        {
            return NotFound(id);
        }

        if (module.BuiltIn)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Built-in filter",
                detail: $"'{module.Name}' ships with Meshdock and cannot be deleted.");
        }

        return await store.DeleteAsync(module, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    internal static ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Filter not found", detail: $"There is no filter with id '{id}'; list the filters with GET /api/filters.");

    private static ProblemHttpResult NameTaken(string name) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Name taken", detail: $"A filter named '{name}' already exists; delete it first or upload under another name.");
}
