import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useDeleteOverheadReport, type OverheadReport } from '../../../api';
import { formatRelative } from '../../../lib/format';
import { formatDelta } from './overheadFormat';

export interface OverheadReportActions {
  onOpen: (reportId: string) => void;
  onCompare: (reportIds: [string, string]) => void;
  /** Called once a report is gone, so a view showing it can close. */
  onRemoved: (reportId: string) => void;
}

interface Props extends OverheadReportActions {
  reports: readonly OverheadReport[];
}

const p99Delta = (report: OverheadReport) => {
  const figure = report.figures?.find((f) => f.key === 'p99');
  return figure ? formatDelta(figure, figure.delta) : '—';
};

/** The overhead reports in the history: open one, tick two to compare them, remove one with what it deployed. */
export function OverheadReportList({ reports, onOpen, onCompare, onRemoved }: Props) {
  const [selected, setSelected] = useState<string[]>([]);
  const remove = useDeleteOverheadReport();
  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id]));
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="h4" sx={{ flex: 1 }}>
          Overhead reports
        </Typography>
        <Button
          variant="outlined"
          size="small"
          startIcon={<CompareArrowsIcon />}
          disabled={selected.length !== 2}
          onClick={() => onCompare([selected[0]!, selected[1]!])}
        >
          Compare reports
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        Tick two reports (two meshes, or one mesh before and after a change) to see their figures side by side. Removing a report removes its runs
        and the namespaces it deployed.
      </Typography>
      {remove.error ? <Alert severity="error">{remove.error.message}</Alert> : null}
      <Table size="small" aria-label="Overhead reports">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Name</TableCell>
            <TableCell>Mesh</TableCell>
            <TableCell>Workload</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Δ p99</TableCell>
            <TableCell>When</TableCell>
            <TableCell padding="checkbox" />
          </TableRow>
        </TableHead>
        <TableBody>
          {reports.map((report) => (
            <TableRow key={report.id} hover selected={selected.includes(report.id)}>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={selected.includes(report.id)}
                  onChange={() => toggle(report.id)}
                  disabled={!selected.includes(report.id) && (selected.length >= 2 || report.figures === null)}
                  inputProps={{ 'aria-label': `Select report ${report.name}` }}
                />
              </TableCell>
              <TableCell>
                <Link component="button" type="button" onClick={() => onOpen(report.id)}>
                  {report.name}
                </Link>
              </TableCell>
              <TableCell>
                {report.meshName} {report.meshVersion ?? ''}
              </TableCell>
              <TableCell>{report.workload}</TableCell>
              <TableCell>{report.status}</TableCell>
              <TableCell align="right">{p99Delta(report)}</TableCell>
              <TableCell>{formatRelative(report.createdAt)}</TableCell>
              <TableCell padding="checkbox">
                <IconButton
                  size="small"
                  aria-label={`Remove report ${report.name}`}
                  disabled={report.status === 'running' || remove.isPending}
                  onClick={() => {
                    setSelected((current) => current.filter((item) => item !== report.id));
                    remove.mutate(report.id, { onSuccess: () => onRemoved(report.id) });
                  }}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
