import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CompareView } from './CompareView';
import { OverheadCompareView } from './overhead/OverheadCompareView';
import { OverheadReportView } from './overhead/OverheadReportView';
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
  const [openReportId, setOpenReportId] = useState<string | null>(null);
  const [comparedReports, setComparedReports] = useState<[string, string] | null>(null);
  const openRun = (id: string) => {
    setCompareIds(null);
    setOpenRunId(id);
  };
  const openReport = (id: string) => {
    setComparedReports(null);
    setOpenReportId(id);
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
      <OverheadSection onStarted={openReport} />
      {openReportId ? <OverheadReportView key={openReportId} reportId={openReportId} onClose={() => setOpenReportId(null)} /> : null}
      {comparedReports ? <OverheadCompareView key={comparedReports.join()} reportIds={comparedReports} onClose={() => setComparedReports(null)} /> : null}
      <RunHistory
        onOpen={openRun}
        onCompare={(ids) => {
          setOpenRunId(null);
          setCompareIds(ids);
        }}
        reportActions={{
          onOpen: openReport,
          onCompare: (ids) => {
            setOpenReportId(null);
            setComparedReports(ids);
          },
          onRemoved: (id) => {
            setOpenReportId((current) => (current === id ? null : current));
            setComparedReports((current) => (current?.includes(id) ? null : current));
          },
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
