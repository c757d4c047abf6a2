// The backend's own state: whether it answers, and the session the live hub needs.

export interface Health {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

export interface Session {
  token: string;
  /** The host port the SignalR hub is published on, or null when the backend could not learn it. */
  hubPort: number | null;
}
