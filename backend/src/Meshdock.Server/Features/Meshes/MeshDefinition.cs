using Meshdock.Server.Kubernetes.Workloads;

namespace Meshdock.Server.Features.Meshes;

// The catalog's shape. Mutable classes (not records) because YamlDotNet fills them property by property and the
// catalog override merges one entry over another field by field; after MeshCatalog has validated them they are only read.

/// <summary>One service mesh Meshdock can install: everything the installer, the detector and the UI need.</summary>
public sealed class MeshDefinition
{
    public string Id { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public ProjectInfo? Project { get; set; }
    public HelmSource? Helm { get; set; }
    public MeshVersions? Versions { get; set; }
    /// <summary>Where the control plane lives; charts without their own namespace go here.</summary>
    public string? Namespace { get; set; }
    /// <summary>How an application joins the mesh (Open Service Mesh needs a label and an annotation).</summary>
    public List<MembershipRule>? Membership { get; set; }
    /// <summary>Workloads whose readiness means "the mesh is healthy".</summary>
    public List<WorkloadRef>? Health { get; set; }
    /// <summary>Name of the proxy container the mesh injects, so the UI can tell a meshed pod; null for sidecar-less meshes.</summary>
    public string? SidecarContainer { get; set; }
    public WasmSupport? Wasm { get; set; }
    public DataPlaneKind? DataPlane { get; set; }
    public ResourceNeeds? Resources { get; set; }
    /// <summary>API groups of the CRDs the mesh adds, removed on uninstall when the user asks for it.</summary>
    public List<string>? CrdGroups { get; set; }
    public List<string>? Warnings { get; set; }
}

public sealed class ProjectInfo
{
    public ProjectStatus? Status { get; set; }
    /// <summary>A sentence for the badge's tooltip: why the status is what it is.</summary>
    public string? Note { get; set; }
}

public enum ProjectStatus { Active, Dormant, Archived, EndOfLife }

public sealed class HelmSource
{
    /// <summary>Chart repository URL passed as <c>--repo</c>; null when the charts are local paths (the test override).</summary>
    public string? Repository { get; set; }
    /// <summary>Charts in install order; uninstall runs in reverse.</summary>
    public List<ChartSpec>? Charts { get; set; }
}

public sealed class ChartSpec
{
    /// <summary>Chart name in the repository, or a chart directory/archive path when the mesh has no repository.</summary>
    public string Chart { get; set; } = "";
    public string Release { get; set; } = "";
    /// <summary>Defaults to the mesh's namespace.</summary>
    public string? Namespace { get; set; }
    /// <summary>Values for a single-node development cluster.</summary>
    public Dictionary<string, object?>? Values { get; set; }
    /// <summary>Values Meshdock computes at install time (Linkerd's identity certificates).</summary>
    public GeneratedValues? Generate { get; set; }
}

public enum GeneratedValues { LinkerdIdentity }

public sealed class MeshVersions
{
    public string? Default { get; set; }
    public List<string>? Selectable { get; set; }
}

public sealed class MembershipRule
{
    public MembershipKind Kind { get; set; }
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public MembershipScope Scope { get; set; }
}

public enum MembershipKind { Label, Annotation }

public enum MembershipScope { Namespace, Pod, Service }

public sealed class WorkloadRef
{
    public WorkloadKind Kind { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Defaults to the mesh's namespace.</summary>
    public string? Namespace { get; set; }
}

public sealed class WasmSupport
{
    public WasmAttachment Attach { get; set; }
    /// <summary>Required when <see cref="Attach"/> is None: why filters cannot attach.</summary>
    public string? Reason { get; set; }
}

public enum WasmAttachment { None, IstioWasmplugin, ConsulServicedefaults, KumaMeshproxypatch }

public enum DataPlaneKind { Sidecar, Ambient, NodeProxy }

public sealed class ResourceNeeds
{
    public int CpuMillicores { get; set; }
    public int MemoryMiB { get; set; }
    /// <summary>Oldest Kubernetes minor version the default chart version supports, "1.29".</summary>
    public string? MinKubernetes { get; set; }
}
