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

/** Typography `color` values (palette paths) for an event log line. */
export const eventKindColor: Record<EventKind, string> = {
  status: 'primary.main',
  step: 'text.primary',
  log: 'text.secondary',
  progress: 'info.main',
  warning: 'warning.main',
  error: 'error.main',
};

/** Messages read as plain text; only warnings and errors carry their colour beyond the kind label. */
export function eventMessageColor(kind: EventKind): string {
  return kind === 'warning' || kind === 'error' ? eventKindColor[kind] : 'text.primary';
}
