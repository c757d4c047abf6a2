namespace Meshdock.Load;

/// <summary>One problem with a <see cref="LoadSpec"/>: the field (camelCase, with an index for list items) and a sentence.</summary>
public sealed record LoadSpecError(string Field, string Message);
