import { desktopClient, isInsideDockerDesktop } from '../api';

export type Severity = 'success' | 'warning' | 'error';

export interface Notification {
  id: number;
  severity: Severity;
  message: string;
}

// Inside Docker Desktop toasts are Docker Desktop's own; in a plain browser they queue here for <NotificationHost>.
const queue: Notification[] = [];
const listeners = new Set<() => void>();
let nextId = 1;
let snapshot: readonly Notification[] = [];

function changed() {
  snapshot = [...queue];
  for (const listener of listeners) listener();
}

export function notify(severity: Severity, message: string): void {
  if (isInsideDockerDesktop()) {
    desktopClient().desktopUI.toast[severity](message);
    return;
  }
  queue.push({ id: nextId++, severity, message });
  changed();
}

export function dismiss(id: number): void {
  const index = queue.findIndex((notification) => notification.id === id);
  if (index < 0) return;
  queue.splice(index, 1);
  changed();
}

export function subscribeNotifications(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function pendingNotifications(): readonly Notification[] {
  return snapshot;
}
