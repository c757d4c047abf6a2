import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { perfRunStatuses, useDeletePerfRun, useOverheadReports, usePerfProfiles, usePerfRuns, type PerfRunFilters, type PerfRunStatus } from '../../api';
import { formatRelative } from '../../lib/format';
import { ImportRunButton } from './ImportRunButton';
import { OverheadReportList, type OverheadReportActions } from './overhead/OverheadReportList';
import { formatCount, formatMs, formatRps } from './perfFormat';
import { runOutcome } from './runOutcome';

export const maxCompared = 10;

interface Props {
  onOpen: (runId: string) => void;
  onCompare: (runIds: string[]) => void;
  reportActions: OverheadReportActions;
}

/**
 * Past runs with filters; ticking runs (the first ticked is the baseline) leads to the compare view. Overhead reports
 * are listed here too, and each of their runs names the report it belongs to.
 */
export function RunHistory({ onOpen, onCompare, reportActions }: Props) {
  const [filters, setFilters] = useState<PerfRunFilters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const runs = usePerfRuns(filters);
  const profiles = usePerfProfiles();
  const deleteRun = useDeletePerfRun();
  const reports = useOverheadReports();
  const reportOfRun = new Map(
    (reports.data ?? []).flatMap((report) => report.variants.flatMap((variant) => variant.rounds.map((round) => [round.runId, report] as const))),
  );

  const setFilter = (name: keyof PerfRunFilters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [name]: event.target.value === '' ? undefined : event.target.value }));
  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id]));

  return (
    <Card variant="outlined" aria-label="Run history">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start">
            <Typography variant="h3" sx={{ flex: 1 }}>
              History
            </Typography>
            <TextField select size="small" label="Profile" value={filters.profileId ?? ''} onChange={setFilter('profileId')} sx={{ minWidth: 160 }}>
              <MenuItem value="">Any</MenuItem>
              {profiles.data?.map((profile) => (
                <MenuItem key={profile.id} value={profile.id}>
                  {profile.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField size="small" label="Host" placeholder="127.0.0.1:8080" value={filters.host ?? ''} onChange={setFilter('host')} />
            <TextField select size="small" label="Status" value={filters.status ?? ''} onChange={setFilter('status')} sx={{ minWidth: 140 }}>
              <MenuItem value="">Any</MenuItem>
              {perfRunStatuses.map((status: PerfRunStatus) => (
                <MenuItem key={status} value={status}>
                  {status}
                </MenuItem>
              ))}
            </TextField>
            <ImportRunButton onImported={onOpen} />
            <Button
              variant="contained"
              size="small"
              startIcon={<CompareArrowsIcon />}
              disabled={selected.length < 2 || selected.length > maxCompared}
              onClick={() => onCompare(selected)}
            >
              Compare {selected.length > 0 ? `(${selected.length})` : ''}
            </Button>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Tick 2 to {maxCompared} runs to compare them; the first one you tick is the baseline.
          </Typography>
          {reports.data && reports.data.length > 0 ? <OverheadReportList reports={reports.data} {...reportActions} /> : null}
          {reports.error ? <Alert severity="error">{reports.error.message}</Alert> : null}
          {runs.error ? <Alert severity="error">{runs.error.message}</Alert> : null}
          {deleteRun.error ? <Alert severity="error">{deleteRun.error.message}</Alert> : null}
          <Table size="small" aria-label="Runs">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" />
                <TableCell>Name</TableCell>
                <TableCell>Target</TableCell>
                <TableCell>Model</TableCell>
                <TableCell>Status</TableCell>
                <TableCell align="right">Requests</TableCell>
                <TableCell align="right">Requests/s</TableCell>
                <TableCell align="right">p50</TableCell>
                <TableCell align="right">p99</TableCell>
                <TableCell align="right">Errors</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>When</TableCell>
                <TableCell padding="checkbox" />
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.data?.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={13}>No runs match. Start one above, or import an SMP file.</TableCell>
                </TableRow>
              ) : null}
              {runs.data?.map((run) => {
                const order = selected.indexOf(run.id);
                const report = reportOfRun.get(run.id);
                return (
                  <TableRow key={run.id} hover selected={order >= 0}>
                    <TableCell padding="checkbox">
                      <Checkbox
                        checked={order >= 0}
                        onChange={() => toggle(run.id)}
                        disabled={run.status === 'running' || run.summary === null}
                        inputProps={{ 'aria-label': `Select ${run.name}` }}
                      />
                    </TableCell>
                    <TableCell>
                      <Link component="button" type="button" onClick={() => onOpen(run.id)}>
                        {run.name}
                      </Link>
                      {order === 0 ? ' (baseline)' : ''}
                      {run.source === 'imported' ? ' · imported' : ''}
                      {report ? (
                        <>
                          {' · in '}
                          <Link component="button" type="button" onClick={() => reportActions.onOpen(report.id)}>
                            {report.name}
                          </Link>
                        </>
                      ) : null}
                    </TableCell>
                    <TableCell>{run.targetHost}</TableCell>
                    <TableCell>{run.spec.model === 'open' ? `open ${run.spec.rps ?? ''}/s` : 'closed'}</TableCell>
                    <TableCell>{run.status}</TableCell>
                    <TableCell align="right">{run.summary ? formatCount(run.summary.requests) : '—'}</TableCell>
                    <TableCell align="right">{formatRps(run.summary?.actualRps)}</TableCell>
                    <TableCell align="right">{formatMs(run.summary?.latency?.p50Ms)}</TableCell>
                    <TableCell align="right">{formatMs(run.summary?.latency?.p99Ms)}</TableCell>
                    <TableCell align="right">{run.summary ? formatCount(run.summary.errors) : '—'}</TableCell>
                    <TableCell>{runOutcome(run.summary)}</TableCell>
                    <TableCell>{formatRelative(run.createdAt)}</TableCell>
                    <TableCell padding="checkbox">
                      <IconButton
                        size="small"
                        aria-label={`Delete ${run.name}`}
                        disabled={run.status === 'running' || deleteRun.isPending}
                        onClick={() => {
                          setSelected((current) => current.filter((item) => item !== run.id));
                          deleteRun.mutate(run.id);
                        }}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Stack>
      </CardContent>
    </Card>
  );
}
