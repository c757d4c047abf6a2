import { useStartOperation } from '../operations/queries';
import { appKeys } from '../apps/queries';
import { meshKeys } from '../meshes/queries';

export const useCleanup = () => useStartOperation(() => ({ method: 'POST', url: '/api/cleanup' }), [meshKeys.all, appKeys.all]);
