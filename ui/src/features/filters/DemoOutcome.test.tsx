import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { perfRun } from '../../test/perfFixtures';
import { DemoOutcome } from './DemoOutcome';

function pulls(id: string, statusCodes: Record<string, number>) {
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  const run = perfRun({ id });
  return perfRun({ id, summary: { ...run.summary!, requests, statusCodes } });
}

describe('DemoOutcome', () => {
  it('shows how many pulls passed in each run and that the rest were refused with 429', () => {
    render(<DemoOutcome without={pulls('a', { '200': 500 })} with={pulls('b', { '200': 10, '429': 490 })} />);

    const outcome = screen.getByRole('alert', { name: 'Demo outcome' });
    const lines = [...outcome.querySelectorAll('.MuiAlert-message > div')].map((line) => line.textContent);
    expect(lines).toEqual([
      'Without the filter: 500 of 500 pulls passed (100 %).',
      'With the rate-limit filter: 10 of 500 pulls passed (2.0 %), 490 × 429.',
    ]);
  });

  it('names every other status a run got, so a demo that went wrong does not read as a pass', () => {
    render(<DemoOutcome without={pulls('a', { '200': 498, '503': 2 })} with={pulls('b', { '200': 20, '429': 470, '500': 10 })} />);

    const outcome = screen.getByRole('alert', { name: 'Demo outcome' });
    expect(outcome).toHaveTextContent('Without the filter: 498 of 500 pulls passed (99.6 %), 2 × 503.');
    expect(outcome).toHaveTextContent('With the rate-limit filter: 20 of 500 pulls passed (4.0 %), 470 × 429, 10 × 500.');
  });
});
