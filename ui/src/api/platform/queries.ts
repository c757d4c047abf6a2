import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../queryKeys';
import { getHealth } from './calls';

/** Health doubles as the "is the backend there" signal of the header, so it keeps checking. */
export function useHealth() {
  return useQuery({ queryKey: queryKeys.health, queryFn: getHealth, refetchInterval: 10_000, retry: false });
}
