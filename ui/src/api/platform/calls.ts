import { getTransport } from '../transport';
import type { Health, Session } from './types';

export const getHealth = () => getTransport().request<Health>('GET', '/api/health');

export const getSession = () => getTransport().request<Session>('GET', '/api/session');
