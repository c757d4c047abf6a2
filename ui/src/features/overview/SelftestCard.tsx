import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { ApiError, useStartSelftest } from '../../api';
import { useOperationsDrawer } from '../operations/OperationsDrawerContext';
import { StartErrorAlert } from '../operations/StartErrorAlert';
import {
  defaultSelftestForm,
  stepMillisRange,
  stepsRange,
  toSelftestRequest,
  validateSelftestForm,
  type SelftestForm,
} from './selftestForm';

/** Starts the harmless self-test operation, so a user can see live progress reach the panel without a cluster. */
export function SelftestCard() {
  const [form, setForm] = useState<SelftestForm>(defaultSelftestForm);
  const start = useStartSelftest();
  const drawer = useOperationsDrawer();
  const errors = validateSelftestForm(form);
  const valid = Object.keys(errors).length === 0;

  const serverErrors = start.error instanceof ApiError ? start.error.fieldErrors : {};
  const fieldError = (field: keyof SelftestForm) => errors[field] ?? serverErrors[field]?.[0];

  const update = (field: keyof SelftestForm) => (event: { target: { value: string } }) => {
    start.reset();
    setForm((current) => ({ ...current, [field]: event.target.value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    start.mutate(toSelftestRequest(form), { onSuccess: ({ id }) => drawer.show(id) });
  };

  return (
    <Card variant="outlined" component="form" onSubmit={submit} noValidate aria-label="Self-test">
      <CardContent>
        <Stack spacing={2}>
          <div>
            <Typography variant="h4" gutterBottom>
              Self-test
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Runs a harmless operation that reports one progress event per step. Use it to check that live progress
              reaches this panel — no cluster needed.
            </Typography>
          </div>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start">
            <TextField
              label="Steps"
              size="small"
              value={form.steps}
              onChange={update('steps')}
              error={Boolean(fieldError('steps'))}
              helperText={fieldError('steps') ?? `${stepsRange.min}–${stepsRange.max}`}
              inputProps={{ inputMode: 'numeric' }}
              sx={{ flex: 1 }}
            />
            <TextField
              label="Step delay (ms)"
              size="small"
              value={form.stepMillis}
              onChange={update('stepMillis')}
              error={Boolean(fieldError('stepMillis'))}
              helperText={fieldError('stepMillis') ?? `${stepMillisRange.min}–${stepMillisRange.max}`}
              inputProps={{ inputMode: 'numeric' }}
              sx={{ flex: 1 }}
            />
            <TextField
              label="Target (optional)"
              size="small"
              value={form.target}
              onChange={update('target')}
              error={Boolean(fieldError('target'))}
              helperText={fieldError('target') ?? 'Same target: one at a time'}
              sx={{ flex: 1.3 }}
            />
          </Stack>
          {start.error ? <StartErrorAlert error={start.error} /> : null}
          <Stack direction="row">
            <Button
              type="submit"
              size="small"
              variant="contained"
              startIcon={<PlayArrowIcon />}
              disabled={!valid || start.isPending}
            >
              {start.isPending ? 'Starting…' : 'Run self-test'}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
