import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { OperationsButton } from '../features/operations/OperationsButton';
import { BackendStatus } from './BackendStatus';

export function Header() {
  return (
    <Stack direction="row" alignItems="center" spacing={2} sx={{ px: 3, pt: 2, pb: 1 }}>
      {/* The extension's icon (a copy of /meshdock.svg: the UI's Docker build stage sees only ui/). */}
      <Box component="img" src="./meshdock.svg" alt="" sx={{ width: 36, height: 36 }} />
      <Stack sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="h2" component="h1" noWrap>
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
