import { describe, expect, it } from 'vitest';
import { defaultPerfForm, fromPerfSpec, serverErrorsToFields, toPerfSpec, validatePerfForm, type PerfForm } from './perfForm';

const form = (overrides: Partial<PerfForm>): PerfForm => ({ ...defaultPerfForm, ...overrides });

describe('perf form validation', () => {
  it('accepts the bounds the backend accepts', () => {
    expect(validatePerfForm(form({ rps: '1', connections: '1', durationSeconds: '1' }))).toEqual({});
    expect(validatePerfForm(form({ rps: '1000000', connections: '10000', durationSeconds: '3600', warmupSeconds: '600', timeoutSeconds: '300' }))).toEqual({});
  });

  it.each([
    ['rps', '0', /rate must be from 1 to 1,000,000; 0 is out of range/],
    ['rps', '1000001', /1000001 is out of range/],
    ['rps', '2.5', /whole number/],
    ['connections', '0', /connections must be from 1 to 10,000/],
    ['connections', '10001', /10001 is out of range/],
    ['durationSeconds', '0.5', /duration in seconds must be from 1 to 3,600; 0.5/],
    ['durationSeconds', '3601', /3601 is out of range/],
    ['warmupSeconds', '601', /warm-up in seconds must be from 0 to 600/],
    ['timeoutSeconds', '301', /timeout in seconds must be from 0.001 to 300/],
    ['requests', '0', /request count must be from 1/],
  ] as const)('names what is wrong with %s = %j', (field, value, message) => {
    expect(validatePerfForm(form({ [field]: value }))[field]).toMatch(message);
  });

  it('needs a rate in the open model and forbids one in the closed model', () => {
    expect(validatePerfForm(form({ model: 'open', rps: '' })).rps).toMatch(/open model sends at a fixed rate/);
    expect(validatePerfForm(form({ model: 'closed', rps: '100' })).rps).toMatch(/closed model .* clear the rate/);
    expect(validatePerfForm(form({ model: 'closed', rps: '' })).rps).toBeUndefined();
  });

  it('needs a duration or a request count, and accepts either', () => {
    expect(validatePerfForm(form({ durationSeconds: '', requests: '' })).durationSeconds).toMatch(/duration .* or a request count/);
    expect(validatePerfForm(form({ durationSeconds: '', requests: '500' }))).toEqual({});
    expect(validatePerfForm(form({ durationSeconds: '5', requests: '' }))).toEqual({});
  });

  it('checks URLs, connections per URL, headers, cookies, body size and TLS choices', () => {
    expect(validatePerfForm(form({ urls: '' })).urls).toMatch(/at least one target URL/);
    expect(validatePerfForm(form({ urls: 'ftp://example.com/' })).urls).toMatch(/use http, https, grpc \(gRPC over h2c\) or grpcs/);
    expect(validatePerfForm(form({ urls: 'localhost:8080' })).urls).toMatch(/use http, https, grpc|not an absolute URL/);
    expect(validatePerfForm(form({ urls: 'http://a/\nhttp://b/\nhttp://c/', connections: '2' })).connections).toMatch(/2 connections cannot cover 3 URLs/);
    expect(validatePerfForm(form({ headers: 'Connection: close' })).headers).toMatch(/managed by the load generator/);
    expect(validatePerfForm(form({ headers: 'no colon here' })).headers).toMatch(/one 'Name: value' per line/);
    expect(validatePerfForm(form({ cookies: 'a=b;c' })).cookies).toMatch(/contains ';' or ','/);
    expect(validatePerfForm(form({ body: 'x'.repeat(10 * 1024 * 1024 + 1) })).body).toMatch(/10,485,761 bytes; the limit is 10 MiB/);
    expect(validatePerfForm(form({ body: 'x'.repeat(10 * 1024 * 1024) })).body).toBeUndefined();
    expect(validatePerfForm(form({ insecureSkipVerify: true, caCertificatePem: '-----BEGIN CERTIFICATE-----' })).caCertificatePem).toMatch(/not both/);
  });
});

describe('perf form ↔ spec', () => {
  it('sends numbers, pairs and only the fields that are set', () => {
    const spec = toPerfSpec(
      form({ urls: ' http://127.0.0.1:8080/a \n\n', method: 'post', headers: 'X-A: 1\nX-B: two words', cookies: 's=abc', body: '{}', contentType: 'application/json', rps: '250', connections: '4', durationSeconds: '2.5', warmupSeconds: '' }),
    );
    expect(spec).toEqual({
      urls: ['http://127.0.0.1:8080/a'],
      method: 'POST',
      headers: { 'X-A': '1', 'X-B': 'two words' },
      cookies: { s: 'abc' },
      body: '{}',
      contentType: 'application/json',
      model: 'open',
      rps: 250,
      connections: 4,
      durationSeconds: 2.5,
      http2: false,
      insecureSkipVerify: false,
    });
    expect(toPerfSpec(form({ model: 'closed', rps: '' }))).not.toHaveProperty('rps');
  });

  it('loads a saved spec back into the same form', () => {
    const original = form({ name: 'p', urls: 'http://a/\nhttp://b/', headers: 'X-A: 1', model: 'closed', rps: '', requests: '1000', durationSeconds: '' });
    expect(fromPerfSpec(toPerfSpec(original), 'p')).toEqual(original);
  });

  it('puts the backend field errors on the fields that hold them', () => {
    const mapped = serverErrorsToFields({
      'urls[1]': ["'http://' has no host; write it like http://host:port/path."],
      'headers.X-Foo': ['bad header'],
      'spec.rps': ['rate too high'],
      durationSeconds: ['too long'],
      profileId: ['no such profile'],
    });
    expect(mapped.fields).toEqual({
      urls: "'http://' has no host; write it like http://host:port/path.",
      headers: 'bad header',
      rps: 'rate too high',
      durationSeconds: 'too long',
    });
    expect(mapped.other).toEqual(['no such profile']);
  });

  it('checks gRPC targets: a method URL, no mixing, a .proto file or reflection beyond the health check, the JSON', () => {
    const grpc = (overrides: Partial<PerfForm>) => form({ urls: 'grpc://127.0.0.1:50051/demo.Greeter/Hello', ...overrides });
    expect(validatePerfForm(form({ urls: 'grpc://127.0.0.1/grpc.health.v1.Health/Check' })).urls).toMatch(/has no port/);
    expect(validatePerfForm(form({ urls: 'grpc://127.0.0.1:50051/Check' })).urls).toMatch(/does not name a method/);
    expect(validatePerfForm(form({ urls: 'grpc://127.0.0.1:50051/grpc.health.v1.Health/Check\nhttp://a/' })).urls).toMatch(/one kind of request/);
    expect(validatePerfForm(form({ urls: 'grpc://127.0.0.1:50051/grpc.health.v1.Health/Check' }))).toEqual({});
    expect(validatePerfForm(grpc({})).grpcProto).toMatch(/Upload the method's .proto file or use server reflection/);
    expect(validatePerfForm(grpc({ grpcReflection: true }))).toEqual({});
    expect(validatePerfForm(grpc({ grpcProto: 'syntax = "proto3";' }))).toEqual({});
    expect(validatePerfForm(grpc({ grpcProto: 'x', grpcReflection: true })).grpcProto).toMatch(/either a .proto file or server reflection/);
    expect(validatePerfForm(grpc({ grpcReflection: true, grpcJson: '{"a":' })).grpcJson).toMatch(/not valid JSON/);
    expect(validatePerfForm(grpc({ grpcReflection: true, grpcJson: '[1]' })).grpcJson).toMatch(/must be an object/);
    expect(validatePerfForm(grpc({ grpcReflection: true, streams: '8' }))).toEqual({});
    expect(validatePerfForm(form({ streams: '8' })).streams).toMatch(/need HTTP\/2/);
    expect(validatePerfForm(form({ streams: '8', http2: true }))).toEqual({});
  });

  it('sends gRPC fields only for gRPC targets and maps the backend’s grpc errors onto them', () => {
    const spec = toPerfSpec(form({ urls: 'grpc://h:1/a.B/C', grpcJson: ' {"x": 1} ', grpcReflection: true, streams: '4' }));
    expect(spec).toMatchObject({ streams: 4, grpc: { json: '{"x": 1}', reflection: true } });
    expect(spec.grpc).not.toHaveProperty('proto');
    expect(toPerfSpec(form({ grpcJson: '{}' }))).not.toHaveProperty('grpc');
    expect(serverErrorsToFields({ 'grpc.json': ['bad field'], 'spec.grpc.proto': ['line 2'] }).fields).toEqual({ grpcJson: 'bad field', grpcProto: 'line 2' });
  });
});
