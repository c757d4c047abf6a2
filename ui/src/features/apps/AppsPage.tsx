import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApps } from '../../api';
import { AppCard } from './AppCard';

export default function AppsPage() {
  const apps = useApps();
  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="h3">Sample apps</Typography>
        <Typography variant="body2" color="text.secondary">
          Deploy a demo app into a namespace. Put the namespace in a mesh first (the Namespaces page) to get sidecars;
          the app opens on localhost through its node port.
        </Typography>
      </Box>
      {apps.isLoading ? <CircularProgress aria-label="Loading sample apps" /> : null}
      {apps.error ? <Alert severity="error">{apps.error.message}</Alert> : null}
      {apps.data?.clusterProblem ? <Alert severity="warning">{apps.data.clusterProblem}</Alert> : null}
      {apps.data ? (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
          {apps.data.apps.map((app) => (
            <AppCard key={app.id} app={app} clusterProblem={apps.data.clusterProblem} />
          ))}
        </Box>
      ) : null}
    </Stack>
  );
}
