import type { EventKind, OperationStatus } from '../api';

// Semantic palette colours for operation states and event kinds; components pick from here, never a hex value.

export type SemanticColor = 'default' | 'primary' | 'info' | 'success' | 'warning' | 'error';

export const statusColor: Record<OperationStatus, SemanticColor> = {
  pending: 'default',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
  interrupted: 'warning',
};

/** Colour (a palette path) of an event log line's kind label; warnings and errors colour their message too. */
export const eventKindColor: Record<EventKind, string> = {
  status: 'primary.main',
  step: 'text.primary',
  log: 'text.secondary',
  progress: 'info.main',
  warning: 'warning.main',
  error: 'error.main',
};
