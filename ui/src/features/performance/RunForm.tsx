import DeleteIcon from '@mui/icons-material/Delete';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import SaveIcon from '@mui/icons-material/Save';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, useDeletePerfProfile, usePerfProfiles, useSavePerfProfile, useStartPerfRun, type PerfTarget } from '../../api';
import { StartErrorAlert } from '../operations/StartErrorAlert';
import { GrpcFields } from './GrpcFields';
import {
  defaultPerfForm,
  formIsGrpc,
  fromPerfSpec,
  serverErrorsToFields,
  toPerfSpec,
  validatePerfForm,
  type PerfField,
  type PerfForm,
} from './perfForm';
import { MetricsServerCard } from './overhead/MetricsServerCard';
import { RunnerFields } from './RunnerFields';
import { TargetPicker, targetKey, targetUrl } from './TargetPicker';

const helpers: Record<PerfField, string> = {
  name: 'Names the run, and the profile when you save it',
  urls: 'One http(s) URL per line; connections are spread over them',
  method: 'GET, POST, PUT…',
  headers: "One 'Name: value' per line",
  cookies: "One 'name=value' per line",
  body: 'Up to 10 MiB',
  contentType: 'e.g. application/json',
  model: '',
  rps: 'Open model: 1 to 1,000,000 requests/s',
  connections: '1 to 10,000 (default 10), at least one per URL',
  durationSeconds: '1 to 3,600 s',
  requests: 'Stop after this many (optional with a duration)',
  warmupSeconds: '0 to 600 s, not counted',
  timeoutSeconds: 'Per request, default 10 s',
  http2: '',
  insecureSkipVerify: '',
  caCertificatePem: 'PEM text, to trust a private CA',
  streams: 'Requests in flight per connection, 1 to 256 (h2load -m)',
  grpcJson: 'The request message in proto3 JSON; empty sends the empty message',
  grpcProto: "The proto3 file that defines the method; it may import Google's well-known types",
  grpcProtoName: '',
  grpcImports: 'The files it imports, each under the path its import statement gives',
  grpcReflection: '',
  runner: '',
  runnerNamespace: '',
  runnerPods: '',
  meshed: '',
};

/** Fields most runs leave alone: folded away until opened, set (a loaded profile) or in error. */
const advancedFields: PerfField[] = [
  'headers',
  'cookies',
  'body',
  'contentType',
  'http2',
  'insecureSkipVerify',
  'caCertificatePem',
  'streams',
  'grpcJson',
  'grpcProto',
  'grpcImports',
  'grpcReflection',
];

/**
 * The run form: validates as typed, maps the backend's field errors back onto the fields, saves profiles. The rate is
 * shown only for the open model, streams only for HTTP/2 and gRPC, and gRPC targets trade the method and body for a
 * request message; headers, cookies, body, gRPC's request and TLS fold away.
 */
export function RunForm({ onStarted }: { onStarted: (runId: string) => void }) {
  const [form, setForm] = useState<PerfForm>(defaultPerfForm);
  const [profileId, setProfileId] = useState('');
  const [target, setTarget] = useState<PerfTarget | null>(null);
  const profiles = usePerfProfiles();
  const start = useStartPerfRun();
  const saveProfile = useSavePerfProfile();
  const deleteProfile = useDeletePerfProfile();

  const errors = validatePerfForm(form);
  const valid = Object.keys(errors).length === 0;
  const failure = start.error ?? saveProfile.error;
  const server = serverErrorsToFields(failure instanceof ApiError ? failure.fieldErrors : {});
  // A taken profile name (409) belongs on the name field.
  if (saveProfile.error instanceof ApiError && saveProfile.error.status === 409) server.fields.name ??= saveProfile.error.message;
  const fieldError = (field: PerfField) => errors[field] ?? server.fields[field];
  const [advancedToggled, setAdvancedOpen] = useState(false);
  const advancedSet = advancedFields.some((name) => {
    const value = form[name];
    if (Array.isArray(value)) return value.length > 0;
    return typeof value === 'boolean' ? value : value.trim() !== '';
  });
  const advancedError = advancedFields.some((name) => Boolean(fieldError(name)));
  // An error opens the folded fields, and they stay open once it is fixed rather than closing under the user's hand.
  useEffect(() => {
    if (advancedError) setAdvancedOpen(true);
  }, [advancedError]);
  const advancedOpen = advancedToggled || advancedError;
  // gRPC targets take a request message, not an HTTP method, body or content type; HTTP/2 is implied.
  const grpc = formIsGrpc(form);

  const resetServerErrors = () => {
    start.reset();
    saveProfile.reset();
    deleteProfile.reset();
  };

  const update = (field: PerfField) => (event: { target: { value: string } }) => {
    resetServerErrors();
    setForm((current) => ({ ...current, [field]: event.target.value }));
  };

  const field = (name: PerfField, label: string, extra: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField
      label={label}
      size="small"
      value={form[name] as string}
      onChange={update(name)}
      error={Boolean(fieldError(name))}
      helperText={fieldError(name) ?? helpers[name]}
      sx={{ flex: 1, minWidth: 160 }}
      {...extra}
    />
  );

  // A picked Service fills the URL the chosen runner reaches it by (a ClusterIP one keeps its cluster URL, flagged).
  const pick = (picked: PerfTarget | null, runner = form.runner) => {
    resetServerErrors();
    setTarget(picked);
    if (picked) setForm((current) => ({ ...current, runner, urls: targetUrl(picked, runner) ?? picked.clusterUrl }));
    else setForm((current) => ({ ...current, runner }));
  };

  const loadProfile = (id: string) => {
    resetServerErrors();
    setProfileId(id);
    const profile = profiles.data?.find((item) => item.id === id);
    setTarget(null);
    setForm(profile ? fromPerfSpec(profile.spec, profile.name) : defaultPerfForm);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const name = form.name.trim();
    start.mutate(
      { ...(profileId ? { profileId } : {}), ...(name ? { name } : {}), spec: toPerfSpec(form) },
      { onSuccess: ({ id }) => onStarted(id) },
    );
  };

  const selected = profiles.data?.find((item) => item.id === profileId);
  // Saving over the loaded profile keeps its id; a new name makes a new profile.
  const save = () => {
    resetServerErrors();
    const name = form.name.trim();
    const id = selected && selected.name === name ? selected.id : undefined;
    saveProfile.mutate({ id, request: { name, spec: toPerfSpec(form) } }, { onSuccess: (profile) => setProfileId(profile.id) });
  };

  return (
    <Card variant="outlined" component="form" onSubmit={submit} noValidate aria-label="Load test">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
            <TextField
              select
              label="Profile"
              size="small"
              value={profileId}
              onChange={(event) => loadProfile(event.target.value)}
              sx={{ minWidth: 220 }}
              helperText={profiles.error ? profiles.error.message : 'Saved test configurations'}
              error={Boolean(profiles.error)}
            >
              <MenuItem value="">
                <em>None (ad hoc)</em>
              </MenuItem>
              {profiles.data?.map((profile) => (
                <MenuItem key={profile.id} value={profile.id}>
                  {profile.name}
                </MenuItem>
              ))}
            </TextField>
            {field('name', 'Name')}
            <Button
              size="small"
              startIcon={<SaveIcon />}
              disabled={!valid || form.name.trim() === '' || saveProfile.isPending}
              onClick={save}
              title={form.name.trim() === '' ? 'Enter a name to save a profile' : undefined}
            >
              {selected && selected.name === form.name.trim() ? 'Update profile' : 'Save as profile'}
            </Button>
            {selected ? (
              <Button
                size="small"
                color="error"
                startIcon={<DeleteIcon />}
                disabled={deleteProfile.isPending}
                onClick={() => deleteProfile.mutate(selected.id, { onSuccess: () => loadProfile('') })}
              >
                Delete profile
              </Button>
            ) : null}
          </Stack>
          <RunnerFields
            form={form}
            error={fieldError}
            onRunner={(runner) => pick(target, runner)}
            onChange={(change) => {
              resetServerErrors();
              setForm((current) => ({ ...current, ...change }));
            }}
          />
          {/* Pre-flight: a cluster run measures CPU and memory only where metrics-server serves the metrics API. */}
          {form.runner === 'cluster' ? <MetricsServerCard /> : null}
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
            <TargetPicker
              selected={target ? targetKey(target) : ''}
              runner={form.runner}
              onPick={(picked) => pick(picked)}
              onUseCluster={() => pick(target, 'cluster')}
            />
            {field('urls', 'Target URLs', {
              multiline: true,
              minRows: 1,
              sx: { flex: 3, minWidth: 260 },
              onChange: (event) => {
                setTarget(null);
                update('urls')(event);
              },
            })}
            {grpc ? null : field('method', 'Method', { sx: { width: 110 } })}
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
            <Stack spacing={0.5}>
              <Typography variant="caption" color="text.secondary">
                Load model
              </Typography>
              <ToggleButtonGroup
                exclusive
                size="small"
                value={form.model}
                onChange={(_, model: PerfForm['model'] | null) => {
                  if (!model) return;
                  resetServerErrors();
                  setForm((current) => ({ ...current, model, rps: model === 'closed' ? '' : current.rps || defaultPerfForm.rps }));
                }}
                aria-label="Load model"
              >
                <ToggleButton value="open">Open (fixed rate)</ToggleButton>
                <ToggleButton value="closed">Closed (max throughput)</ToggleButton>
              </ToggleButtonGroup>
            </Stack>
            {/* The closed model has no rate: it sends as fast as responses come back. */}
            {form.model === 'open' ? field('rps', 'Requests per second', { inputProps: { inputMode: 'numeric' } }) : null}
            {field('connections', 'Connections', { inputProps: { inputMode: 'numeric' } })}
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
            {field('durationSeconds', 'Duration (s)', { inputProps: { inputMode: 'decimal' } })}
            {field('requests', 'Requests', { inputProps: { inputMode: 'numeric' } })}
            {field('warmupSeconds', 'Warm-up (s)', { inputProps: { inputMode: 'decimal' } })}
            {field('timeoutSeconds', 'Timeout (s)', { inputProps: { inputMode: 'decimal' } })}
          </Stack>
          <Accordion
            disableGutters
            variant="outlined"
            expanded={advancedOpen}
            onChange={(_, expanded) => setAdvancedOpen(expanded)}
            sx={{ '&::before': { display: 'none' } }}
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="perf-advanced" id="perf-advanced-header">
              <Typography variant="body2">
                {grpc ? 'gRPC request, metadata, streams and TLS' : 'Headers, cookies, body and TLS'}
                {advancedSet ? ' (set)' : ''}
              </Typography>
            </AccordionSummary>
            <AccordionDetails id="perf-advanced">
              <Stack spacing={2}>
                {grpc ? (
                  <GrpcFields
                    form={form}
                    errors={{ grpcJson: fieldError('grpcJson'), grpcProto: fieldError('grpcProto'), grpcImports: fieldError('grpcImports') }}
                    helpers={{ grpcJson: helpers.grpcJson, grpcProto: helpers.grpcProto, grpcImports: helpers.grpcImports }}
                    onChange={(change) => {
                      resetServerErrors();
                      setForm((current) => ({ ...current, ...change }));
                    }}
                  />
                ) : null}
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
                  {field('headers', grpc ? 'Metadata (headers)' : 'Headers', { multiline: true, minRows: 1 })}
                  {grpc ? null : field('cookies', 'Cookies', { multiline: true, minRows: 1 })}
                </Stack>
                {grpc ? null : (
                  <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
                    {field('body', 'Body', { multiline: true, minRows: 1, sx: { flex: 3, minWidth: 260 } })}
                    {field('contentType', 'Content type')}
                  </Stack>
                )}
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
                  {grpc ? null : (
                    <FormControlLabel
                      control={<Switch checked={form.http2} onChange={(event) => setForm((current) => ({ ...current, http2: event.target.checked }))} />}
                      label="HTTP/2"
                    />
                  )}
                  {/* Streams multiplex requests on one connection, which only HTTP/2 (and so gRPC) can do. */}
                  {form.http2 || grpc ? field('streams', 'Streams per connection', { inputProps: { inputMode: 'numeric' }, sx: { maxWidth: 240 } }) : null}
                  <FormControlLabel
                    control={
                      <Switch
                        checked={form.insecureSkipVerify}
                        onChange={(event) => setForm((current) => ({ ...current, insecureSkipVerify: event.target.checked }))}
                      />
                    }
                    label="Skip TLS verification"
                  />
                  {field('caCertificatePem', 'CA certificate', { multiline: true, minRows: 1, sx: { flex: 2, minWidth: 260 } })}
                </Stack>
              </Stack>
            </AccordionDetails>
          </Accordion>
          {failure ? (
            <StartErrorAlert error={failure}>
              {server.other.map((sentence) => (
                <div key={sentence}>{sentence}</div>
              ))}
            </StartErrorAlert>
          ) : null}
          {deleteProfile.error ? <Alert severity="error">{deleteProfile.error.message}</Alert> : null}
          <Stack direction="row">
            <Button type="submit" variant="contained" startIcon={<PlayArrowIcon />} disabled={!valid || start.isPending}>
              {start.isPending ? 'Starting…' : 'Start run'}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
