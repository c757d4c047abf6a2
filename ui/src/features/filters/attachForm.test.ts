import { describe, expect, it } from 'vitest';
import { parseSelector, validateAttachForm } from './attachForm';
import { parsePluginConfig } from './filterConfig';

const form = { mesh: 'istio', namespace: 'imagehub', selector: 'app=api', pluginConfig: '', vmConfiguration: '', rootId: '' };

describe('attach form', () => {
  it('parses selectors and configurations the way the backend takes them', () => {
    expect(parseSelector('app=api, version=v1')).toEqual({ app: 'api', version: 'v1' });
    expect(parseSelector('app')).toBeUndefined();
    expect(parseSelector('')).toBeUndefined();
    expect(parsePluginConfig('')).toBeNull();
    expect(parsePluginConfig('{"limits": {"Personal": 10}}')).toEqual({ limits: { Personal: 10 } });
    expect(parsePluginConfig('[1]')).toBeUndefined();
    expect(parsePluginConfig('{')).toBeUndefined();
    expect(parsePluginConfig('limit=10')).toBe('limit=10'); // plain text goes as a string
  });

  it('says what is wrong with each field', () => {
    expect(validateAttachForm(form, false)).toEqual({});
    expect(validateAttachForm({ ...form, mesh: '', namespace: 'Image Hub', selector: 'api', pluginConfig: '{7}' }, false)).toEqual({
      mesh: 'Pick a mesh.',
      namespace: 'Give the namespace of the workload, e.g. imagehub.',
      selector: 'Write pod labels as key=value, separated by commas, e.g. app=api.',
      pluginConfig: 'This starts like JSON but is not a JSON object; fix it, write plain text, or leave it empty for the default.',
    });
    expect(validateAttachForm({ ...form, selector: 'tier=backend' }, true).selector).toMatch(/per service: include the app label/);
  });

  it('keeps a plain-text configuration and a VM configuration away from Istio, which cannot carry them', () => {
    const plain = { ...form, pluginConfig: 'limit=10', vmConfiguration: 'vm', rootId: 'my_root' };
    expect(validateAttachForm(plain, true)).toEqual({});
    expect(validateAttachForm(plain, false, true)).toEqual({
      pluginConfig: 'Istio takes the configuration as a JSON object only.',
      vmConfiguration: 'Istio’s WasmPlugin has no VM configuration; use Consul or Kuma, or leave it empty.',
    });
    expect(validateAttachForm({ ...form, rootId: 'a\nb' }, false).rootId).toBe('At most 256 characters, without control characters.');
  });
});
