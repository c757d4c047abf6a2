import { describe, expect, it } from 'vitest';
import { formatBytes, suggestFilterName, validateFilterName } from './filterName';

describe('filter names', () => {
  it('accepts DNS labels and says what is wrong with anything else', () => {
    expect(validateFilterName('rate-limit')).toBeUndefined();
    expect(validateFilterName('a')).toBeUndefined();
    expect(validateFilterName('')).toBe('Give the filter a name.');
    for (const bad of ['Rate', 'rate_limit', '-rate', 'rate-', 'a'.repeat(64)]) {
      expect(validateFilterName(bad)).toMatch(/lowercase letters, digits and "-"/);
    }
  });

  it('suggests a valid name from the file name', () => {
    expect(suggestFilterName('My_Filter.wasm')).toBe('my-filter');
    expect(suggestFilterName('--x--.WASM')).toBe('x');
    expect(validateFilterName(suggestFilterName(`${'A'.repeat(70)}.wasm`))).toBeUndefined();
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(29_178), formatBytes(16 * 1024 * 1024)]).toEqual(['512 B', '28.5 KiB', '16.0 MiB']);
  });
});
