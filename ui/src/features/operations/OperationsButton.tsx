import ListAltIcon from '@mui/icons-material/ListAlt';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import { isFinal, useOperations } from '../../api';
import { useOperationsDrawer } from './OperationsDrawerContext';

/** Opens the drawer; the badge counts operations still running. */
export function OperationsButton() {
  const { open, show, close } = useOperationsDrawer();
  const { data } = useOperations();
  const running = data?.filter((operation) => !isFinal(operation.status)).length ?? 0;
  return (
    <Button
      size="small"
      variant={open ? 'contained' : 'outlined'}
      onClick={() => (open ? close() : show())}
      startIcon={
        <Badge badgeContent={running} color="info" max={99}>
          <ListAltIcon fontSize="small" />
        </Badge>
      }
    >
      Operations
    </Button>
  );
}
