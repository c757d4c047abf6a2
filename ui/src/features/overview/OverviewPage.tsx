import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { BackendCard } from './BackendCard';
import { ClusterCard } from './ClusterCard';
import { DockerCard } from './DockerCard';
import { SelftestCard } from './SelftestCard';

export default function OverviewPage() {
  return (
    <Stack spacing={2}>
      <div>
        <Typography variant="h2">Overview</Typography>
        <Typography variant="body1" color="text.secondary">
          Meshdock installs, compares and demos service meshes on the Kubernetes cluster Docker Desktop runs.
        </Typography>
      </div>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="stretch">
        <ClusterCard />
        <DockerCard />
      </Stack>
      <BackendCard />
      <SelftestCard />
    </Stack>
  );
}
