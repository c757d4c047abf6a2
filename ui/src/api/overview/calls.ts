import { getTransport } from '../transport';
import type { ClusterOverview, ContextList, DockerEngine } from './types';

export const getCluster = () => getTransport().request<ClusterOverview>('GET', '/api/cluster');

export const listContexts = () => getTransport().request<ContextList>('GET', '/api/cluster/contexts');

export const selectContext = (context: string) =>
  getTransport().request<ContextList>('PUT', '/api/cluster/context', { context });

/** Sent as JSON `{ kubeconfig }`: Docker Desktop's client only posts JSON. */
export const uploadKubeconfig = (kubeconfig: string) =>
  getTransport().request<ContextList>('POST', '/api/cluster/kubeconfig', { kubeconfig });

/** Lets the pasted kubeconfig's exec plugin run: the fingerprint of the command the user saw. */
export const confirmExecPlugin = (fingerprint: string) =>
  getTransport().request<void>('POST', '/api/cluster/kubeconfig/exec-confirmation', { fingerprint });

export const removeKubeconfig = () => getTransport().request<void>('DELETE', '/api/cluster/kubeconfig');

export const getDockerEngine = () => getTransport().request<DockerEngine>('GET', '/api/docker');
