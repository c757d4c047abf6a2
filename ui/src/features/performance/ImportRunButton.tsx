import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useRef, useState, type ChangeEvent } from 'react';
import { useImportPerfRun } from '../../api';

/**
 * Picks an SMP file (YAML or JSON) or a Fortio JSON result and imports it; a malformed file's 400 sentence is shown
 * as is. An SMP test configuration without a result is saved as a profile, which is said here.
 */
export function ImportRunButton({ onImported }: { onImported: (runId: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const importRun = useImportPerfRun();
  const [savedProfile, setSavedProfile] = useState<string>();

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setSavedProfile(undefined);
    importRun.mutate(
      { fileName: file.name, text: await file.text() },
      { onSuccess: (made) => (made.kind === 'run' ? onImported(made.run.id) : setSavedProfile(made.profile.name)) },
    );
  };

  return (
    <Stack spacing={1}>
      <input ref={input} type="file" accept=".yaml,.yml,.json" hidden onChange={pick} aria-label="SMP file" />
      <Button size="small" startIcon={<UploadFileIcon />} disabled={importRun.isPending} onClick={() => input.current?.click()}>
        {importRun.isPending ? 'Importing…' : 'Import SMP or Fortio'}
      </Button>
      {savedProfile ? (
        <Alert severity="success" onClose={() => setSavedProfile(undefined)}>
          The file is a test configuration without a result: saved as the profile “{savedProfile}”.
        </Alert>
      ) : null}
      {importRun.error ? (
        <Alert severity="error" onClose={() => importRun.reset()}>
          {importRun.error.message}
        </Alert>
      ) : null}
    </Stack>
  );
}
