import { useStartOperation } from '../operations/queries';
import { queryKeys } from '../queryKeys';
import { cleanupEverything } from './calls';

export const useCleanup = () => useStartOperation(() => cleanupEverything(), [queryKeys.meshes, queryKeys.apps]);
