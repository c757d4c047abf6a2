using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Meshdock.Server.Platform.Problems;

/// <summary>
/// Finds the route or query value an endpoint could not parse. The compile-time endpoint generator answers an
/// unparsable optional value (<c>?after=abc</c> for a <c>long after = 0</c>) with an empty 400 instead of throwing
/// as <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> asks, so the empty 400 is explained afterwards from the
/// endpoint's parameter metadata. Runs only on that error path.
/// </summary>
internal static class UnparsableParameter
{
    public static BadRequestDescription.Description? Find(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            return null;
        }
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (!parameter.HasTryParse || Raw(context, parameter.Name) is not { Length: > 0 } raw)
            {
                continue;
            }
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (!Parses(type, raw))
            {
                return BadRequestDescription.ForValue(parameter.Name, type.Name, raw);
            }
        }
        return null;
    }

    private static string? Raw(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var routeValue) && routeValue is string fromRoute
            ? fromRoute
            : context.Request.Query.TryGetValue(name, out var fromQuery) ? fromQuery.ToString() : null;

    private static bool Parses(Type type, string raw)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, raw, ignoreCase: true, out _);
        }
        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (tryParse is null)
        {
            return true; // a type parsed some other way: not ours to judge
        }
        object?[] arguments = [raw, CultureInfo.InvariantCulture, null];
        return tryParse.Invoke(null, arguments) is true;
    }
}
