import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { downloadPerfRunFortio, downloadPerfRunSmp, type PerfRun } from '../../api';
import { saveTextFile } from '../../lib/saveFile';

const fileStem = (run: PerfRun) => (run.name.trim() || `run-${run.id}`).replace(/[^\w.-]+/g, '-');

/**
 * SMP (YAML, JSON) and Fortio exports; the text comes through the api module so it works inside Docker Desktop.
 * Fortio's format counts gRPC calls as SERVING or ERROR, not by gRPC code, so gRPC runs are offered as SMP only.
 */
export function RunDownloads({ run }: { run: PerfRun }) {
  const grpc = run.spec.urls.some((url) => /^grpcs?:\/\//i.test(url));
  const [error, setError] = useState<string | null>(null);
  const save = (fetchText: () => Promise<string>, fileName: string, mediaType: string) => () => {
    setError(null);
    fetchText().then(
      (text) => saveTextFile(fileName, text, mediaType),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
        <Button size="small" startIcon={<DownloadIcon />} onClick={save(() => downloadPerfRunSmp(run.id, 'yaml'), `${fileStem(run)}.smp.yaml`, 'text/yaml')}>
          SMP YAML
        </Button>
        <Button size="small" startIcon={<DownloadIcon />} onClick={save(() => downloadPerfRunSmp(run.id, 'json'), `${fileStem(run)}.smp.json`, 'application/json')}>
          SMP JSON
        </Button>
        {run.source === 'measured' && !grpc ? (
          <Button size="small" startIcon={<DownloadIcon />} onClick={save(() => downloadPerfRunFortio(run.id), `${fileStem(run)}.fortio.json`, 'application/json')}>
            Fortio JSON
          </Button>
        ) : null}
      </Stack>
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Stack>
  );
}
