import { afterEach, describe, expect, it, vi } from 'vitest';
import { dismiss, notify, pendingNotifications } from './notify';

afterEach(() => {
  delete (window as { ddClient?: unknown }).ddClient;
  for (const notification of pendingNotifications()) dismiss(notification.id);
});

describe('notify', () => {
  it('uses Docker Desktop’s toasts inside Docker Desktop', () => {
    const toast = { success: vi.fn(), warning: vi.fn(), error: vi.fn() };
    (window as { ddClient?: unknown }).ddClient = { desktopUI: { toast } };

    notify('error', 'Install Istio failed: the chart could not be fetched; check your network.');

    expect(toast.error).toHaveBeenCalledWith('Install Istio failed: the chart could not be fetched; check your network.');
    expect(pendingNotifications()).toHaveLength(0);
  });

  it('queues for the in-page snackbar in a plain browser', () => {
    notify('success', 'Self-test succeeded.');
    notify('warning', 'Self-test was cancelled.');
    expect(pendingNotifications().map((item) => item.message)).toEqual(['Self-test succeeded.', 'Self-test was cancelled.']);
    dismiss(pendingNotifications()[0]!.id);
    expect(pendingNotifications().map((item) => item.message)).toEqual(['Self-test was cancelled.']);
  });
});
