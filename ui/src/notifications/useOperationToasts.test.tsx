import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubHandlers } from '../api/live/hubClient';
import { queryKeys } from '../api/queryKeys';
import { setTransport } from '../api/transport';
import { fakeTransport } from '../test/fakeTransport';
import { finalEvent, operation } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { NotificationHost } from './NotificationHost';
import { useOperationToasts } from './useOperationToasts';

function Toasts() {
  useOperationToasts();
  return <NotificationHost />;
}

afterEach(() => setTransport(undefined));

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
    app.queryClient.setQueryData(queryKeys.operationList, [operation({ title: 'Install Istio', lastSeq: 3 })]);
    await vi.waitFor(() => expect(hub).toBeDefined());

    hub!.onEvent(finalEvent(4, 'failed', 'The istiod pod never became ready; check the cluster has 4 GB free.'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Install Istio failed: The istiod pod never became ready; check the cluster has 4 GB free.',
    );
    app.live.stop();
  });
});
