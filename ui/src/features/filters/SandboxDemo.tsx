import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Step from '@mui/material/Step';
import StepContent from '@mui/material/StepContent';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { queryKeys, useBuiltInFilterState } from '../../api';
import { DemoOutcome } from './DemoOutcome';
import { compareLink, demoSteps, type DemoState } from './sandboxDemo';

interface Props {
  /** Injected by tests so the polling does not wait real seconds. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * The seed demo with a button per step; each step says what it saw, and a failure says what went wrong. When the
 * built-in rate-limit filter was not built, it says so (and how to build it) before anyone clicks.
 */
export function SandboxDemo({ wait }: Props) {
  const steps = useMemo(() => demoSteps(wait), [wait]);
  const builtIn = useBuiltInFilterState();
  const queryClient = useQueryClient();
  const [active, setActive] = useState(0);
  const [state, setState] = useState<DemoState>({});
  const [outcomes, setOutcomes] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (index: number) => {
    const step = steps[index];
    if (!step?.run) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await step.run(state);
      setState(result.state);
      setOutcomes((current) => [...current.slice(0, index), result.outcome]);
      setActive(index + 1);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.sandboxes });
    }
  };

  const link = compareLink(state);
  const missingFilter = builtIn.data?.problem;
  return (
    <>
      {missingFilter ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          The steps with the rate-limit filter cannot run yet. {missingFilter}
        </Alert>
      ) : null}
      <Stepper activeStep={active} orientation="vertical" aria-label="Sandbox demo">
        {steps.map((step, index) => (
          <Step key={step.id} completed={index < active}>
            <StepLabel>{step.label}</StepLabel>
            <StepContent TransitionProps={{ unmountOnExit: false }}>
              {index === active && error ? (
                <Alert severity="error" sx={{ mb: 1 }}>
                  {error}
                </Alert>
              ) : null}
              {step.run ? (
                <Button variant="contained" size="small" disabled={busy} onClick={() => run(index)}>
                  {busy ? 'Working…' : error ? 'Try again' : step.label}
                </Button>
              ) : (
                <>
                  {state.without && state.with ? <DemoOutcome without={state.without} with={state.with} /> : null}
                  <Button variant="contained" size="small" href={link} disabled={!link}>
                    Open the comparison
                  </Button>
                </>
              )}
            </StepContent>
            {index < active && outcomes[index] ? (
              <Typography variant="body2" color="text.secondary" sx={{ ml: 4 }}>
                <CheckCircleIcon fontSize="inherit" color="success" /> {outcomes[index]}
              </Typography>
            ) : null}
          </Step>
        ))}
      </Stepper>
    </>
  );
}
