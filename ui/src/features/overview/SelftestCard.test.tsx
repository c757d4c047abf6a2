import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { operation } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { OperationsDrawer } from '../operations/OperationsDrawer';
import { SelftestCard } from './SelftestCard';

afterEach(() => setTransport(undefined));

describe('SelftestCard', () => {
  it('validates as the user types and keeps the button disabled while a field is wrong', async () => {
    setTransport(fakeTransport({}).transport);
    const app = renderApp(<SelftestCard />);
    const steps = screen.getByLabelText('Steps');

    await userEvent.clear(steps);
    await userEvent.type(steps, '0');

    expect(screen.getByText(/number of steps must be from 1 to 10000; 0 is out of range/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run self-test' })).toBeDisabled();

    await userEvent.type(steps, '5');
    expect(screen.getByRole('button', { name: 'Run self-test' })).toBeEnabled();
    app.live.stop();
  });

  it('starts the self-test and opens the drawer on it', async () => {
    const { transport, calls } = fakeTransport({
      'POST /api/operations/selftest': () => ({ id: 'op-9' }),
      'GET /api/operations': () => [operation({ id: 'op-9', title: 'Self-test of 20 steps' })],
      'GET /api/operations/op-9': () => operation({ id: 'op-9', title: 'Self-test of 20 steps' }),
    });
    setTransport(transport);
    const app = renderApp(<><SelftestCard /><OperationsDrawer /></>);

    await userEvent.click(screen.getByRole('button', { name: 'Run self-test' }));

    expect(calls[0]).toEqual({ method: 'POST', url: '/api/operations/selftest', body: { steps: 20, stepMillis: 250 } });
    expect(await screen.findByRole('heading', { name: 'Self-test of 20 steps' })).toBeInTheDocument();
    expect(screen.getByRole('log', { name: 'Event log' })).toBeInTheDocument();
    app.live.stop();
  });

  it('explains a busy target and offers to show the operation holding it', async () => {
    const { transport } = fakeTransport({
      'POST /api/operations/selftest': () => {
        throw new ApiError(409, 'The target selftest:demo is busy with operation op-3; wait for it or cancel it.', {
          status: 409,
          detail: 'The target selftest:demo is busy with operation op-3; wait for it or cancel it.',
          operationId: 'op-3',
        });
      },
      'GET /api/operations': () => [operation({ id: 'op-3', title: 'Self-test on demo' })],
      'GET /api/operations/op-3': () => operation({ id: 'op-3', title: 'Self-test on demo' }),
    });
    setTransport(transport);
    const app = renderApp(<><SelftestCard /><OperationsDrawer /></>);

    await userEvent.type(screen.getByLabelText('Target (optional)'), 'demo');
    await userEvent.click(screen.getByRole('button', { name: 'Run self-test' }));

    expect(await screen.findByText(/is busy with operation op-3; wait for it or cancel it/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show it' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Self-test on demo' })).toBeInTheDocument());
    app.live.stop();
  });
});
