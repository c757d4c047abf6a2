import HubIcon from '@mui/icons-material/Hub';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { OperationsButton } from '../features/operations/OperationsButton';
import { BackendStatus } from './BackendStatus';

export function Header() {
  return (
    <Stack direction="row" alignItems="center" spacing={2} sx={{ px: 3, pt: 2, pb: 1 }}>
      <HubIcon color="primary" fontSize="large" aria-hidden />
      <Stack sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="h2" component="h1">
          Meshdock
        </Typography>
        <Typography variant="body2" color="text.secondary" noWrap>
          Service meshes on Docker Desktop’s Kubernetes
        </Typography>
      </Stack>
      <BackendStatus />
      <OperationsButton />
    </Stack>
  );
}
