import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useFilters } from '../../api';
import { AttachmentList } from './AttachmentList';
import { FilterTable } from './FilterTable';
import { FilterUpload } from './FilterUpload';
import { SandboxDemo } from './SandboxDemo';
import { SandboxForm } from './SandboxForm';
import { SandboxList } from './SandboxList';

export default function FiltersPage() {
  const filters = useFilters();
  return (
    <Stack spacing={2}>
      <div>
        <Typography variant="h2">Filters</Typography>
        <Typography variant="body1" color="text.secondary">
          WebAssembly (proxy-wasm) filters for Envoy-based meshes: validated on upload, tried in a local sandbox in
          milliseconds, then attached to a mesh.
        </Typography>
      </div>
      <Card variant="outlined">
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h4">Registry</Typography>
            <FilterUpload />
            {filters.error ? <Alert severity="error">{filters.error.message}</Alert> : null}
            {filters.isPending ? <CircularProgress size={20} /> : <FilterTable filters={filters.data ?? []} />}
          </Stack>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h4" gutterBottom>
            Attached to meshes
          </Typography>
          <AttachmentList />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h4">Sandbox demo: Image Hub with and without the rate-limit filter</Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            Runs on this machine, no cluster needed. The filter allows 10 pulls a minute on the Personal plan; if the
            filtered run crosses into a new minute, 10 more pass.
          </Typography>
          <SandboxDemo />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h4" gutterBottom>
            Sandboxes
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            Any filter from the registry on this machine, configured as a mesh would configure it, in front of Image Hub or
            a URL.
          </Typography>
          <Stack spacing={2}>
            <SandboxForm filters={filters.data ?? []} />
            <SandboxList />
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
