// The attach dialog's fields as typed, checked as the user types with the backend's rules.

export interface AttachForm {
  mesh: string;
  namespace: string;
  /** `key=value` pairs separated by commas, e.g. `app=api`. */
  selector: string;
  /** JSON object text; empty = the filter's default configuration. */
  pluginConfig: string;
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

export function parsePluginConfig(text: string): Record<string, unknown> | null | undefined {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function validateAttachForm(form: AttachForm, servicePerApp: boolean): Partial<Record<keyof AttachForm, string>> {
  const errors: Partial<Record<keyof AttachForm, string>> = {};
  if (form.mesh === '') errors.mesh = 'Pick a mesh.';
  if (!dnsLabel.test(form.namespace)) errors.namespace = 'Give the namespace of the workload, e.g. imagehub.';
  const selector = parseSelector(form.selector);
  if (!selector) errors.selector = 'Write pod labels as key=value, separated by commas, e.g. app=api.';
  else if (servicePerApp && !selector.app) errors.selector = 'This mesh applies filters per service: include the app label, e.g. app=api.';
  if (parsePluginConfig(form.pluginConfig) === undefined) errors.pluginConfig = 'The configuration must be a JSON object, or empty for the default.';
  return errors;
}
