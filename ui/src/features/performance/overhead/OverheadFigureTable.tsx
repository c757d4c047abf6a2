import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { OverheadFigure } from '../../../api';
import { formatDelta, formatFigure, formatSpread } from './overheadFormat';

// Figures read best on one line each; a narrow window scrolls the table sideways instead of breaking them.
const figureCell = { whiteSpace: 'nowrap' } as const;

/** "+2.50 … +3.00 ms", which may break after the ellipsis and nowhere else. */
function Spread({ text }: { text: string }) {
  const [from, to] = text.split(' … ');
  if (to === undefined) return <>{text}</>;
  return (
    <>
      <span style={figureCell}>{from} …</span> <span style={figureCell}>{to}</span>
    </>
  );
}

function MeasuredCells({ figure, value, delta, min, max }: { figure: OverheadFigure; value?: number | null; delta?: number | null; min?: number | null; max?: number | null }) {
  return (
    <>
      <TableCell align="right" sx={figureCell}>
        {formatFigure(value, '')}
      </TableCell>
      <TableCell align="right" sx={figureCell}>
        {formatDelta(figure, delta, '')}
      </TableCell>
      <TableCell align="right">
        <Spread text={formatSpread(figure, min, max, '')} />
      </TableCell>
    </>
  );
}

/**
 * Each figure (its unit named once, in its row's header) plain, then meshed with the mean of the per-round deltas and their spread; with a filter, the filtered
 * namespace's value, delta and spread against the same plain namespace in a second group of columns.
 */
export function OverheadFigureTable({ figures, filter }: { figures: readonly OverheadFigure[]; filter: string | null }) {
  const groups = filter === null ? ['Meshed'] : ['Meshed', `With ${filter}`];
  return (
    <TableContainer>
      <Table size="small" aria-label="What the mesh costs">
        <TableHead>
          <TableRow>
            <TableCell rowSpan={2} sx={{ minWidth: 140 }}>
              Figure
            </TableCell>
            <TableCell rowSpan={2} align="right">
              Plain
            </TableCell>
            {groups.map((group) => (
              <TableCell key={group} colSpan={3} align="center">
                {group}
              </TableCell>
            ))}
          </TableRow>
          <TableRow>
            {groups.map((group) => (
              <MeasuredHeaders key={group} />
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {figures.map((figure) => (
            <TableRow key={figure.key}>
              <TableCell component="th" scope="row">
                {figure.label}{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  ({figure.unit})
                </Typography>
              </TableCell>
              <TableCell align="right" sx={figureCell}>
                {formatFigure(figure.plain, '')}
              </TableCell>
              <MeasuredCells figure={figure} value={figure.meshed} delta={figure.delta} min={figure.deltaMin} max={figure.deltaMax} />
              {filter !== null ? (
                <MeasuredCells figure={figure} value={figure.filtered} delta={figure.filteredDelta} min={figure.filteredDeltaMin} max={figure.filteredDeltaMax} />
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function MeasuredHeaders() {
  return (
    <>
      <TableCell align="right">Value</TableCell>
      <TableCell align="right">Δ (mean)</TableCell>
      <TableCell align="right">Δ (min … max)</TableCell>
    </>
  );
}
