import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { perfRun } from '../../test/perfFixtures';
import { renderApp } from '../../test/renderApp';
import { ImportRunButton } from './ImportRunButton';

afterEach(() => setTransport(undefined));

describe('ImportRunButton', () => {
  it('shows the sentence of a 400 for a malformed SMP file', async () => {
    const sentence = "Field 'start_time' is not a date: 'yesterday'; write it as ISO-8601, e.g. 2026-11-25T18:00:00Z.";
    const { transport, calls } = fakeTransport({
      'POST /api/perf/runs/import': () => {
        throw new ApiError(400, sentence, { status: 400, detail: sentence });
      },
    });
    setTransport(transport);
    const onImported = vi.fn();
    const app = renderApp(<ImportRunButton onImported={onImported} />);

    await userEvent.upload(screen.getByLabelText('SMP file'), new File(['smp_version: v0.0.1\nstart_time: yesterday\n'], 'run.smp.yaml'));

    expect(await screen.findByText(sentence)).toBeInTheDocument();
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/perf/runs/import',
      body: { data: 'smp_version: v0.0.1\nstart_time: yesterday\n', contentType: 'application/yaml' },
    });
    expect(onImported).not.toHaveBeenCalled();
    app.live.stop();
  });

  it('sends a JSON file as JSON and opens the imported run', async () => {
    const { transport, calls } = fakeTransport({
      'POST /api/perf/runs/import': () => perfRun({ id: 'imp-1', source: 'imported' }),
      'GET /api/perf/runs': () => [],
    });
    setTransport(transport);
    const onImported = vi.fn();
    const app = renderApp(<ImportRunButton onImported={onImported} />);

    await userEvent.upload(screen.getByLabelText('SMP file'), new File(['{"smp_version":"v0.0.1"}'], 'run.json'));

    await vi.waitFor(() => expect(onImported).toHaveBeenCalledWith('imp-1'));
    expect((calls[0]?.body as { contentType: string }).contentType).toBe('application/json');
    app.live.stop();
  });

  it('says when a bare SMP test configuration was saved as a profile', async () => {
    const { transport } = fakeTransport({
      'POST /api/perf/runs/import': () => ({ id: 'p-1', name: 'bookinfo at 50 rps', spec: {}, createdAt: '', updatedAt: '' }),
      'GET /api/perf/profiles': () => [],
    });
    setTransport(transport);
    const onImported = vi.fn();
    const app = renderApp(<ImportRunButton onImported={onImported} />);

    await userEvent.upload(screen.getByLabelText('SMP file'), new File(['smp_version: v0.6.1\nclients: []\n'], 'config.yaml'));

    expect(await screen.findByText(/saved as the profile “bookinfo at 50 rps”/)).toBeInTheDocument();
    expect(onImported).not.toHaveBeenCalled();
    app.live.stop();
  });
});
