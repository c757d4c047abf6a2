import type { Started } from '../operations/types';
import { getTransport } from '../transport';

export const cleanupEverything = () => getTransport().request<Started>('POST', '/api/cleanup');
