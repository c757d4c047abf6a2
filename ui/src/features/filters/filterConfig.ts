// What a filter is given besides its module, typed the same way in the attach dialog and the sandbox form: the plugin
// configuration (proxy_on_configure), the VM configuration (proxy_on_vm_start) and the root id.

export interface FilterConfigForm {
  /** A JSON object, or plain text (sent as a string); empty = the filter's default configuration. */
  pluginConfig: string;
  /** Handed to proxy_on_vm_start; empty = none. */
  vmConfiguration: string;
  /** Envoy's root_id; empty = the filter's name. */
  rootId: string;
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

/** The backend's rules for the three fields; the mesh-specific ones (Istio) are the attach form's. */
export function validateFilterConfig(form: FilterConfigForm): Partial<Record<keyof FilterConfigForm, string>> {
  const errors: Partial<Record<keyof FilterConfigForm, string>> = {};
  if (parsePluginConfig(form.pluginConfig) === undefined) {
    errors.pluginConfig = 'This starts like JSON but is not a JSON object; fix it, write plain text, or leave it empty for the default.';
  }
  if (form.rootId.length > 256 || controlCharacters.test(form.rootId)) errors.rootId = 'At most 256 characters, without control characters.';
  return errors;
}

/** The request fields for what was typed: empty VM configuration and root id are left out (the backend's defaults). */
export function filterConfigRequest(form: FilterConfigForm) {
  return {
    pluginConfig: parsePluginConfig(form.pluginConfig) ?? null,
    ...(form.vmConfiguration === '' ? {} : { vmConfiguration: form.vmConfiguration }),
    ...(form.rootId === '' ? {} : { rootId: form.rootId }),
  };
}
