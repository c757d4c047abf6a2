import { getTransport } from '../transport';
import type { NamespaceList } from './types';

export const listNamespaces = () => getTransport().request<NamespaceList>('GET', '/api/namespaces');
