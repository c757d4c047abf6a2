import { ComingSoon } from '../../components/ComingSoon';

export default function MeshesPage() {
  return (
    <ComingSoon
      title="Meshes"
      summary="Install, upgrade and remove service meshes on the Kubernetes cluster Docker Desktop runs."
      planned={[
        'Install Istio, Linkerd, Consul or Kuma in one click, with every Helm step streaming into the Operations drawer.',
        'See each installed mesh’s version, control-plane pods and their readiness.',
        'Upgrade or remove a mesh, with a sentence saying what to do when a step fails.',
      ]}
    />
  );
}
