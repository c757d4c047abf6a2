import LinearProgress from '@mui/material/LinearProgress';
import { isFinal, type Operation } from '../../api';
import { statusColor } from '../../theme/statusColors';

/** Determinate when the total is known; indeterminate while a running operation cannot say how far it is. */
export function OperationProgress({ operation }: { operation: Operation }) {
  const { stepsDone, stepsTotal, status } = operation;
  const color = statusColor[status] === 'default' ? 'primary' : statusColor[status];
  if (stepsTotal && stepsTotal > 0) {
    const percent = Math.min(100, (stepsDone / stepsTotal) * 100);
    return (
      <LinearProgress
        variant="determinate"
        value={percent}
        color={color}
        aria-label={`${stepsDone} of ${stepsTotal} steps`}
      />
    );
  }
  return isFinal(status) ? null : <LinearProgress color={color} aria-label="in progress" />;
}
