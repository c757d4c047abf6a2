import { useStartOperation } from '../operations/queries';
import { appKeys } from '../apps/queries';
import { meshKeys } from '../meshes/queries';
import { cleanupEverything } from './calls';

export const useCleanup = () => useStartOperation(() => cleanupEverything(), [meshKeys.all, appKeys.all]);
