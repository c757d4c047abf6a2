// The sandbox form's fields as typed, checked with the backend's rules before the request is sent.

import type { SandboxRequest } from '../../api';
import { filterConfigRequest, validateFilterConfig, type FilterConfigForm } from './filterConfig';

export interface SandboxForm extends FilterConfigForm {
  /** A registry filter's id, or '' to proxy without a filter (the baseline). */
  filterId: string;
  /** `imagehub`, or an absolute http(s) URL without query. */
  upstream: string;
}

export function validateSandboxForm(form: SandboxForm): Partial<Record<keyof SandboxForm, string>> {
  const errors: Partial<Record<keyof SandboxForm, string>> = {};
  if (form.upstream !== 'imagehub') {
    let url: URL | undefined;
    try {
      url = new URL(form.upstream);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
      errors.upstream = 'Use imagehub or an absolute http(s) URL without query, such as http://127.0.0.1:8080.';
    }
  }
  if (form.filterId === '') {
    // Without a filter there is nothing to configure; the backend refuses the fields then.
    const stray = 'Pick a filter to configure, or leave this empty.';
    if (form.pluginConfig.trim() !== '') errors.pluginConfig = stray;
    if (form.vmConfiguration !== '') errors.vmConfiguration = stray;
    if (form.rootId !== '') errors.rootId = stray;
    return errors;
  }
  return { ...errors, ...validateFilterConfig(form) };
}

export function sandboxRequest(form: SandboxForm): SandboxRequest {
  return form.filterId === ''
    ? { filterId: null, upstream: form.upstream }
    : { filterId: form.filterId, upstream: form.upstream, ...filterConfigRequest(form) };
}
