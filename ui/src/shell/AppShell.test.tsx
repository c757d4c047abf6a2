import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiError';
import { setTransport } from '../api/transport';
import { fakeTransport } from '../test/fakeTransport';
import { renderApp } from '../test/renderApp';
import { AppShell } from './AppShell';

afterEach(() => setTransport(undefined));

describe('AppShell', () => {
  it('shows the backend version and navigates between the sections', async () => {
    setTransport(
      fakeTransport({
        'GET /api/health': () => ({ status: 'ok', version: '0.1.0', uptimeSeconds: 75 }),
        'GET /api/operations': () => [],
        'GET /api/perf/profiles': () => [],
        'GET /api/perf/runs': () => [],
      }).transport,
    );
    const app = renderApp(<AppShell />);

    expect(await screen.findByText('Backend v0.1.0')).toBeInTheDocument();
    const tabs = within(screen.getByRole('tablist', { name: 'Sections' })).getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Overview', 'Meshes', 'Sample apps', 'Namespaces', 'Filters', 'Performance']);
    // The Overview page loads lazily; with its cluster cards that takes a while on a busy machine.
    expect(await screen.findByRole('heading', { name: 'Self-test' }, { timeout: 15_000 })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Performance' }));
    expect(await screen.findByRole('heading', { name: 'Performance' }, { timeout: 15_000 })).toBeInTheDocument();
    expect(await screen.findByText('No runs match. Start one above, or import an SMP file.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeEnabled();
    app.live.stop();
  });

  it('says the backend is unreachable, with the sentence saying what to do', async () => {
    const sentence = 'Could not reach the Meshdock backend for /api/health (Failed to fetch). Check that the backend is still running (`make run`) and reload the page.';
    setTransport(
      fakeTransport({
        'GET /api/health': () => {
          throw new ApiError(0, sentence);
        },
        'GET /api/operations': () => [],
      }).transport,
    );
    const app = renderApp(<AppShell />);

    expect(await screen.findByText('Backend unreachable')).toBeInTheDocument();
    expect((await screen.findAllByText(sentence)).length).toBeGreaterThanOrEqual(1);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    app.live.stop();
  });
});
