import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { PerfComparedRun } from '../../api';
import { formatCount, formatRps } from './perfFormat';

const formatRate = (percent: number | null | undefined) =>
  percent === null || percent === undefined ? '—' : `${percent.toFixed(percent === 100 || percent === 0 ? 0 : 1)} %`;

/**
 * What each gRPC run's calls got back, by gRPC code: OK against the rest, since a call answered with HTTP 200 can
 * still have failed. HTTP errors are answers that carried no gRPC status (a proxy's 503).
 */
export function GrpcOutcomes({ runs, baseline }: { runs: PerfComparedRun[]; baseline: string | undefined }) {
  return (
    <Table size="small" aria-label="gRPC codes side by side">
      <TableHead>
        <TableRow>
          <TableCell>gRPC run</TableCell>
          <TableCell align="right">Success rate</TableCell>
          <TableCell align="right">Good throughput</TableCell>
          <TableCell align="right">OK</TableCell>
          <TableCell align="right">Other codes</TableCell>
          <TableCell align="right">HTTP errors</TableCell>
          <TableCell align="right">Socket errors</TableCell>
          <TableCell>Top codes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(({ run, grpcOutcome: outcome }) => (
          <TableRow key={run.id}>
            <TableCell>
              {run.name}
              {run.id === baseline ? ' (baseline)' : ''}
            </TableCell>
            <TableCell align="right">{formatRate(outcome?.successRatePercent)}</TableCell>
            <TableCell align="right">{outcome?.goodRps == null ? '—' : `${formatRps(outcome.goodRps)} OK/s`}</TableCell>
            <TableCell align="right">{formatCount(outcome?.ok)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.notOk)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.httpErrors)}</TableCell>
            <TableCell align="right">{formatCount(outcome?.socketErrors)}</TableCell>
            <TableCell>{outcome ? outcome.topCodes.map((code) => `${code.name} × ${formatCount(code.count)}`).join(', ') || '—' : '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
