import CloseIcon from '@mui/icons-material/Close';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useLiveStatus } from '../../api';
import { OperationDetail } from './OperationDetail';
import { OperationList } from './OperationList';
import { useOperationsDrawer } from './OperationsDrawerContext';
import { useDrawerDocked } from './useDrawerDocked';

export const drawerWidth = 480;

/** The one place every long-running operation shows: the list, and one operation's live log. */
export function OperationsDrawer() {
  const { open, selectedId, select, close } = useOperationsDrawer();
  const live = useLiveStatus();
  const docked = useDrawerDocked();
  return (
    <Drawer
      anchor="right"
      variant={docked ? 'persistent' : 'temporary'}
      open={open}
      onClose={close}
      PaperProps={{ sx: { width: drawerWidth, maxWidth: '100vw' } }}
    >
      <Stack direction="row" alignItems="center" sx={{ px: 2, py: 1.5 }}>
        <Stack sx={{ flex: 1 }}>
          <Typography variant="h3">Operations</Typography>
          <Typography variant="caption" color={live.mode === 'polling' ? 'warning.main' : 'text.secondary'}>
            {live.detail}
          </Typography>
        </Stack>
        <IconButton size="small" onClick={close} aria-label="Close operations">
          <CloseIcon fontSize="small" />
        </IconButton>
      </Stack>
      <Divider />
      {open ? (
        selectedId ? (
          <OperationDetail key={selectedId} operationId={selectedId} onBack={() => select(null)} />
        ) : (
          <Stack sx={{ overflow: 'auto' }}>
            <OperationList onSelect={select} />
          </Stack>
        )
      ) : null}
    </Drawer>
  );
}
