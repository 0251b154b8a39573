import net from 'node:net';

/** The PostgreSQL the benchmarks use: DATABASE_URL if set, else 127.0.0.1:5432 if it answers, else null. */
export function postgresUrl(): Promise<string | null> {
  if (process.env.DATABASE_URL) return Promise.resolve(process.env.DATABASE_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: 5432, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('postgres://postgres@127.0.0.1:5432/postgres');
    });
    socket.once('error', () => resolve(null));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(null);
    });
  });
}
