import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FilterModule } from '../../api';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { FilterTable } from './FilterTable';

afterEach(() => setTransport(undefined));

const filter = (overrides: Partial<FilterModule>): FilterModule => ({
  id: 'f',
  name: 'f',
  sha256: 'ab'.repeat(32),
  abiVersion: '0.2.1',
  size: 29_178,
  exports: ['memory', '_initialize'],
  imports: ['env.proxy_log'],
  builtIn: false,
  defaultPluginConfig: null,
  createdAt: '2026-11-25T18:00:00Z',
  ...overrides,
});

describe('FilterTable', () => {
  it('lists each module with its ABI, size, exports, imports and pinned sha256; built-ins cannot be deleted', () => {
    setTransport(fakeTransport({}).transport);
    const app = renderApp(<FilterTable filters={[filter({ id: 'rate-limit', name: 'rate-limit', builtIn: true }), filter({ id: 'u1', name: 'mine', sha256: 'cd'.repeat(32) })]} />);

    const rows = within(screen.getByRole('table', { name: 'Filters' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('built-in')).toBeInTheDocument();
    expect(rows[1]!).toHaveTextContent('0.2.128.5 KiB2 exports / 1 imports');
    expect(within(rows[2]!).getByText(`${'cd'.repeat(6)}…`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete rate-limit' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete mine' })).toBeEnabled();
    expect(screen.getByRole('link', { name: 'Download mine' })).toHaveAttribute('href', '/api/filters/u1/module');
    app.live.stop();
  });
});
