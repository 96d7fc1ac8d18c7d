/**
 * The guarded resource: an inventory counter behind a tiny HTTP API, the way
 * a database or a storage service would sit behind a lock. It enforces
 * fencing: a write must carry the lock's fencing token, and a write whose
 * token is lower than the highest one seen is refused (409). That is what
 * makes a lock safe against a holder that was paused or partitioned and does
 * not know it has lost the lock.
 */
import { createServer, type Server } from 'node:http';

export interface InventoryStore {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  count: () => number;
  refused: () => number;
  close: () => Promise<void>;
}

export async function startInventoryStore(initial: number): Promise<InventoryStore> {
  let count = initial;
  let highestToken = -1n;
  let refused = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      if (req.method === 'GET') {
        res.end(JSON.stringify({ count }));
        return;
      }
      const write = JSON.parse(body) as { count: number; token: string };
      const token = BigInt(write.token);
      if (token < highestToken) {
        refused++;
        res.statusCode = 409;
        res.end(JSON.stringify({ error: `stale fencing token ${token} < ${highestToken}` }));
        return;
      }
      highestToken = token;
      count = write.count;
      res.end(JSON.stringify({ count }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
