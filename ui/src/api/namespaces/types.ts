// Namespaces and which meshes they belong to.

export interface MeshMembership {
  meshId: string;
  meshName: string;
}

export interface NamespaceSummary {
  name: string;
  phase: string | null;
  system: boolean;
  meshes: MeshMembership[];
  deployments: number;
  createdAt: string | null;
}

export interface NamespaceList {
  namespaces: NamespaceSummary[];
  joinableMeshes: MeshMembership[];
}
