import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  ApiError,
  downloadOverheadHtml,
  downloadOverheadSmp,
  isFinal,
  useOperation,
  useOverheadLatency,
  useOverheadReport,
  type OverheadReport,
} from '../../../api';
import { saveTextFile } from '../../../lib/saveFile';
import { OverheadCurves } from './OverheadCurves';
import { OverheadFigureTable } from './OverheadFigureTable';

const fileStem = (report: OverheadReport) => report.name.trim().replace(/[^\w.-]+/g, '-') || `overhead-${report.id}`;

/** One report: what the mesh added against the plain namespace, with the spread across rounds, and the runs' latency curves. */
export function OverheadReportView({ reportId, onClose }: { reportId: string; onClose: () => void }) {
  const report = useOverheadReport(reportId);
  const operation = useOperation(reportId);
  const measuredRounds = report.data?.variants.reduce((sum, variant) => sum + variant.rounds.length, 0) ?? 0;
  const curves = useOverheadLatency(reportId, measuredRounds);
  const [error, setError] = useState<string | null>(null);
  // Its operation stores the report a moment after starting: until then the report is not found yet, not gone.
  const storing = report.error instanceof ApiError && report.error.status === 404 && operation.data !== undefined && !isFinal(operation.data.status);
  if (report.isError && !storing) return <Alert severity="error">{report.error.message}</Alert>;
  if (!report.data) return <Typography variant="body2">Loading the report…</Typography>;
  const data = report.data;
  const filter = data.variants.find((variant) => variant.key === 'filtered')?.filter ?? null;
  const save = (fetchText: () => Promise<string>, fileName: string, mediaType: string) => () => {
    setError(null);
    fetchText().then(
      (text) => saveTextFile(fileName, text, mediaType),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  };
  return (
    <Card variant="outlined" component="section" aria-label="Overhead report">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="h3" sx={{ flexGrow: 1 }}>
              {data.name}
            </Typography>
            <Chip size="small" label={data.status} color={data.status === 'succeeded' ? 'success' : data.status === 'running' ? 'info' : 'warning'} />
            <Button size="small" onClick={onClose}>
              Close
            </Button>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {data.meshName} {data.meshVersion ?? ''} · {data.workload} in {data.variants.map((v) => v.namespace).join(', ')}
            {filter !== null ? ` (with ${filter})` : ''} · {data.rounds} round(s),
            alternating · {data.profile.model === 'closed' ? 'closed model' : `${data.profile.rps ?? '?'} rps`}, {data.profile.connections ?? 10}{' '}
            connections, {data.profile.durationSeconds ?? '?'} s
          </Typography>
          {data.resourcesMissing ? <Alert severity="warning">{data.resourcesMissing}</Alert> : null}
          {data.figures ? (
            <OverheadFigureTable figures={data.figures} filter={filter} />
          ) : (
            <Typography variant="body2">
              {data.status === 'running' ? `Measuring: ${measuredRounds} of ${data.rounds * data.variants.length} runs done.` : 'The report has no figures: not every namespace was measured.'}
            </Typography>
          )}
          {curves.data && curves.data.length > 0 ? (
            <div>
              <Typography variant="h4" gutterBottom>
                Latency by percentile, every run
              </Typography>
              <OverheadCurves curves={curves.data} />
            </div>
          ) : null}
          <Stack direction="row" spacing={1}>
            <Button size="small" startIcon={<DownloadIcon />} onClick={save(() => downloadOverheadSmp(data.id), `${fileStem(data)}.smp.yaml`, 'text/yaml')}>
              SMP (every run)
            </Button>
            <Button size="small" startIcon={<DownloadIcon />} onClick={save(() => downloadOverheadHtml(data.id), `${fileStem(data)}.html`, 'text/html')}>
              HTML page
            </Button>
          </Stack>
          {error ? <Alert severity="error">{error}</Alert> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
