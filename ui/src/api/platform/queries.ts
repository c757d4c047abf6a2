import { useQuery } from '@tanstack/react-query';
import { getHealth } from './calls';

// This feature's query keys: all start with its own segment, so invalidating the prefix refreshes every one of them.
export const platformKeys = {
  health: ['health'] as const,
  session: ['session'] as const,
};

/** Health doubles as the "is the backend there" signal of the header, so it keeps checking. */
export function useHealth() {
  return useQuery({ queryKey: platformKeys.health, queryFn: getHealth, refetchInterval: 10_000, retry: false });
}
