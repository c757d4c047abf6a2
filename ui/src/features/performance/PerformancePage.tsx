import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { CompareView } from './CompareView';
import { RunForm } from './RunForm';
import { RunHistory } from './RunHistory';
import { RunPanel } from './RunPanel';

/** Load tests: configure and start a run, watch it live, read its result, and compare runs from the history. */
export default function PerformancePage() {
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<string[] | null>(null);
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
