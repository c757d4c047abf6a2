import type { HubConnection } from '@microsoft/signalr';
import { describe, expect, it, vi } from 'vitest';
import { buildConnection, createHubConnector } from './hubClient';

const handlers = { onEvent: vi.fn(), onReconnected: vi.fn(), onClosed: vi.fn() };

function fakeConnection(start: () => Promise<void>) {
  return {
    on: vi.fn(),
    off: vi.fn(),
    onreconnected: vi.fn(),
    onclose: vi.fn(),
    start: vi.fn(start),
    stop: vi.fn(async () => {}),
    invoke: vi.fn(async () => {}),
  };
}

describe('createHubConnector', () => {
  it('gives up on a port that never answers, and closes the attempt', async () => {
    const connection = fakeConnection(() => new Promise(() => {}));
    const connect = createHubConnector(50, () => connection as unknown as HubConnection);

    await expect(connect({ url: 'http://127.0.0.1:9/hubs/progress' }, handlers)).rejects.toThrow(
      'no answer from http://127.0.0.1:9/hubs/progress within 50 ms',
    );
    expect(connection.stop).toHaveBeenCalled();
    expect(connection.onclose).not.toHaveBeenCalled();
  });

  it('passes a refused connection on as an error', async () => {
    const connection = fakeConnection(async () => {
      throw new Error('WebSocket failed to connect');
    });
    const connect = createHubConnector(1_000, () => connection as unknown as HubConnection);
    await expect(connect({ url: 'http://127.0.0.1:9/hubs/progress' }, handlers)).rejects.toThrow('WebSocket failed to connect');
  });

  it('calls the hub methods the contract names', async () => {
    const connection = fakeConnection(async () => {});
    const hub = await createHubConnector(1_000, () => connection as unknown as HubConnection)({ url: 'x' }, handlers);

    await hub.subscribeAll();
    await hub.subscribe('op-1', 7);
    await hub.unsubscribe('op-1');

    expect(connection.on).toHaveBeenCalledWith('Event', handlers.onEvent);
    expect(connection.invoke.mock.calls).toEqual([['SubscribeAll'], ['Subscribe', 'op-1', 7], ['Unsubscribe', 'op-1']]);
    expect(connection.onclose).toHaveBeenCalledOnce();
  });

  it('asks for WebSockets without negotiation, with the token when one is given', () => {
    const connection = buildConnection({ url: 'http://127.0.0.1:4000/hubs/progress', accessToken: 'secret' });
    // Docker Desktop's page can only open the WebSocket itself: read back the options the client will connect with.
    const options = (connection as unknown as { connection: { _options: Record<string, unknown> } }).connection._options;
    expect(options.skipNegotiation).toBe(true);
    expect(options.transport).toBe(1); // HttpTransportType.WebSockets
    expect(typeof options.accessTokenFactory).toBe('function');
  });
});
