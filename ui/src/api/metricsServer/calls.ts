import { getTransport } from '../transport';
import type { MetricsServerStatus } from './types';

export const getMetricsServer = () => getTransport().request<MetricsServerStatus>('GET', '/api/metrics-server');
