import type { Mesh, MeshMembership } from '../../api';

export interface JoinChoices {
  /** The meshes a namespace can join: those installed (or degraded, whose injector may still run). */
  installed: MeshMembership[];
  /** Namespaces that hold a mesh's control plane: joining one to a mesh would put proxies in front of the mesh itself. */
  controlPlanes: Set<string>;
}

/** What the Join menu may offer; until the mesh list arrives nothing is offered, rather than meshes that may be absent. */
export function joinChoices(joinable: readonly MeshMembership[], meshes: readonly Mesh[] | undefined): JoinChoices {
  const present = (meshes ?? []).filter((mesh) => mesh.state.status === 'installed' || mesh.state.status === 'degraded');
  const presentIds = new Set(present.map((mesh) => mesh.id));
  const controlPlanes = new Set<string>();
  // Every catalog mesh's namespace counts, installed or not: istio-system is never a place for an app.
  for (const mesh of meshes ?? []) {
    controlPlanes.add(mesh.namespace);
    for (const release of mesh.state.releases) controlPlanes.add(release.namespace);
  }
  return { installed: joinable.filter((item) => presentIds.has(item.meshId)), controlPlanes };
}
