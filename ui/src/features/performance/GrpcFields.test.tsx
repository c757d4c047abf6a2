import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { RunForm } from './RunForm';

afterEach(() => setTransport(undefined));

const proto = 'syntax = "proto3";\npackage demo;\nmessage R { string name = 1; }\nservice Greeter { rpc Hello (R) returns (R); }\n';
const methodUrl = 'grpc://127.0.0.1:50051/demo.Greeter/Hello';

async function enterUrl(url: string) {
  const urls = screen.getByLabelText('Target URLs');
  await userEvent.clear(urls);
  fireEvent.change(urls, { target: { value: url } });
}

// The run form with gRPC targets: fields shown only when they apply, the .proto upload or reflection, the spec sent.
describe('RunForm gRPC and streams fields', { timeout: 60_000 }, () => {
  it('shows streams only for HTTP/2 and gRPC, and gRPC fields only for grpc:// targets', async () => {
    setTransport(fakeTransport({ 'GET /api/perf/profiles': () => [] }).transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);

    await userEvent.click(screen.getByRole('button', { name: /Headers, cookies, body and TLS/ }));
    expect(screen.queryByLabelText('Streams per connection')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Request (JSON)')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('HTTP/2'));
    expect(screen.getByLabelText('Streams per connection')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Streams per connection'), '300');
    expect(screen.getByText(/streams per connection must be from 1 to 256/)).toBeInTheDocument();

    await enterUrl('grpc://127.0.0.1:50051/grpc.health.v1.Health/Check');
    expect(screen.queryByLabelText('Method')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Body')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('HTTP/2')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Request (JSON)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /gRPC request, metadata, streams and TLS/ })).toBeInTheDocument();
    app.live.stop();
  });

  it('needs a .proto file or reflection for a method other than the health check, then sends both with the JSON request', async () => {
    const onStarted = vi.fn();
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'POST /api/perf/runs': () => ({ id: 'run-9' }),
      'GET /api/operations': () => [],
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={onStarted} />);

    await enterUrl(methodUrl);
    // The missing type is an error in the folded section, which opens to show it.
    expect(await screen.findByText(/Upload the method's .proto file or use server reflection/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();

    await userEvent.upload(screen.getByLabelText('.proto file'), new File([proto], 'greeter.proto', { type: 'text/plain' }));
    expect(await screen.findByText('greeter.proto')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Request (JSON)'), { target: { value: '{"name": ' } });
    expect(screen.getByText(/The request is not valid JSON/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Request (JSON)'), { target: { value: '{"name": "world"}' } });
    await userEvent.type(screen.getByLabelText('Streams per connection'), '4');
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    await vi.waitFor(() => expect(onStarted).toHaveBeenCalledWith('run-9'));
    expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      spec: { urls: [methodUrl], streams: 4, grpc: { json: '{"name": "world"}', proto } },
    });
    app.live.stop();
  });

  it('uses server reflection instead of the file, and shows the backend’s sentence under the request', async () => {
    const problem = {
      status: 400,
      title: 'One or more validation errors occurred.',
      detail: 'The run request is not valid; see the fields.',
      errors: { 'grpc.json': ["The request is the message demo.R, which has no field 'nmae'; its fields are name."] },
    };
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'POST /api/perf/runs': () => {
        throw new ApiError(400, problem.detail, problem);
      },
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);

    await enterUrl(methodUrl);
    await userEvent.upload(screen.getByLabelText('.proto file'), new File([proto], 'greeter.proto', { type: 'text/plain' }));
    await userEvent.click(screen.getByLabelText('Use server reflection'));
    expect(screen.queryByText('greeter.proto')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Upload .proto file/ })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Request (JSON)'), { target: { value: '{"nmae": "x"}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    expect(await screen.findByText(/has no field 'nmae'/)).toBeInTheDocument();
    expect(screen.getByLabelText('Request (JSON)')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      spec: { urls: [methodUrl], grpc: { json: '{"nmae": "x"}', reflection: true } },
    });
    expect((calls.find((call) => call.method === 'POST')?.body as { spec: { grpc: object } }).spec.grpc).not.toHaveProperty('proto');
    app.live.stop();
  });

  it('sends the files the .proto file imports under the import paths given, refusing a path that cannot be one', async () => {
    const main = 'syntax = "proto3";\nimport "demo/v1/greeter.proto";\n';
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [],
      'POST /api/perf/runs': () => ({ id: 'run-7' }),
      'GET /api/operations': () => [],
    });
    setTransport(transport);
    const onStarted = vi.fn();
    const app = renderApp(<RunForm onStarted={onStarted} />);

    await enterUrl(methodUrl);
    await userEvent.upload(screen.getByLabelText('.proto file'), new File([main], 'main.proto', { type: 'text/plain' }));
    await userEvent.upload(screen.getByLabelText('Imported .proto files'), [new File([proto], 'greeter.proto', { type: 'text/plain' })]);
    const path = await screen.findByLabelText('Import path');
    expect(path).toHaveValue('greeter.proto');
    fireEvent.change(path, { target: { value: '../greeter.proto' } });
    expect(screen.getByText(/'..\/greeter.proto' is not an import path/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();
    fireEvent.change(path, { target: { value: 'demo/v1/greeter.proto' } });
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    await vi.waitFor(() => expect(onStarted).toHaveBeenCalledWith('run-7'));
    expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      spec: { urls: [methodUrl], grpc: { proto: main, imports: { 'demo/v1/greeter.proto': proto } } },
    });
    app.live.stop();
  });
});
