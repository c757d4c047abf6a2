import { describe, expect, it } from 'vitest';
import { parsePluginConfig, parseSelector, validateAttachForm } from './attachForm';

const form = { mesh: 'istio', namespace: 'imagehub', selector: 'app=api', pluginConfig: '' };

describe('attach form', () => {
  it('parses selectors and configurations the way the backend takes them', () => {
    expect(parseSelector('app=api, version=v1')).toEqual({ app: 'api', version: 'v1' });
    expect(parseSelector('app')).toBeUndefined();
    expect(parseSelector('')).toBeUndefined();
    expect(parsePluginConfig('')).toBeNull();
    expect(parsePluginConfig('{"limits": {"Personal": 10}}')).toEqual({ limits: { Personal: 10 } });
    expect(parsePluginConfig('[1]')).toBeUndefined();
    expect(parsePluginConfig('{')).toBeUndefined();
  });

  it('says what is wrong with each field', () => {
    expect(validateAttachForm(form, false)).toEqual({});
    expect(validateAttachForm({ ...form, mesh: '', namespace: 'Image Hub', selector: 'api', pluginConfig: '7' }, false)).toEqual({
      mesh: 'Pick a mesh.',
      namespace: 'Give the namespace of the workload, e.g. imagehub.',
      selector: 'Write pod labels as key=value, separated by commas, e.g. app=api.',
      pluginConfig: 'The configuration must be a JSON object, or empty for the default.',
    });
    expect(validateAttachForm({ ...form, selector: 'tier=backend' }, true).selector).toMatch(/per service: include the app label/);
  });
});
