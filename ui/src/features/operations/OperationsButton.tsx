import ListAltIcon from '@mui/icons-material/ListAlt';
import Button from '@mui/material/Button';
import { isFinal, useOperations } from '../../api';
import { useOperationsDrawer } from './OperationsDrawerContext';

/** Opens and closes the drawer, saying how many operations are still running. */
export function OperationsButton() {
  const { open, show, close } = useOperationsDrawer();
  const { data } = useOperations();
  const running = data?.filter((operation) => !isFinal(operation.status)).length ?? 0;
  return (
    <Button
      size="small"
      variant={open ? 'contained' : 'outlined'}
      onClick={() => (open ? close() : show())}
      startIcon={<ListAltIcon fontSize="small" />}
      aria-expanded={open}
    >
      {running > 0 ? `Operations (${running} running)` : 'Operations'}
    </Button>
  );
}
