// The attach dialog's fields as typed, checked as the user types with the backend's rules.

export interface AttachForm {
  mesh: string;
  namespace: string;
  /** `key=value` pairs separated by commas, e.g. `app=api`. */
  selector: string;
  /** A JSON object, or plain text (sent as a string); empty = the filter's default configuration. */
  pluginConfig: string;
  /** Handed to proxy_on_vm_start; empty = none. */
  vmConfiguration: string;
  /** Envoy's root_id; empty = the filter's name. */
  rootId: string;
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

/** Empty: null (the default). Text that starts like JSON must be a JSON object; any other text is sent as a string. */
export function parsePluginConfig(text: string): Record<string, unknown> | string | null | undefined {
  if (text.trim() === '') return null;
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** `istio`: the mesh's object is a WasmPlugin, which takes the configuration only as a JSON object and has no VM configuration. */
export function validateAttachForm(form: AttachForm, servicePerApp: boolean, istio = false): Partial<Record<keyof AttachForm, string>> {
  const errors: Partial<Record<keyof AttachForm, string>> = {};
  if (form.mesh === '') errors.mesh = 'Pick a mesh.';
  if (!dnsLabel.test(form.namespace)) errors.namespace = 'Give the namespace of the workload, e.g. imagehub.';
  const selector = parseSelector(form.selector);
  if (!selector) errors.selector = 'Write pod labels as key=value, separated by commas, e.g. app=api.';
  else if (servicePerApp && !selector.app) errors.selector = 'This mesh applies filters per service: include the app label, e.g. app=api.';
  const config = parsePluginConfig(form.pluginConfig);
  if (config === undefined) errors.pluginConfig = 'This starts like JSON but is not a JSON object; fix it, write plain text, or leave it empty for the default.';
  else if (istio && typeof config === 'string') errors.pluginConfig = 'Istio takes the configuration as a JSON object only.';
  if (istio && form.vmConfiguration !== '') errors.vmConfiguration = 'Istio’s WasmPlugin has no VM configuration; use Consul or Kuma, or leave it empty.';
  if (form.rootId.length > 256 || controlCharacters.test(form.rootId)) errors.rootId = 'At most 256 characters, without control characters.';
  return errors;
}
