import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server that answers 200 to everything and counts what it received. */
export interface CountingUpstream {
  port: number;
  count(): number;
  stop(): Promise<void>;
}

/**
 * Stands where `localhost:<nodePort>` leads on Docker Desktop: the emulator gives a Service this port as its node
 * port (`--reserve-node-port`), so load sent to the Service's node port arrives here.
 */
export async function startCountingUpstream(): Promise<CountingUpstream> {
  let received = 0;
  const server: Server = createServer((request, response) => {
    received++;
    request.resume();
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    count: () => received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
