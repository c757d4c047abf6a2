import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../api';
import { setTransport } from '../../api/transport';
import { fakeTransport } from '../../test/fakeTransport';
import { renderApp } from '../../test/renderApp';
import { AttachmentList } from './AttachmentList';

afterEach(() => setTransport(undefined));

const attachment = (overrides: Partial<Attachment>): Attachment => ({
  id: 'a1',
  filterId: 'f1',
  filterName: 'echo',
  sha256: 'ab'.repeat(32),
  mesh: 'kuma',
  namespace: 'imagehub',
  workloadSelector: { app: 'api' },
  pluginConfig: '{}',
  rootId: 'echo',
  vmConfiguration: '',
  objectKind: 'MeshProxyPatch',
  objectName: 'echo-api',
  objectNamespace: 'kuma-system',
  status: 'attached',
  operationId: null,
  createdAt: '2026-11-25T18:00:00Z',
  ...overrides,
});

describe('AttachmentList', () => {
  it('names a root id other than the filter’s and a VM configuration an attachment was given, and nothing when they are the defaults', async () => {
    const { transport } = fakeTransport({
      'GET /api/filters/attachments': () => [
        attachment({ id: 'a1', objectName: 'echo-api', rootId: 'my_root', vmConfiguration: 'vm settings' }),
        attachment({ id: 'a2', objectName: 'echo-web', workloadSelector: { app: 'web' } }),
      ],
      'GET /api/filters/meshes': () => [],
      'GET /api/meshes': () => ({ meshes: [], clusterProblem: null }),
    });
    setTransport(transport);
    const app = renderApp(<AttachmentList />);

    expect(await screen.findByLabelText('Attachment echo-api')).toHaveTextContent(
      'echo → kuma MeshProxyPatch kuma-system/echo-api (app=api), root id my_root, VM configuration 11 characters',
    );
    expect(screen.getByLabelText('Attachment echo-web')).toHaveTextContent('echo → kuma MeshProxyPatch kuma-system/echo-web (app=web)');
    expect(screen.getByLabelText('Attachment echo-web')).not.toHaveTextContent(/root id|VM configuration/);
    app.live.stop();
  });
});
