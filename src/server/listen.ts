import type { Express } from 'express';
import type { Server } from 'node:http';

/** Starts listening; resolves with the server and its actual port (0 picks a free one). */
export function listen(
  app: Express,
  port: number,
  host = '0.0.0.0',
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
    server.on('error', reject);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
