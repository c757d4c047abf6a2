import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import { stubChartSize } from '../../test/chartSize';
import { fakeTransport } from '../../test/fakeTransport';
import { event, finalEvent, operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { LiveRun } from './LiveRun';

afterEach(() => setTransport(undefined));

const second = (seq: number, n: number, rps: number) =>
  event(seq, {
    operationId: 'run-1',
    data: { done: n, total: 5, second: n, rps, p50Ms: 1 + n / 10, p99Ms: 5 + n, errors: 0, totalRequests: n * rps },
  });

/** Points drawn by the rps line: one per second (`M` for the first, `L` for each next one). */
function rpsPoints(container: HTMLElement): number {
  const path = container.querySelector('.recharts-line path.recharts-line-curve');
  return (path?.getAttribute('d')?.match(/[ML]/g) ?? []).length;
}

describe('LiveRun', () => {
  it('draws each second as its progress event arrives, and cancels through the operations API', async () => {
    stubChartSize();
    const { transport, calls } = fakeTransport({
      'POST /api/operations/run-1/cancel': () => operation({ id: 'run-1', status: 'running' }),
    });
    setTransport(transport);
    const app = renderApp(<LiveRun runId="run-1" />);
    expect(screen.getByText('Starting…')).toBeInTheDocument();

    act(() => app.live.receive([event(1, { operationId: 'run-1' }), second(2, 1, 100), second(3, 2, 120)]));
    expect(await screen.findByText('2 / 5')).toBeInTheDocument();
    expect(screen.getByText(/Second 2: 120 requests\/s, p50 1.20 ms, p99 7.00 ms/)).toBeInTheDocument();
    await waitFor(() => expect(rpsPoints(app.container)).toBe(2));
    expect(screen.getByRole('progressbar', { name: 'Run progress' })).toHaveAttribute('aria-valuenow', '40');

    act(() => app.live.receive([second(4, 3, 130)]));
    expect(await screen.findByText('3 / 5')).toBeInTheDocument();
    await waitFor(() => expect(rpsPoints(app.container)).toBe(3));

    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/operations/run-1/cancel' });

    act(() => app.live.receive([finalEvent(5, 'cancelled', 'Cancelled after 3 s; the partial result is kept.')].map((e) => ({ ...e, operationId: 'run-1' }))));
    expect(await screen.findByText('Cancelled after 3 s; the partial result is kept.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel run' })).toBeDisabled();
    app.live.stop();
  });
});
