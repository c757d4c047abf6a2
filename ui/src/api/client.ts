import { getTransport } from './transport';
import type { EventsPage, Health, Operation, SelftestRequest, Session, Started } from './types';

// One typed function per backend endpoint. Components call these (through the query hooks), never the transport.

const operationUrl = (id: string) => `/api/operations/${encodeURIComponent(id)}`;

export const getHealth = () => getTransport().request<Health>('GET', '/api/health');

export const getSession = () => getTransport().request<Session>('GET', '/api/session');

export const listOperations = () => getTransport().request<Operation[]>('GET', '/api/operations');

export const getOperation = (id: string) => getTransport().request<Operation>('GET', operationUrl(id));

export const getOperationEvents = (id: string, after: number) =>
  getTransport().request<EventsPage>('GET', `${operationUrl(id)}/events?after=${after}`);

export const cancelOperation = (id: string) => getTransport().request<Operation>('POST', `${operationUrl(id)}/cancel`);

export const startSelftest = (request: SelftestRequest) =>
  getTransport().request<Started>('POST', '/api/operations/selftest', request);
