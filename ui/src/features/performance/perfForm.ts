import type { GrpcRequest, LoadModel, PerfSpec } from '../../api';

// The load generator's bounds as the backend enforces them; checked here too, so mistakes show as typed.
export const limits = {
  rps: { min: 1, max: 1_000_000 },
  connections: { min: 1, max: 10_000 },
  durationSeconds: { min: 1, max: 3600 },
  requests: { min: 1, max: 1_000_000_000 },
  warmupSeconds: { min: 0, max: 600 },
  timeoutSeconds: { min: 0.001, max: 300 },
  streams: { min: 1, max: 256 },
  bodyBytes: 10 * 1024 * 1024,
  protoChars: 1024 * 1024,
  pods: { min: 1, max: 20 },
  clusterBodyBytes: 256 * 1024,
} as const;

/** The standard health check, which needs neither a .proto file nor reflection. */
export const healthCheckPath = '/grpc.health.v1.Health/Check';

export const defaultConnections = 10;

/** What the user types: text as typed, so a half-written number can be shown and explained. */
export interface PerfForm {
  name: string;
  /** One URL per line. */
  urls: string;
  method: string;
  /** One `Name: value` per line. */
  headers: string;
  /** One `name=value` per line. */
  cookies: string;
  body: string;
  contentType: string;
  model: LoadModel;
  rps: string;
  connections: string;
  durationSeconds: string;
  requests: string;
  warmupSeconds: string;
  timeoutSeconds: string;
  http2: boolean;
  insecureSkipVerify: boolean;
  caCertificatePem: string;
  /** HTTP/2 and gRPC: requests in flight per connection. */
  streams: string;
  /** gRPC: the request message as proto3 JSON. */
  grpcJson: string;
  /** gRPC: the uploaded .proto file's text, and its name as uploaded. */
  grpcProto: string;
  grpcProtoName: string;
  /** gRPC: the files the .proto file imports, each under the path its import statement gives. */
  grpcImports: ProtoImport[];
  grpcReflection: boolean;
  /** Where the load comes from: Meshdock's process, or runner pods in the cluster. */
  runner: 'local' | 'cluster';
  runnerNamespace: string;
  runnerPods: string;
  /** The runner pods join the namespace's mesh (its proxy sits on the client side too). */
  meshed: boolean;
}

export interface ProtoImport {
  path: string;
  text: string;
}

export type PerfField = keyof PerfForm;
export type PerfFieldErrors = Partial<Record<PerfField, string>>;

export const defaultPerfForm: PerfForm = {
  name: '',
  urls: 'http://127.0.0.1:8080/',
  method: 'GET',
  headers: '',
  cookies: '',
  body: '',
  contentType: '',
  model: 'open',
  rps: '100',
  connections: String(defaultConnections),
  durationSeconds: '10',
  requests: '',
  warmupSeconds: '',
  timeoutSeconds: '',
  http2: false,
  insecureSkipVerify: false,
  caCertificatePem: '',
  streams: '',
  grpcJson: '',
  grpcProto: '',
  grpcProtoName: '',
  grpcImports: [],
  grpcReflection: false,
  runner: 'local',
  runnerNamespace: 'meshdock-load',
  runnerPods: '2',
  meshed: false,
};

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const reservedHeaders = ['content-length', 'transfer-encoding', 'connection', 'upgrade', 'keep-alive'];

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export const formUrls = (form: Pick<PerfForm, 'urls'>) => lines(form.urls);

const isGrpcUrl = (text: string) => /^grpcs?:\/\//i.test(text);

/** Every target is a gRPC method (grpc:// or grpcs://): the form shows gRPC's fields instead of HTTP's. */
export const formIsGrpc = (form: Pick<PerfForm, 'urls'>) => {
  const urls = formUrls(form);
  return urls.length > 0 && urls.every(isGrpcUrl);
};

/** gRPC targets that call something other than the health check need the request's type. */
export const formNeedsProto = (form: Pick<PerfForm, 'urls'>) =>
  formIsGrpc(form) && formUrls(form).some((url) => !url.endsWith(healthCheckPath));

function urlError(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not an absolute URL; write it like http://host:port/path.`;
  }
  if (!['http:', 'https:', 'grpc:', 'grpcs:'].includes(url.protocol))
    return `'${text}' uses ${url.protocol.replace(':', '')}; use http, https, grpc (gRPC over h2c) or grpcs (gRPC over TLS).`;
  if (url.hostname === '') return `'${text}' has no host; write it like http://host:port/path.`;
  if (isGrpcUrl(text)) {
    if (url.port === '') return `'${text}' has no port; gRPC URLs name it, like grpc://host:50051${healthCheckPath}.`;
    if (!/^\/[\w.]+\.[\w]+\/\w+$/.test(url.pathname) || url.search !== '')
      return `'${text}' does not name a method; write grpc://host:port/package.Service/Method.`;
  }
  return undefined;
}

interface Range {
  min: number;
  max: number;
}

/** Undefined when the text is a number in range (whole when asked); otherwise the sentence saying what is wrong. */
function numberError(text: string, label: string, range: Range, whole: boolean): string | undefined {
  const trimmed = text.trim();
  const shown = `${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')}`;
  if (!(whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(trimmed)) return `The ${label} must be a ${whole ? 'whole ' : ''}number from ${shown}.`;
  const value = Number(trimmed);
  if (value < range.min || value > range.max) return `The ${label} must be from ${shown}; ${trimmed} is out of range.`;
  return undefined;
}

function parsePairs(text: string, separator: ':' | '='): { name: string; value: string; line: string }[] {
  return lines(text).map((line) => {
    const at = line.indexOf(separator);
    return at < 0 ? { name: '', value: '', line } : { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim(), line };
  });
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

export function validatePerfForm(form: PerfForm): PerfFieldErrors {
  const errors: PerfFieldErrors = {};
  if (form.name.trim().length > 100) errors.name = 'Keep the name to 100 characters.';
  const urls = formUrls(form);
  if (urls.length === 0) errors.urls = 'Enter at least one target URL, for example http://127.0.0.1:8080/.';
  else {
    const bad = urls.map(urlError).find((error) => error !== undefined);
    if (bad) errors.urls = bad;
    else if (urls.some(isGrpcUrl) && !urls.every(isGrpcUrl))
      errors.urls = 'A run sends one kind of request: use only grpc:// URLs or only http(s):// URLs.';
  }
  const grpc = formIsGrpc(form);

  if (!token.test(form.method.trim())) errors.method = 'Enter an HTTP method such as GET or POST (letters, no spaces).';

  for (const { name, line } of parsePairs(form.headers, ':')) {
    if (!token.test(name)) {
      errors.headers = `'${line}' is not a header; write one 'Name: value' per line.`;
      break;
    }
    if (reservedHeaders.includes(name.toLowerCase())) {
      errors.headers = `The header '${name}' is managed by the load generator; remove it.`;
      break;
    }
  }

  for (const { name, value, line } of parsePairs(form.cookies, '=')) {
    if (!token.test(name)) {
      errors.cookies = `'${line}' is not a cookie; write one 'name=value' per line.`;
      break;
    }
    if (/[;,]/.test(value)) {
      errors.cookies = `The value of cookie '${name}' contains ';' or ','; encode it first.`;
      break;
    }
  }

  const bodyBytes = utf8Bytes(form.body);
  if (bodyBytes > limits.bodyBytes)
    errors.body = `The body is ${bodyBytes.toLocaleString('en-US')} bytes; the limit is 10 MiB (${limits.bodyBytes.toLocaleString('en-US')} bytes).`;

  const rps = form.rps.trim();
  if (form.model === 'open') {
    errors.rps =
      rps === ''
        ? 'The open model sends at a fixed rate: enter requests per second (1 to 1,000,000).'
        : numberError(rps, 'rate', limits.rps, true);
  } else if (rps !== '') {
    errors.rps = 'The closed model sends as fast as responses come back: clear the rate, or choose the open model.';
  }

  if (form.connections.trim() !== '') {
    errors.connections = numberError(form.connections, 'number of connections', limits.connections, true);
    if (!errors.connections && Number(form.connections) < urls.length)
      errors.connections = `${form.connections.trim()} connections cannot cover ${urls.length} URLs; use at least one connection per URL.`;
  } else if (urls.length > defaultConnections) {
    errors.connections = `The default of ${defaultConnections} connections cannot cover ${urls.length} URLs; enter at least ${urls.length}.`;
  }

  const duration = form.durationSeconds.trim();
  const requests = form.requests.trim();
  if (duration === '' && requests === '') errors.durationSeconds = 'Set a duration (1 to 3,600 s) or a request count, so the run knows when to stop.';
  if (duration !== '') errors.durationSeconds = numberError(duration, 'duration in seconds', limits.durationSeconds, false);
  if (requests !== '') errors.requests = numberError(requests, 'request count', limits.requests, true);
  if (form.warmupSeconds.trim() !== '') errors.warmupSeconds = numberError(form.warmupSeconds, 'warm-up in seconds', limits.warmupSeconds, false);
  if (form.timeoutSeconds.trim() !== '') errors.timeoutSeconds = numberError(form.timeoutSeconds, 'request timeout in seconds', limits.timeoutSeconds, false);

  const streams = form.streams.trim();
  if (streams !== '') {
    errors.streams = numberError(streams, 'number of streams per connection', limits.streams, true);
    if (!errors.streams && Number(streams) > 1 && !form.http2 && !grpc)
      errors.streams = 'Several streams per connection need HTTP/2: turn HTTP/2 on, or use one stream.';
  }

  if (grpc) {
    const json = form.grpcJson.trim();
    if (json !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (error) {
        errors.grpcJson = `The request is not valid JSON: ${(error as Error).message}`;
      }
      if (!errors.grpcJson && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)))
        errors.grpcJson = 'The request JSON must be an object, like {"name": "world"}.';
    }
    if (form.grpcProto !== '' && form.grpcReflection) errors.grpcProto = 'Choose either a .proto file or server reflection, not both.';
    else if (form.grpcProto.length > limits.protoChars)
      errors.grpcProto = `The .proto file is ${form.grpcProto.length.toLocaleString('en-US')} characters; the limit is ${limits.protoChars.toLocaleString('en-US')}.`;
    else if (formNeedsProto(form) && form.grpcProto === '' && !form.grpcReflection)
      errors.grpcProto = "Upload the method's .proto file or use server reflection, so the request can be encoded (only the health check needs neither).";
    errors.grpcImports = importsError(form);
  }

  const ca = form.caCertificatePem.trim();
  if (ca !== '' && form.insecureSkipVerify)
    errors.caCertificatePem = 'Choose either skipping certificate verification or trusting a CA certificate, not both.';
  else if (ca !== '' && !ca.includes('-----BEGIN CERTIFICATE-----'))
    errors.caCertificatePem = 'Paste a PEM certificate: the text starting with -----BEGIN CERTIFICATE-----.';

  if (form.runner === 'cluster') Object.assign(errors, clusterRunnerErrors(form));

  for (const field of Object.keys(errors) as PerfField[]) if (errors[field] === undefined) delete errors[field];
  return errors;
}

const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** What the cluster runner needs on top: a namespace to run in, and a load that splits over its pods. */
function clusterRunnerErrors(form: PerfForm): PerfFieldErrors {
  const errors: PerfFieldErrors = {};
  const ns = form.runnerNamespace.trim();
  if (!dnsLabel.test(ns) || ns.length > 63)
    errors.runnerNamespace = 'Enter a namespace name: lowercase letters, digits and -, at most 63 characters.';
  else if (ns.startsWith('kube-')) errors.runnerNamespace = `'${ns}' is one of Kubernetes' own namespaces; run the load from an application namespace.`;
  errors.runnerPods = numberError(form.runnerPods, 'number of runner pods', limits.pods, true);
  const pods = Number(form.runnerPods.trim());
  if (!errors.runnerPods) {
    const connections = Number(form.connections.trim() || defaultConnections);
    if (connections < pods) errors.runnerPods = `Each pod needs at least one connection: ${connections} connections cannot be shared by ${pods} pods.`;
    else if (form.model === 'open' && Number(form.rps.trim()) < pods)
      errors.runnerPods = `Each pod needs at least one request a second: ${form.rps.trim()} rps cannot be shared by ${pods} pods.`;
    else if (form.requests.trim() !== '' && Number(form.requests.trim()) < pods)
      errors.runnerPods = `Each pod needs at least one request: ${form.requests.trim()} requests cannot be shared by ${pods} pods.`;
  }
  if (form.caCertificatePem.trim() !== '')
    errors.caCertificatePem = 'The cluster runner cannot take a CA certificate yet; skip TLS verification for a test certificate, or run locally.';
  if (utf8Bytes(form.body) > limits.clusterBodyBytes) errors.body = 'The cluster runner passes the body in its pods’ arguments: at most 256 KiB.';
  return errors;
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

function pairs(text: string, separator: ':' | '='): Record<string, string> | undefined {
  const entries = parsePairs(text, separator).map(({ name, value }) => [name, value] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** What is wrong with the imported files: they need the file that imports them, and each its own import path. */
function importsError(form: PerfForm): string | undefined {
  if (form.grpcImports.length === 0) return undefined;
  if (form.grpcProto === '') return 'Imported files come with the .proto file that imports them; upload that file too.';
  const seen = new Set<string>();
  for (const { path } of form.grpcImports) {
    if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((part) => part === '' || part === '.' || part === '..'))
      return `'${path}' is not an import path; give each file the path its import statement names, like acme/common/money.proto.`;
    if (seen.has(path)) return `Two imported files have the path ${path}; each path names one file.`;
    seen.add(path);
  }
  const total = form.grpcProto.length + form.grpcImports.reduce((sum, file) => sum + file.text.length, 0);
  if (total > limits.protoChars)
    return `The .proto file and its imports are ${total.toLocaleString('en-US')} characters; the limit is ${limits.protoChars.toLocaleString('en-US')}.`;
  return undefined;
}

function toGrpcRequest(form: PerfForm): GrpcRequest | undefined {
  if (!formIsGrpc(form)) return undefined;
  const json = form.grpcJson.trim();
  if (json === '' && form.grpcProto === '' && !form.grpcReflection) return undefined;
  return {
    ...(json !== '' ? { json } : {}),
    ...(form.grpcProto !== '' ? { proto: form.grpcProto } : {}),
    ...(form.grpcProto !== '' && form.grpcImports.length > 0
      ? { imports: Object.fromEntries(form.grpcImports.map(({ path, text }) => [path, text])) }
      : {}),
    ...(form.grpcReflection ? { reflection: true } : {}),
  };
}

/** The spec for a valid form (check `validatePerfForm` first); empty optional fields are left out. */
export function toPerfSpec(form: PerfForm): PerfSpec {
  const spec: PerfSpec = {
    urls: formUrls(form),
    method: form.method.trim().toUpperCase(),
    headers: pairs(form.headers, ':'),
    cookies: pairs(form.cookies, '='),
    body: form.body === '' ? undefined : form.body,
    contentType: form.contentType.trim() || undefined,
    model: form.model,
    rps: form.model === 'open' ? optionalNumber(form.rps) : undefined,
    connections: optionalNumber(form.connections),
    durationSeconds: optionalNumber(form.durationSeconds),
    requests: optionalNumber(form.requests),
    warmupSeconds: optionalNumber(form.warmupSeconds),
    timeoutSeconds: optionalNumber(form.timeoutSeconds),
    http2: form.http2,
    insecureSkipVerify: form.insecureSkipVerify,
    caCertificatePem: form.caCertificatePem.trim() || undefined,
    streams: optionalNumber(form.streams),
    grpc: toGrpcRequest(form),
    runner:
      form.runner === 'cluster'
        ? { where: 'cluster', namespace: form.runnerNamespace.trim(), pods: Number(form.runnerPods.trim()), meshed: form.meshed }
        : undefined,
  };
  return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)) as PerfSpec;
}

const text = (value: number | undefined | null) => (value === undefined || value === null ? '' : String(value));
const joinPairs = (record: Record<string, string> | undefined, separator: string) =>
  Object.entries(record ?? {})
    .map(([name, value]) => `${name}${separator}${value}`)
    .join('\n');

/** A saved spec back in the form (loading a profile, or repeating a run). */
export function fromPerfSpec(spec: PerfSpec, name: string): PerfForm {
  return {
    name,
    urls: spec.urls.join('\n'),
    method: spec.method ?? 'GET',
    headers: joinPairs(spec.headers, ': '),
    cookies: joinPairs(spec.cookies, '='),
    body: spec.body ?? '',
    contentType: spec.contentType ?? '',
    model: spec.model,
    rps: spec.model === 'open' ? text(spec.rps) : '',
    connections: text(spec.connections),
    durationSeconds: text(spec.durationSeconds),
    requests: text(spec.requests),
    warmupSeconds: spec.warmupSeconds ? String(spec.warmupSeconds) : '',
    timeoutSeconds: text(spec.timeoutSeconds),
    http2: spec.http2,
    insecureSkipVerify: spec.insecureSkipVerify,
    caCertificatePem: spec.caCertificatePem ?? '',
    streams: text(spec.streams),
    grpcJson: spec.grpc?.json ?? '',
    grpcProto: spec.grpc?.proto ?? '',
    grpcProtoName: spec.grpc?.proto ? 'saved .proto file' : '',
    grpcImports: Object.entries(spec.grpc?.imports ?? {}).map(([path, text]) => ({ path, text })),
    grpcReflection: spec.grpc?.reflection ?? false,
    runner: spec.runner?.where === 'cluster' ? 'cluster' : 'local',
    runnerNamespace: spec.runner?.namespace ?? defaultPerfForm.runnerNamespace,
    runnerPods: text(spec.runner?.pods) || defaultPerfForm.runnerPods,
    meshed: spec.runner?.meshed ?? false,
  };
}

/** The API's names for fields that are not the form's own names, onto the form's. */
const fieldAliases: Record<string, PerfField> = {
  'grpc.json': 'grpcJson',
  'grpc.proto': 'grpcProto',
  'grpc.imports': 'grpcImports',
  grpc: 'grpcProto',
  'runner.where': 'runner',
  'runner.namespace': 'runnerNamespace',
  'runner.pods': 'runnerPods',
  'runner.meshed': 'meshed',
};

/**
 * The backend names fields as the API does (`urls[1]`, `headers.X-Foo`, `spec.rps`): each goes onto the form field
 * that holds it. Sentences for fields the form does not have are returned under `other`.
 */
export function serverErrorsToFields(errors: Record<string, string[]>): { fields: PerfFieldErrors; other: string[] } {
  const fields: PerfFieldErrors = {};
  const other: string[] = [];
  const known = new Set(Object.keys(defaultPerfForm));
  for (const [key, sentences] of Object.entries(errors)) {
    const sentence = sentences[0];
    if (sentence === undefined) continue;
    const apiField = key.replace(/^spec\./, '');
    const field = fieldAliases[apiField] ?? apiField.replace(/[[.].*$/, '');
    if (known.has(field)) fields[field as PerfField] ??= sentence;
    else other.push(sentence);
  }
  return { fields, other };
}
