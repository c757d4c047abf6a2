// The attach dialog's fields as typed, checked as the user types with the backend's rules.

import { parsePluginConfig, validateFilterConfig, type FilterConfigForm } from './filterConfig';

export interface AttachForm extends FilterConfigForm {
  mesh: string;
  namespace: string;
  /** `key=value` pairs separated by commas, e.g. `app=api`. */
  selector: string;
}

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseSelector(text: string): Record<string, string> | undefined {
  const pairs = text.split(',').map((pair) => pair.trim()).filter(Boolean);
  if (pairs.length === 0) return undefined;
  const selector: Record<string, string> = {};
  for (const pair of pairs) {
    const [key, value, ...rest] = pair.split('=');
    if (!key || value === undefined || rest.length > 0) return undefined;
    selector[key.trim()] = value.trim();
  }
  return selector;
}

/** `istio`: the mesh's object is a WasmPlugin, which takes the configuration only as a JSON object and has no VM configuration. */
export function validateAttachForm(form: AttachForm, servicePerApp: boolean, istio = false): Partial<Record<keyof AttachForm, string>> {
  const errors: Partial<Record<keyof AttachForm, string>> = {};
  if (form.mesh === '') errors.mesh = 'Pick a mesh.';
  if (!dnsLabel.test(form.namespace)) errors.namespace = 'Give the namespace of the workload, e.g. imagehub.';
  const selector = parseSelector(form.selector);
  if (!selector) errors.selector = 'Write pod labels as key=value, separated by commas, e.g. app=api.';
  else if (servicePerApp && !selector.app) errors.selector = 'This mesh applies filters per service: include the app label, e.g. app=api.';
  Object.assign(errors, validateFilterConfig(form));
  if (!errors.pluginConfig && istio && typeof parsePluginConfig(form.pluginConfig) === 'string') {
    errors.pluginConfig = 'Istio takes the configuration as a JSON object only.';
  }
  if (istio && form.vmConfiguration !== '') errors.vmConfiguration = 'Istio’s WasmPlugin has no VM configuration; use Consul or Kuma, or leave it empty.';
  return errors;
}
