import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { OverheadFigure } from '../../../api';
import { formatDelta, formatFigure, formatSpread } from './overheadFormat';

/**
 * Each figure plain and meshed, the mean of the per-round deltas and their spread; with a filter, the filtered
 * namespace's value, delta and spread against the same plain namespace in three more columns.
 */
export function OverheadFigureTable({ figures, filter }: { figures: readonly OverheadFigure[]; filter: string | null }) {
  return (
    <Table size="small" aria-label="What the mesh costs">
      <TableHead>
        <TableRow>
          <TableCell>Figure</TableCell>
          <TableCell align="right">Plain</TableCell>
          <TableCell align="right">Meshed</TableCell>
          <TableCell align="right">Δ (mean of rounds)</TableCell>
          <TableCell align="right">Δ across rounds</TableCell>
          {filter !== null ? (
            <>
              <TableCell align="right">With {filter}</TableCell>
              <TableCell align="right">Δ with {filter}</TableCell>
              <TableCell align="right">Δ with {filter} across rounds</TableCell>
            </>
          ) : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {figures.map((figure) => (
          <TableRow key={figure.key}>
            <TableCell component="th" scope="row">
              {figure.label}
            </TableCell>
            <TableCell align="right">{formatFigure(figure.plain, figure.unit)}</TableCell>
            <TableCell align="right">{formatFigure(figure.meshed, figure.unit)}</TableCell>
            <TableCell align="right">{formatDelta(figure, figure.delta)}</TableCell>
            <TableCell align="right">{formatSpread(figure, figure.deltaMin, figure.deltaMax)}</TableCell>
            {filter !== null ? (
              <>
                <TableCell align="right">{formatFigure(figure.filtered, figure.unit)}</TableCell>
                <TableCell align="right">{formatDelta(figure, figure.filteredDelta)}</TableCell>
                <TableCell align="right">{formatSpread(figure, figure.filteredDeltaMin, figure.filteredDeltaMax)}</TableCell>
              </>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
