import DeleteIcon from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { filterModuleUrl, useDeleteFilter, type FilterModule } from '../../api';
import { AttachDialog } from './AttachDialog';
import { formatBytes } from './filterName';

interface Props {
  filters: FilterModule[];
}

/** The registry: what each module is (ABI, size, what it exports and imports) and its pinned sha256. */
export function FilterTable({ filters }: Props) {
  const remove = useDeleteFilter();
  const [attaching, setAttaching] = useState<FilterModule>();
  if (filters.length === 0) {
    return <Typography color="text.secondary">No filters yet: upload a .wasm above.</Typography>;
  }

  return (
    <>
      {remove.error ? <Alert severity="error">{remove.error.message}</Alert> : null}
      {attaching ? <AttachDialog filter={attaching} onClose={() => setAttaching(undefined)} /> : null}
      <Table size="small" aria-label="Filters">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>ABI</TableCell>
            <TableCell align="right">Size</TableCell>
            <TableCell>Exports / imports</TableCell>
            <TableCell>sha256</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {filters.map((filter) => (
            <TableRow key={filter.id}>
              <TableCell>
                {filter.name} {filter.builtIn ? <Chip label="built-in" size="small" variant="outlined" /> : null}
              </TableCell>
              <TableCell>{filter.abiVersion}</TableCell>
              <TableCell align="right">{formatBytes(filter.size)}</TableCell>
              <TableCell>
                <Tooltip title={filter.exports.join(', ')}>
                  <span>{`${filter.exports.length} exports`}</span>
                </Tooltip>
                {' / '}
                <Tooltip title={filter.imports.join(', ') || 'none'}>
                  <span>{`${filter.imports.length} imports`}</span>
                </Tooltip>
              </TableCell>
              <TableCell>
                <Tooltip title={filter.sha256}>
                  <code>{filter.sha256.slice(0, 12)}…</code>
                </Tooltip>
              </TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setAttaching(filter)}>
                  Attach
                </Button>
                <Tooltip title="Download the module">
                  <IconButton size="small" component="a" href={filterModuleUrl(filter.id)} download={`${filter.name}.wasm`} aria-label={`Download ${filter.name}`}>
                    <DownloadIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title={filter.builtIn ? 'Built-in filters ship with Meshdock and cannot be deleted' : 'Delete'}>
                  <span>
                    <IconButton
                      size="small"
                      aria-label={`Delete ${filter.name}`}
                      disabled={filter.builtIn || remove.isPending}
                      onClick={() => remove.mutate(filter.id)}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
