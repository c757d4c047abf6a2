import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface DrawerState {
  open: boolean;
  /** The operation whose log is shown; null shows the list. */
  selectedId: string | null;
  /** Opens the drawer, on one operation when an id is given. */
  show: (operationId?: string) => void;
  select: (operationId: string | null) => void;
  close: () => void;
}

const DrawerContext = createContext<DrawerState | null>(null);

export function OperationsDrawerProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const value = useMemo<DrawerState>(
    () => ({
      open,
      selectedId,
      show: (operationId) => {
        setOpen(true);
        if (operationId !== undefined) setSelectedId(operationId);
      },
      select: setSelectedId,
      close: () => setOpen(false),
    }),
    [open, selectedId],
  );
  return <DrawerContext.Provider value={value}>{children}</DrawerContext.Provider>;
}

export function useOperationsDrawer(): DrawerState {
  const state = useContext(DrawerContext);
  if (!state) throw new Error('useOperationsDrawer needs an <OperationsDrawerProvider> above it.');
  return state;
}
