import { getTransport } from '../transport';
import type { AppsResponse } from './types';

export const listApps = () => getTransport().request<AppsResponse>('GET', '/api/apps');
