import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMeshes } from '../../api';
import { CleanupButton } from './CleanupButton';
import { MeshCard } from './MeshCard';

export default function MeshesPage() {
  const meshes = useMeshes();
  return (
    <Stack spacing={2}>
      <Stack direction="row" alignItems="center" spacing={2}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h3">Meshes</Typography>
          <Typography variant="body2" color="text.secondary">
            Install, upgrade and remove service meshes on the cluster, and watch each one come up pod by pod.
          </Typography>
        </Box>
        <CleanupButton clusterProblem={meshes.data?.clusterProblem} />
      </Stack>
      {meshes.isLoading ? <CircularProgress aria-label="Loading meshes" /> : null}
      {meshes.error ? (
        <Alert severity="error" action={<Button color="inherit" size="small" onClick={() => meshes.refetch()}>Retry</Button>}>
          {meshes.error.message}
        </Alert>
      ) : null}
      {meshes.data?.clusterProblem ? <Alert severity="warning">{meshes.data.clusterProblem}</Alert> : null}
      {meshes.data && !meshes.data.helm.available ? (
        <Alert severity="warning">{meshes.data.helm.note ?? 'helm is not available, so meshes cannot be installed.'}</Alert>
      ) : null}
      {meshes.data ? (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr', xl: '1fr 1fr 1fr' } }}>
          {meshes.data.meshes.map((mesh) => (
            <MeshCard key={mesh.id} mesh={mesh} helmAvailable={meshes.data.helm.available} clusterProblem={meshes.data.clusterProblem} />
          ))}
        </Box>
      ) : null}
    </Stack>
  );
}
