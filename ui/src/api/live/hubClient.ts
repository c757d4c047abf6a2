import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { OperationEvent } from '../operations/types';

/** Where the SignalR hub is: same origin when standalone, the published loopback port inside Docker Desktop. */
export interface HubTarget {
  url: string;
  /** The session token; the hub refuses connections without it. */
  accessToken?: string;
}

export interface HubHandlers {
  onEvent: (event: OperationEvent) => void;
  /** After an automatic reconnect: subscriptions are gone on the server and must be made again. */
  onReconnected: () => void;
  /** The connection is lost for good (automatic reconnect gave up). */
  onClosed: () => void;
}

/** The hub's server methods: `Hub<IProgressClient>` at /hubs/progress. */
export interface HubClient {
  subscribeAll(): Promise<void>;
  subscribe(operationId: string, afterSeq: number): Promise<void>;
  unsubscribe(operationId: string): Promise<void>;
  stop(): Promise<void>;
}

export type ConnectHub = (target: HubTarget, handlers: HubHandlers) => Promise<HubClient>;

export function buildConnection(target: HubTarget): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(target.url, {
      // Docker Desktop's page cannot do the negotiate POST cross-origin with credentials; WebSockets alone works.
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      ...(target.accessToken ? { accessTokenFactory: () => target.accessToken! } : {}),
    })
    .withAutomaticReconnect()
    .configureLogging(LogLevel.Warning)
    .build();
}

/** Connects within `timeoutMs` or throws: a port nobody answers on must not leave the panel without events. */
export function createHubConnector(timeoutMs = 5000, build: typeof buildConnection = buildConnection): ConnectHub {
  return async (target, handlers) => {
    const connection = build(target);
    connection.on('Event', handlers.onEvent);
    connection.onreconnected(handlers.onReconnected);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${target.url} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([connection.start(), timeout]);
    } catch (error) {
      connection.off('Event');
      await connection.stop().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    // Registered only once connected: a failed start is reported by the throw above, not as a lost connection.
    connection.onclose(() => handlers.onClosed());

    return {
      subscribeAll: () => connection.invoke('SubscribeAll'),
      subscribe: (operationId, afterSeq) => connection.invoke('Subscribe', operationId, afterSeq),
      unsubscribe: (operationId) => connection.invoke('Unsubscribe', operationId),
      stop: () => connection.stop(),
    };
  };
}
