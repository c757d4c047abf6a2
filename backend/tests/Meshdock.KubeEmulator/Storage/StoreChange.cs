using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator.Storage;

/// <summary>One change in the store: the object after the change (for DELETED, its last state) and before it.</summary>
public sealed record StoreChange(long ResourceVersion, string Type, ResourceType Resource, JsonObject Item, JsonObject? Previous);
