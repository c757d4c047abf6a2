import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Mesh, MeshRelease } from '../../api';
import { InstallDialog } from './InstallDialog';
import {
  dataPlaneLabel,
  formatNeeds,
  meshStatusLabel,
  meshStatusTone,
  projectStatusLabel,
  projectStatusTone,
  wasmLabel,
} from './meshLabels';
import { OperationLivePanel } from '../operations/OperationLivePanel';
import { StartErrorAlert } from '../operations/StartErrorAlert';
import { UninstallDialog } from './UninstallDialog';

interface Props {
  mesh: Mesh;
  helmAvailable: boolean;
  /** The page's sentence when there is no cluster: said once by the page, and the reason the buttons are disabled. */
  clusterProblem?: string | null | undefined;
}

/**
 * One catalog entry: what it is, its state on the cluster, and install / upgrade / uninstall with live progress. A
 * failed install (degraded) keeps its cause on the card and offers Retry and Uninstall.
 */
export function MeshCard({ mesh, helmAvailable, clusterProblem }: Props) {
  const { state } = mesh;
  const installed = state.status === 'installed' || state.status === 'degraded';
  const busy = state.status === 'installing' || state.status === 'uninstalling';
  const [version, setVersion] = useState<string>(mesh.defaultVersion ?? '');
  const [dialog, setDialog] = useState<'install' | 'uninstall' | null>(null);
  // The dialogs start the operations; the card follows the one started and says why a start was refused.
  const [startedId, setStartedId] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const operationId = state.operationId ?? startedId;
  const isUpgrade = installed && version !== '' && version !== state.version;
  const degraded = state.status === 'degraded';
  const lastFailure = state.lastFailure ?? null;
  // A failed install that left nothing behind is retried like a degraded one.
  const retry = degraded || (state.status === 'notInstalled' && lastFailure !== null);
  // Why the buttons cannot act, said on hover (the page says it once in full).
  const blocked = clusterProblem ? 'There is no cluster to act on.' : !helmAvailable ? 'helm is not available.' : undefined;

  const closeDialog = () => setDialog(null);
  const onStarted = (id: string) => {
    setStartedId(id);
    setError(null);
  };

  return (
    <Card variant="outlined" aria-label={mesh.displayName} component="section">
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
            <Typography variant="h4" sx={{ flex: 1 }}>
              {mesh.displayName}
            </Typography>
            <Chip
              size="small"
              role="status"
              aria-label={`State: ${meshStatusLabel[state.status]}`}
              label={state.version && installed ? `${meshStatusLabel[state.status]} ${state.version}` : meshStatusLabel[state.status]}
              color={meshStatusTone[state.status]}
            />
          </Stack>
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
            <Tooltip title={mesh.project.note}>
              <Chip size="small" variant="outlined" label={projectStatusLabel[mesh.project.status]} color={projectStatusTone[mesh.project.status]} />
            </Tooltip>
            <Chip size="small" variant="outlined" label={dataPlaneLabel[mesh.dataPlane]} />
            <Tooltip title={mesh.wasm.reason ?? ''} disableHoverListener={!mesh.wasm.reason}>
              <Chip size="small" variant="outlined" label={wasmLabel[mesh.wasm.attach]} />
            </Tooltip>
            <Chip size="small" variant="outlined" label={formatNeeds(mesh.resources.cpuMillicores, mesh.resources.memoryMiB)} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {mesh.description}
          </Typography>
          {state.releases.length > 0 ? (
            <Typography variant="caption" color="text.secondary" aria-label="Helm releases">
              Helm: {state.releases.map(formatRelease).join(' · ')}
            </Typography>
          ) : null}
          {lastFailure && !busy ? (
            <Alert severity="error" aria-label="Last failure">
              <strong>{lastFailure.title} failed:</strong> {lastFailure.error}
            </Alert>
          ) : null}
          {state.reason && (degraded || (state.status === 'unknown' && !clusterProblem)) ? (
            <Alert severity="warning" aria-label="Cause">
              {state.reason}
            </Alert>
          ) : null}
          {mesh.warnings.map((warning) => (
            <Alert key={warning} severity="info" variant="outlined">
              {warning}
            </Alert>
          ))}
          {error ? <StartErrorAlert error={error} /> : null}
          {operationId ? <OperationLivePanel operationId={operationId} /> : null}
        </Stack>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2, gap: 1, flexWrap: 'wrap' }}>
        {mesh.versions.length > 0 ? (
          <TextField
            select
            size="small"
            label="Version"
            value={version}
            onChange={(event) => setVersion(event.target.value)}
            sx={{ minWidth: 140 }}
          >
            {mesh.versions.map((v) => (
              <MenuItem key={v} value={v}>
                {v}
                {v === mesh.defaultVersion ? ' (default)' : ''}
              </MenuItem>
            ))}
            {(mesh.untestedVersions ?? []).map((v) => (
              <MenuItem key={v} value={v}>
                {v} (untested)
              </MenuItem>
            ))}
          </TextField>
        ) : null}
        <Tooltip title={blocked ?? ''} disableHoverListener={!blocked}>
          <span>
            <Button
              variant="contained"
              size="small"
              disabled={busy || Boolean(blocked) || (installed && !isUpgrade && !degraded)}
              onClick={() => setDialog('install')}
            >
              {isUpgrade ? 'Upgrade' : retry ? 'Retry' : installed ? 'Installed' : 'Install'}
            </Button>
          </span>
        </Tooltip>
        {installed ? (
          <Button size="small" color="error" disabled={busy || Boolean(blocked)} onClick={() => setDialog('uninstall')}>
            Uninstall
          </Button>
        ) : null}
      </CardActions>
      <InstallDialog
        mesh={mesh}
        version={version || null}
        upgrade={isUpgrade}
        open={dialog === 'install'}
        onClose={closeDialog}
        onStarted={onStarted}
        onStartFailed={setError}
      />
      <UninstallDialog
        mesh={mesh}
        open={dialog === 'uninstall'}
        onClose={closeDialog}
        onStarted={onStarted}
        onStartFailed={setError}
      />
    </Card>
  );
}

function formatRelease(release: MeshRelease): string {
  const details = [release.revision === null ? null : `revision ${release.revision}`, release.status].filter(Boolean).join(', ');
  return `${release.name} ${release.chartVersion ?? ''} (${details})`.replace(/\s+\(/, ' (');
}
