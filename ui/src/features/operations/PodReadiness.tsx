import { Fragment } from 'react';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { podLabel, podTone, type PodRow } from './podRows';

/** The pods of an operation, one row each, with their current state as the watcher reported it. */
export function PodReadiness({ rows }: { rows: PodRow[] }) {
  if (rows.length === 0) {
    return (
      <Typography variant="caption" color="text.secondary">
        No pods yet.
      </Typography>
    );
  }
  return (
    // Beside the docked drawer a mesh card is about 330 px wide: two tight columns (restarts under the state, when
    // there are any) fit in it where three did not.
    <Table size="small" aria-label="Pod readiness" sx={{ '& th, & td': { px: 1 } }}>
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>State</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.pod}>
            {/* Pod names break at their dashes (istiod-7f9c…-x2k4q), and only mid-word when a part alone is too wide;
                <wbr> leaves the copied name intact. break-word, not anywhere: "anywhere" lets the table shrink the
                column to one character (it counts every character as a break), so a docked drawer split names every
                few characters. */}
            <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'break-word' }}>{row.pod.split('-').map((part, index) => (
                <Fragment key={index}>
                  {index > 0 ? (
                    <>
                      -<wbr />
                    </>
                  ) : null}
                  {part}
                </Fragment>
              ))}</TableCell>
            <TableCell>
              <Tooltip title={row.message ?? ''} disableHoverListener={!row.message}>
                <Chip size="small" label={podLabel(row)} color={podTone(row)} variant={row.ready ? 'filled' : 'outlined'} />
              </Tooltip>
              {row.restarts > 0 ? (
                <Typography variant="caption" color="warning.main" component="div">
                  {row.restarts === 1 ? '1 restart' : `${row.restarts} restarts`}
                </Typography>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
