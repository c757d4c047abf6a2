import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { NodeSummary } from '../../api';
import { formatBytes, formatCores } from './clusterFormat';

/** The cluster's nodes: capacity, and what is left for pods (allocatable), which the mesh pre-flight compares. */
export function NodeTable({ nodes }: { nodes: NodeSummary[] }) {
  return (
    <Table size="small" aria-label="Nodes">
      <TableHead>
        <TableRow>
          <TableCell>Node</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">Cores (allocatable)</TableCell>
          <TableCell align="right">Memory (allocatable)</TableCell>
          <TableCell>Kubelet</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {nodes.map((node) => (
          <TableRow key={node.name}>
            <TableCell>{node.name}</TableCell>
            <TableCell>
              <Chip size="small" color={node.ready ? 'success' : 'warning'} variant="outlined" label={node.ready ? 'Ready' : 'Not ready'} />
            </TableCell>
            <TableCell align="right">
              {formatCores(node.cores)} ({formatCores(node.allocatableCores)})
            </TableCell>
            <TableCell align="right">
              {formatBytes(node.memoryBytes)} ({formatBytes(node.allocatableMemoryBytes)})
            </TableCell>
            <TableCell>{node.kubeletVersion ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
