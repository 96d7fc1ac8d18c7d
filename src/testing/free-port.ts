import { createServer, type Server } from 'node:net';

function listenOnZero(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Returns `count` distinct free TCP ports on 127.0.0.1, chosen by the kernel
 * (bind to port 0). All are held open until every one is chosen, so that the
 * kernel cannot hand out the same port twice; they are released before
 * returning, so another process could still take one (callers that spawn a
 * server on it retry on "address in use").
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listenOnZero());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('not a TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}
