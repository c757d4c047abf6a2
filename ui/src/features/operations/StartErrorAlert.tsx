import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import { useOperationsDrawer } from './OperationsDrawerContext';

/**
 * Why an operation could not start. When the backend answers 409 because another operation holds the same target,
 * the problem names that operation and the alert offers to show it.
 */
export function StartErrorAlert({ error, children }: { error: Error; children?: ReactNode }) {
  const drawer = useOperationsDrawer();
  const busyOperationId = error instanceof ApiError ? error.extension('operationId') : undefined;
  return (
    <Alert
      severity="error"
      action={
        busyOperationId ? (
          <Button size="small" color="inherit" onClick={() => drawer.show(busyOperationId)}>
            Show it
          </Button>
        ) : undefined
      }
    >
      {error.message}
      {children}
    </Alert>
  );
}
