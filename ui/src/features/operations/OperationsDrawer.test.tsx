import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../api/transport';
import type { HubHandlers } from '../../api/live/hubClient';
import { fakeTransport } from '../../test/fakeTransport';
import { event, finalEvent, operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { OperationsDrawer } from './OperationsDrawer';
import { useOperationsDrawer } from './OperationsDrawerContext';

function OpenDrawer({ on }: { on?: string }) {
  const { show } = useOperationsDrawer();
  useEffect(() => show(on), [on, show]);
  return null;
}

afterEach(() => setTransport(undefined));

describe('OperationsDrawer', () => {
  it('lists operations with their status and progress, and opens one on click', async () => {
    const { transport } = fakeTransport({
      'GET /api/operations': () => [
        operation({ id: 'a', title: 'Install Istio', kind: 'mesh.install', target: 'mesh:istio', stepsDone: 2, stepsTotal: 4 }),
        operation({ id: 'b', title: 'Self-test', status: 'failed', stepsTotal: null, error: 'It broke; retry.' }),
      ],
      'GET /api/operations/a': () => operation({ id: 'a', title: 'Install Istio', stepsDone: 2, stepsTotal: 4 }),
    });
    setTransport(transport);
    const app = renderApp(<><OpenDrawer /><OperationsDrawer /></>);

    const list = await screen.findByRole('list', { name: 'Operations' });
    const items = within(list).getAllByRole('button');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('Install Istio')).toBeInTheDocument();
    expect(within(items[0]!).getByText('running')).toBeInTheDocument();
    expect(within(items[0]!).getByRole('progressbar', { name: '2 of 4 steps' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(items[1]!).getByText('failed')).toBeInTheDocument();

    await userEvent.click(items[0]!);
    expect(await screen.findByRole('log', { name: 'Event log' })).toBeInTheDocument();
    app.live.stop();
  });

  it('streams the selected operation’s events in order, shows the failure sentence, and hides Cancel once final', async () => {
    let hub: HubHandlers | undefined;
    let stored = operation();
    const { transport } = fakeTransport({
      'GET /api/operations': () => [stored],
      'GET /api/operations/op-1': () => stored,
    });
    setTransport(transport);
    const app = renderApp(<><OpenDrawer on="op-1" /><OperationsDrawer /></>, {
      connectHub: async (_target, handlers) => {
        hub = handlers;
        return { subscribeAll: async () => {}, subscribe: async () => {}, unsubscribe: async () => {}, stop: async () => {} };
      },
    });
    const log = await screen.findByRole('log', { name: 'Event log' });
    await waitFor(() => expect(hub).toBeDefined());
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();

    for (const seq of [2, 1, 3, 3]) hub!.onEvent(event(seq));
    await waitFor(() => expect(log.querySelectorAll('[data-seq]')).toHaveLength(3));
    expect([...log.querySelectorAll('[data-seq]')].map((line) => line.getAttribute('data-seq'))).toEqual(['1', '2', '3']);
    expect(within(log).getByText('step 2')).toBeInTheDocument();

    const sentence = 'The self-test failed at step 3; run it again.';
    stored = operation({ status: 'failed', lastSeq: 4, stepsDone: 2, error: sentence, finishedAt: '2026-11-25T18:00:04Z' });
    hub!.onEvent(finalEvent(4, 'failed', sentence));
    expect(await within(log).findByText(sentence)).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(sentence);
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    app.live.stop();
  });

  it('cancels a running operation and shows the status the backend answered', async () => {
    const { transport, calls } = fakeTransport({
      'GET /api/operations': () => [operation()],
      'GET /api/operations/op-1': () => operation(),
      'POST /api/operations/op-1/cancel': () => operation({ status: 'cancelled', lastSeq: 3, finishedAt: '2026-11-25T18:00:09Z' }),
    });
    setTransport(transport);
    const app = renderApp(<><OpenDrawer on="op-1" /><OperationsDrawer /></>);

    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url === '/api/operations/op-1/cancel')).toBe(true));
    expect(await screen.findByText('cancelled')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    app.live.stop();
  });

  it('shows the sentence when cancelling is refused', async () => {
    const { ApiError } = await import('../../api/apiError');
    const { transport } = fakeTransport({
      'GET /api/operations': () => [operation()],
      'GET /api/operations/op-1': () => operation(),
      'POST /api/operations/op-1/cancel': () => {
        throw new ApiError(409, 'Operation op-1 has already finished; there is nothing to cancel.');
      },
    });
    setTransport(transport);
    const app = renderApp(<><OpenDrawer on="op-1" /><OperationsDrawer /></>);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Operation op-1 has already finished; there is nothing to cancel.')).toBeInTheDocument();
    app.live.stop();
  });
});
