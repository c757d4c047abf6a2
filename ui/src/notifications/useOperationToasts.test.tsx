import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubHandlers } from '../api/live/hubClient';
import { operationKeys } from '../api/operations/queries';
import { setTransport } from '../api/transport';
import { fakeTransport } from '../test/fakeTransport';
import { event, finalEvent, operation } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { NotificationHost } from './NotificationHost';
import { dismiss, pendingNotifications } from './notify';
import { useOperationToasts } from './useOperationToasts';

function Toasts() {
  useOperationToasts();
  return <NotificationHost />;
}

afterEach(() => {
  setTransport(undefined);
  for (const notification of pendingNotifications()) dismiss(notification.id);
});

describe('operation toasts', () => {
  it('announces a failure with its sentence when the final event arrives', async () => {
    let hub: HubHandlers | undefined;
    setTransport(fakeTransport({ 'GET /api/operations': () => [operation({ title: 'Install Istio', lastSeq: 3 })] }).transport);
    const app = renderApp(<Toasts />, {
      connectHub: async (_target, handlers) => {
        hub = handlers;
        return { subscribeAll: async () => {}, subscribe: async () => {}, unsubscribe: async () => {}, stop: async () => {} };
      },
    });
    app.queryClient.setQueryData(operationKeys.list, [operation({ title: 'Install Istio', lastSeq: 3 })]);
    await vi.waitFor(() => expect(hub).toBeDefined());

    hub!.onEvent(finalEvent(4, 'failed', 'The istiod pod never became ready; check the cluster has 4 GB free.'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Install Istio failed: The istiod pod never became ready; check the cluster has 4 GB free.',
    );
    app.live.stop();
  });

  it('says what failed when the final event only says "Failed." after the error event', async () => {
    let hub: HubHandlers | undefined;
    setTransport(fakeTransport({ 'GET /api/operations': () => [operation({ title: 'Install Kuma', lastSeq: 3 })] }).transport);
    const app = renderApp(<Toasts />, {
      connectHub: async (_target, handlers) => {
        hub = handlers;
        return { subscribeAll: async () => {}, subscribe: async () => {}, unsubscribe: async () => {}, stop: async () => {} };
      },
    });
    app.queryClient.setQueryData(operationKeys.list, [operation({ title: 'Install Kuma', lastSeq: 3 })]);
    await vi.waitFor(() => expect(hub).toBeDefined());

    hub!.onEvent(event(4, { kind: 'error', message: 'helm could not fetch the kuma chart: the repository did not answer.', data: null }));
    hub!.onEvent(finalEvent(5, 'failed', 'Failed.'));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Install Kuma failed: helm could not fetch the kuma chart: the repository did not answer.');
    expect(alert).not.toHaveTextContent('Failed.');
    app.live.stop();
  });
});
