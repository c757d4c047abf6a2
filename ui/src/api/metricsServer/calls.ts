import type { Started } from '../operations/types';
import { getTransport } from '../transport';
import type { MetricsServerStatus } from './types';

export const getMetricsServer = () => getTransport().request<MetricsServerStatus>('GET', '/api/metrics-server');

export const installMetricsServer = () => getTransport().request<Started>('POST', '/api/metrics-server/install', {});
