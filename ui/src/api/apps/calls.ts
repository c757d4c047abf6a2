import type { Started } from '../operations/types';
import { getTransport } from '../transport';
import type { AppsResponse } from './types';

const appUrl = (id: string) => `/api/apps/${encodeURIComponent(id)}`;

export const listApps = () => getTransport().request<AppsResponse>('GET', '/api/apps');

export const deployApp = (id: string, namespace: string) =>
  getTransport().request<Started>('POST', `${appUrl(id)}/deploy`, { namespace });

export const removeApp = (id: string, namespace: string) =>
  getTransport().request<Started>('POST', `${appUrl(id)}/remove`, { namespace });
