import { vi } from 'vitest';

/**
 * jsdom lays nothing out, so Recharts' ResponsiveContainer would measure 0×0 and draw nothing. This gives every
 * container Recharts observes a fixed size (legends still measure 0×0), so charts render their SVG and tests can read it.
 */
export function stubChartSize(width = 800, height = 300): void {
  class FixedSizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback([{ target, contentRect: { width, height } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal('ResizeObserver', FixedSizeObserver);
}
