using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>A failure answered with a Kubernetes <c>Status</c> body, as the real API server words it.</summary>
public sealed class KubeApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusBody("Failure", Code, Reason, Message, Details);

    public static JsonObject StatusBody(string status, int code, string? reason, string? message, JsonObject? details)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = status,
        };
        if (message is not null) body["message"] = message;
        if (reason is not null) body["reason"] = reason;
        if (details is not null) body["details"] = details;
        body["code"] = code;
        return body;
    }

    private static JsonObject Named(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Plural;
        return details;
    }

    public static KubeApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", Named(type, name));

    public static KubeApiException NamespaceNotFound(string name) =>
        new(404, "NotFound", $"namespaces \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = "namespaces" });

    public static KubeApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", Named(type, name));

    public static KubeApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": {why}", Named(type, name));

    public static KubeApiException Invalid(ResourceType type, string name, params (string Field, string Reason, string Message)[] causes)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = c.Reason,
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var what = type.Group.Length > 0 ? $"{type.Kind}.{type.Group}" : type.Kind;
        var list = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var message = causes.Length == 1 ? $"{what} \"{name}\" is invalid: {list}" : $"{what} \"{name}\" is invalid: [{list}]";
        return new KubeApiException(422, "Invalid", message, details);
    }

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static KubeApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got \"{contentType}\")");

    public static KubeApiException Gone(string message) => new(410, "Expired", message);

    public static KubeApiException Forbidden(string message) => new(403, "Forbidden", message);
}
