import Alert from '@mui/material/Alert';
import type { PerfRun } from '../../api';
import { demoOutcome } from './sandboxDemo';

interface Props {
  without: PerfRun;
  with: PerfRun;
}

/** The demo's finding in the page (not only in a toast): how many of Bob's pulls passed in each run, and what the rest got. */
export function DemoOutcome({ without, with: withFilter }: Props) {
  const lines = demoOutcome({ without, with: withFilter }) ?? [];
  return (
    <Alert severity="success" sx={{ mb: 1 }} aria-label="Demo outcome">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </Alert>
  );
}
