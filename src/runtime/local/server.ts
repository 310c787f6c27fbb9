import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Deps } from '../../app/deps.js';
import { createLocalApp } from './app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the local app on host:port (port 0 picks a free one). */
export async function startServer(deps: Deps, opts: { host: string; port: number }): Promise<RunningServer> {
  const app = await createLocalApp(deps);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info: AddressInfo) => {
      resolve({
        url: `http://${opts.host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold the close open.
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
  });
}
