import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useOverheadReport, type OverheadReport } from '../../../api';
import { compareReports, type ComparedDelta, type Verdict } from './overheadCompare';
import { formatDelta, formatSpread } from './overheadFormat';

const verdictText: Record<Verdict, string> = { first: 'First', second: 'Second', overlap: 'Within the spread', unknown: '—' };

const describe = (report: OverheadReport) =>
  `${report.meshName} ${report.meshVersion ?? ''} · ${report.workload} · ${report.profile.rps ?? '?'} rps, ${report.rounds} round(s) · ${new Date(report.createdAt).toLocaleString()}`;

function DeltaCells({ compared }: { compared: ComparedDelta | null }) {
  return (
    <>
      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
        {compared ? formatDelta(compared.figure, compared.delta) : '—'}
      </TableCell>
      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
        {compared ? formatSpread(compared.figure, compared.min, compared.max) : '—'}
      </TableCell>
    </>
  );
}

/** Two reports' figures side by side: each one's delta against its own plain namespace and spread, and which costs more. */
export function OverheadCompareView({ reportIds, onClose }: { reportIds: readonly [string, string]; onClose: () => void }) {
  const first = useOverheadReport(reportIds[0]);
  const second = useOverheadReport(reportIds[1]);
  const failed = first.error ?? second.error;
  if (failed) return <Alert severity="error">{failed.message}</Alert>;
  if (!first.data || !second.data) return <Typography variant="body2">Loading the reports…</Typography>;
  const [a, b] = [first.data, second.data];
  const rows = compareReports(a, b);
  return (
    <Card variant="outlined" component="section" aria-label="Overhead reports compared">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="h3" sx={{ flexGrow: 1 }}>
              What each mesh costs, side by side
            </Typography>
            <Button size="small" onClick={onClose}>
              Close
            </Button>
          </Stack>
          <Typography variant="body2" color="text.secondary" component="div">
            <div>First: {a.name} ({describe(a)})</div>
            <div>Second: {b.name} ({describe(b)})</div>
            Each delta is against the report&apos;s own plain namespace, so machines and days compare only as far as their plain runs match. A figure
            costs more in one report only when the spreads across rounds do not overlap.
          </Typography>
          {a.figures === null || b.figures === null ? (
            <Alert severity="info">{(a.figures === null ? a : b).name} has no figures yet: not every namespace was measured.</Alert>
          ) : null}
          <TableContainer>
            <Table size="small" aria-label="Reports compared">
              <TableHead>
                <TableRow>
                  <TableCell rowSpan={2}>Figure</TableCell>
                  <TableCell align="center" colSpan={2}>
                    First
                  </TableCell>
                  <TableCell align="center" colSpan={2}>
                    Second
                  </TableCell>
                  <TableCell rowSpan={2}>Costs more</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell align="right">Δ</TableCell>
                  <TableCell align="right">Δ across rounds</TableCell>
                  <TableCell align="right">Δ</TableCell>
                  <TableCell align="right">Δ across rounds</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={row.key}>
                    <TableCell component="th" scope="row">
                      {row.label}
                    </TableCell>
                    <DeltaCells compared={row.first} />
                    <DeltaCells compared={row.second} />
                    <TableCell sx={{ fontWeight: row.costsMore === 'first' || row.costsMore === 'second' ? 600 : undefined }}>{verdictText[row.costsMore]}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Stack>
      </CardContent>
    </Card>
  );
}
