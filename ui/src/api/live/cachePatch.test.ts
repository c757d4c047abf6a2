import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { event, finalEvent, operation } from '../../test/fixtures';
import { operationKeys } from '../operations/queries';
import type { Operation } from '../operations/types';
import { patchCache } from './cachePatch';

function clientWith(list: Operation[]) {
  const client = new QueryClient();
  client.setQueryData(operationKeys.list, list);
  return client;
}

describe('patchCache', () => {
  it('moves progress and lastSeq of the listed operation and its detail', () => {
    const client = clientWith([operation(), operation({ id: 'other', lastSeq: 9 })]);
    client.setQueryData(operationKeys.detail('op-1'), operation());

    const result = patchCache(client, event(4));

    expect(result).toEqual({ known: true, finishedNow: null });
    const [patched, untouched] = client.getQueryData<Operation[]>(operationKeys.list)!;
    expect(patched).toMatchObject({ stepsDone: 3, stepsTotal: 5, lastSeq: 4, status: 'running' });
    expect(untouched!.lastSeq).toBe(9);
    expect(client.getQueryData<Operation>(operationKeys.detail('op-1'))).toMatchObject({ stepsDone: 3, lastSeq: 4 });
  });

  it('ignores an event the cache already reflects', () => {
    const client = clientWith([operation({ stepsDone: 4, lastSeq: 5 })]);
    patchCache(client, event(3));
    expect(client.getQueryData<Operation[]>(operationKeys.list)![0]).toMatchObject({ stepsDone: 4, lastSeq: 5 });
  });

  it('reports a finish once, with the failure sentence as the error until the refetch brings the stored one', () => {
    const client = clientWith([operation({ lastSeq: 3 })]);
    const failed = finalEvent(4, 'failed', 'The step failed; check the cluster and retry.');

    const first = patchCache(client, failed);
    const again = patchCache(client, failed);

    expect(first.finishedNow?.status).toBe('running');
    expect(again.finishedNow).toBeNull();
    expect(client.getQueryData<Operation[]>(operationKeys.list)![0]).toMatchObject({
      status: 'failed',
      error: 'The step failed; check the cluster and retry.',
      finishedAt: failed.time,
    });
  });

  it('says when the operation is not in the cache', () => {
    const client = clientWith([]);
    expect(patchCache(client, event(1, { operationId: 'new' })).known).toBe(false);
  });
});
