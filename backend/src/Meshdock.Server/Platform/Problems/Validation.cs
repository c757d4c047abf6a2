using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Platform.Problems;

/// <summary>
/// Collects what is wrong with a request body, field by field, as sentences; <see cref="ToProblem"/> answers 400 with
/// all of them in <c>detail</c> and per field in <c>errors</c>. Every feature validates its bodies this way:
/// <code>
/// var validation = new Validation().InRange("steps", request.Steps, 1, 10_000);
/// if (!validation.IsValid) return validation.ToProblem();
/// </code>
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Records that <paramref name="field"/> is wrong; <paramref name="sentence"/> says how to fix it.</summary>
    public Validation Add(string field, string sentence)
    {
        if (!_errors.TryGetValue(field, out var sentences))
        {
            _errors[field] = sentences = [];
        }

        sentences.Add(sentence);
        return this;
    }

    public Validation Require(string field, object? value) =>
        value is null || value is string { Length: 0 } ? Add(field, $"'{field}' is required.") : this;

    /// <summary>Checks a bound; a missing (null) value passes, use <see cref="Require"/> for that.</summary>
    public Validation InRange(string field, long? value, long min, long max) =>
        value is { } v && (v < min || v > max) ? Add(field, $"'{field}' must be between {min} and {max}, not {v}.") : this;

    /// <summary>Adds <paramref name="sentence"/> for <paramref name="field"/> unless <paramref name="condition"/> holds.</summary>
    public Validation Check(bool condition, string field, string sentence) => condition ? this : Add(field, sentence);

    /// <summary>Every sentence, for a failure that is not an HTTP answer (an operation's error).</summary>
    public string Sentences => string.Join(" ", _errors.Values.SelectMany(s => s));

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: Sentences,
        title: "The request is not valid.");
}
