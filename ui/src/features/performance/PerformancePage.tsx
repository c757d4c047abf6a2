import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CompareView } from './CompareView';
import { OverheadSection } from './overhead/OverheadSection';
import { RunForm } from './RunForm';
import { RunHistory } from './RunHistory';
import { RunPanel } from './RunPanel';

/** Load tests: configure and start a run, watch it live, read its result, and compare runs from the history. */
export default function PerformancePage() {
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  // `#/performance?compare=a,b` (the filter sandbox demo links here) opens the comparison of those runs.
  const [searchParams] = useSearchParams();
  const [compareIds, setCompareIds] = useState<string[] | null>(() => compareIdsFrom(searchParams.get('compare')));
  const openRun = (id: string) => {
    setCompareIds(null);
    setOpenRunId(id);
  };
  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="h2" gutterBottom>
          Performance
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Measure what a mesh costs in latency and throughput. The open model sends at a fixed rate and reports
          coordinated-omission-corrected latency; the closed model finds the maximum throughput.
        </Typography>
      </div>
      <RunForm onStarted={openRun} />
      {openRunId ? <RunPanel key={openRunId} runId={openRunId} onClose={() => setOpenRunId(null)} /> : null}
      {compareIds ? <CompareView runIds={compareIds} onClose={() => setCompareIds(null)} /> : null}
      <OverheadSection />
      <RunHistory
        onOpen={openRun}
        onCompare={(ids) => {
          setOpenRunId(null);
          setCompareIds(ids);
        }}
      />
    </Stack>
  );
}

/** Run ids from the `compare` query: at least two, the baseline first. */
export function compareIdsFrom(value: string | null): string[] | null {
  const ids = (value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  return ids.length >= 2 ? ids : null;
}
