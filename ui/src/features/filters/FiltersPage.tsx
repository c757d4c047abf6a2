import { ComingSoon } from '../../components/ComingSoon';

export default function FiltersPage() {
  return (
    <ComingSoon
      title="Filters"
      summary="WebAssembly (proxy-wasm) filters for Envoy-based meshes."
      planned={[
        'Upload a filter and have it validated against the proxy-wasm ABI before it goes near a proxy.',
        'Try a filter in a local sandbox with sample requests.',
        'Attach a filter to a workload of an Envoy mesh and detach it again.',
      ]}
    />
  );
}
