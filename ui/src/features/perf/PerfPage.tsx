import { ComingSoon } from '../../components/ComingSoon';

export default function PerfPage() {
  return (
    <ComingSoon
      title="Performance"
      summary="Measure what a mesh costs in latency and throughput."
      planned={[
        'Run load at a constant rate against a sample app, with coordinated-omission-correct latency.',
        'Watch requests per second and p50/p99 latency live, second by second.',
        'Compare runs with and without a mesh, and export results in the SMP format.',
      ]}
    />
  );
}
