import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores } from './clusterFormat';

describe('cluster formats', () => {
  it('shows memory in binary units', () => {
    expect(formatBytes(8_225_546_240)).toBe('7.7 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
  });

  it('keeps fractional cores', () => {
    expect(formatCores(8)).toBe('8');
    expect(formatCores(3.5)).toBe('3.5');
    expect(formatCores(0.125)).toBe('0.13');
  });
});
