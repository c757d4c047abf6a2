import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/apiError';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { FilterUpload } from './FilterUpload';

afterEach(() => setTransport(undefined));

const wasm = (name: string) => new File([new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])], name, { type: 'application/wasm' });

describe('FilterUpload', () => {
  it('names the file after it, checks the name as the user types and uploads the bytes', async () => {
    const { transport, calls } = fakeTransport({
      'POST /api/filters?name=my-limit': () => ({ id: 'f1', name: 'my-limit', abiVersion: '0.2.1', size: 8, exports: ['a', 'b'], imports: [] }),
    });
    setTransport(transport);
    const app = renderApp(<FilterUpload />);

    await userEvent.upload(screen.getByTestId('wasm-file'), wasm('My_Limit.wasm'));
    const name = screen.getByLabelText('Filter name');
    expect(name).toHaveValue('my-limit');
    await userEvent.type(name, '_');
    expect(screen.getByText(/lowercase letters, digits and "-"/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upload' })).toBeDisabled();
    await userEvent.type(name, '{Backspace}');
    await userEvent.click(screen.getByRole('button', { name: 'Upload' }));

    expect(await screen.findByText('my-limit is a valid proxy-wasm 0.2.1 module (8 B, 2 exports, 0 imports).')).toBeInTheDocument();
    const body = calls[0]!.body as { data: Uint8Array; contentType: string };
    expect(body.contentType).toBe('application/wasm');
    expect(Array.from(body.data)).toEqual([0, 97, 115, 109, 1, 0, 0, 0]);
    app.live.stop();
  });

  it('shows the validator’s sentence when the backend refuses the module', async () => {
    const sentence = 'The module exports no proxy-wasm ABI marker (proxy_abi_version_0_1_0, ...): it was not built with a proxy-wasm SDK, so no proxy can run it.';
    const { transport } = fakeTransport({
      'POST /api/filters?name=random': () => {
        throw new ApiError(400, sentence, { status: 400, detail: sentence });
      },
    });
    setTransport(transport);
    const app = renderApp(<FilterUpload />);

    await userEvent.upload(screen.getByTestId('wasm-file'), wasm('random.wasm'));
    await userEvent.click(screen.getByRole('button', { name: 'Upload' }));

    expect(await screen.findByText(sentence)).toBeInTheDocument();
    app.live.stop();
  });
});
