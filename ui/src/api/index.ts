// The api module's public surface: the only way the rest of the UI reaches the backend.
export { ApiError } from './apiError';
export * from './client';
export * from './cluster';
export type * from './clusterTypes';
export * from './queries';
export { queryKeys } from './queryKeys';
export type * from './types';
export { isFinal } from './types';
export { desktopClient, isInsideDockerDesktop } from './transport';
export { LiveEventsProvider, useLiveEvents } from './live/LiveEventsProvider';
export { useLiveStatus, useOperationEvents } from './live/useOperationEvents';
export type { LiveMode, LiveStatus, LogSnapshot } from './live/liveEvents';
export * from './meshes';
