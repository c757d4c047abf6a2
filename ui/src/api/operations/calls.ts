import { getTransport } from '../transport';
import type { EventsPage, Operation } from './types';

const operationUrl = (id: string) => `/api/operations/${encodeURIComponent(id)}`;

export const listOperations = () => getTransport().request<Operation[]>('GET', '/api/operations');

export const getOperation = (id: string) => getTransport().request<Operation>('GET', operationUrl(id));

export const getOperationEvents = (id: string, after: number) =>
  getTransport().request<EventsPage>('GET', `${operationUrl(id)}/events?after=${after}`);

export const cancelOperation = (id: string) => getTransport().request<Operation>('POST', `${operationUrl(id)}/cancel`);
