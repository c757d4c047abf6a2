namespace Meshdock.Server.Platform.Data;

/// <summary>One step of the schema: applied once, in order, when the database's user_version is below <see cref="Version"/>.</summary>
public sealed record Migration(int Version, string Description, string Sql);
