import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { RunForm } from './RunForm';

afterEach(() => setTransport(undefined));

const profilesRoute = { 'GET /api/perf/profiles': () => [] };

// Typing into a whole MUI form under jsdom is slow on a busy 2-core machine.
describe('RunForm', { timeout: 60_000 }, () => {
  it('validates as the user types: the open model needs a rate, the closed one has no rate field', async () => {
    setTransport(fakeTransport(profilesRoute).transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);
    const rps = screen.getByLabelText('Requests per second');

    await userEvent.clear(rps);
    expect(screen.getByText(/open model sends at a fixed rate: enter requests per second/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: /Closed/ }));
    expect(screen.getByRole('button', { name: 'Start run' })).toBeEnabled();
    expect(screen.queryByLabelText('Requests per second')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Open/ }));
    expect(screen.getByLabelText('Requests per second')).toHaveValue('100');
    app.live.stop();
  });

  it('folds headers, cookies, body and TLS away until opened', async () => {
    setTransport(fakeTransport(profilesRoute).transport);
    const app = renderApp(<RunForm onStarted={vi.fn()} />);
    const toggle = screen.getByRole('button', { name: /Headers, cookies, body and TLS/ });

    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.type(screen.getByLabelText('Cookies'), 'session=1');
    expect(toggle).toHaveTextContent('(set)');
    app.live.stop();
  });

  it('sends the spec and puts the backend’s 400 field errors under the fields', async () => {
    const problem = {
      status: 400,
      title: 'One or more validation errors occurred.',
      detail: 'The run request is not valid; see the fields.',
      errors: {
        'urls[0]': ["'http://10.0.0.1:99999/' has a port out of range; use 1 to 65535."],
        'headers.X-Trace': ["The value of header 'X-Trace' contains a line break; header values must be one line."],
      },
    };
    const onStarted = vi.fn();
    const { transport, calls } = fakeTransport({
      ...profilesRoute,
      'POST /api/perf/runs': () => {
        throw new ApiError(400, problem.detail, problem);
      },
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={onStarted} />);

    await userEvent.click(screen.getByRole('button', { name: /Headers, cookies, body and TLS/ }));
    await userEvent.type(screen.getByLabelText('Headers'), 'X-Trace: abc');
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    expect(await screen.findByText(/has a port out of range; use 1 to 65535/)).toBeInTheDocument();
    expect(screen.getByLabelText('Target URLs')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Headers')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/header values must be one line/)).toBeInTheDocument();
    expect(onStarted).not.toHaveBeenCalled();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      spec: {
        urls: ['http://127.0.0.1:8080/'],
        method: 'GET',
        headers: { 'X-Trace': 'abc' },
        model: 'open',
        rps: 100,
        connections: 10,
        durationSeconds: 10,
        http2: false,
        insecureSkipVerify: false,
      },
    });

    // Editing clears the backend's verdict until the next attempt.
    await userEvent.type(screen.getByLabelText('Headers'), 'd');
    expect(screen.queryByText(/header values must be one line/)).not.toBeInTheDocument();
    app.live.stop();
  });

  it('loads a profile into the form and starts a run from it', async () => {
    const profile = {
      id: 'p1',
      name: 'httpbin max',
      spec: { urls: ['http://127.0.0.1:9000/get'], model: 'closed', connections: 4, requests: 500, http2: false, insecureSkipVerify: false },
      createdAt: '2026-11-25T18:00:00Z',
      updatedAt: '2026-11-25T18:00:00Z',
    };
    const onStarted = vi.fn();
    const { transport, calls } = fakeTransport({
      'GET /api/perf/profiles': () => [profile],
      'POST /api/perf/runs': () => ({ id: 'run-7' }),
      'GET /api/operations': () => [],
    });
    setTransport(transport);
    const app = renderApp(<RunForm onStarted={onStarted} />);

    await userEvent.click(screen.getByLabelText('Profile'));
    await userEvent.click(await screen.findByRole('option', { name: 'httpbin max' }));
    expect(screen.getByLabelText('Target URLs')).toHaveValue('http://127.0.0.1:9000/get');
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));

    await vi.waitFor(() => expect(onStarted).toHaveBeenCalledWith('run-7'));
    expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({ profileId: 'p1', name: 'httpbin max', spec: { model: 'closed', requests: 500 } });
    app.live.stop();
  });
});
