import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRef, type ChangeEvent } from 'react';
import { useImportPerfRun } from '../../api';

/** Picks an SMP file (YAML or JSON) and imports it; a malformed file's 400 sentence is shown as is. */
export function ImportRunButton({ onImported }: { onImported: (runId: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const importRun = useImportPerfRun();

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    importRun.mutate({ fileName: file.name, text: await file.text() }, { onSuccess: (run) => onImported(run.id) });
  };

  return (
    <Stack spacing={1}>
      <input ref={input} type="file" accept=".yaml,.yml,.json" hidden onChange={pick} aria-label="SMP file" />
      <Button size="small" startIcon={<UploadFileIcon />} disabled={importRun.isPending} onClick={() => input.current?.click()}>
        {importRun.isPending ? 'Importing…' : 'Import SMP'}
      </Button>
      {importRun.error ? (
        <Alert severity="error" onClose={() => importRun.reset()}>
          {importRun.error.message}
        </Alert>
      ) : null}
    </Stack>
  );
}
