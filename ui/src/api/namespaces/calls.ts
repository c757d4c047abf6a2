import type { Started } from '../operations/types';
import { getTransport } from '../transport';
import type { NamespaceList } from './types';

const namespaceUrl = (name: string) => `/api/namespaces/${encodeURIComponent(name)}`;

export const listNamespaces = () => getTransport().request<NamespaceList>('GET', '/api/namespaces');

export const joinMesh = ({ namespace, mesh }: { namespace: string; mesh: string }) =>
  getTransport().request<Started>('POST', `${namespaceUrl(namespace)}/meshes`, { mesh });

export const leaveMesh = ({ namespace, mesh }: { namespace: string; mesh: string }) =>
  getTransport().request<Started>('DELETE', `${namespaceUrl(namespace)}/meshes/${encodeURIComponent(mesh)}`);

export const restartDeployments = (namespace: string) =>
  getTransport().request<Started>('POST', `${namespaceUrl(namespace)}/restart`);
