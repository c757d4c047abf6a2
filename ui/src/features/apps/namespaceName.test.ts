import { describe, expect, it } from 'vitest';
import { namespaceError } from './namespaceName';

describe('namespaceError', () => {
  it('accepts a DNS label and explains everything else', () => {
    expect(namespaceError('demo-1')).toBeUndefined();
    expect(namespaceError('')).toMatch(/Name a namespace/);
    expect(namespaceError('Demo')).toMatch(/lowercase letters/);
    expect(namespaceError('-demo')).toMatch(/starting and ending/);
    expect(namespaceError('a'.repeat(64))).toMatch(/at most 63/);
    expect(namespaceError('kube-system')).toMatch(/belongs to Kubernetes itself/);
  });
});
