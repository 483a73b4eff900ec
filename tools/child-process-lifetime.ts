import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Ends a server child with this process: one orphaned by a crashed test run or dev server
 * would hold its port and data dir. Resolves when the child has exited.
 */
export function endWithThisProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const kill = (): void => {
    child.kill(signal);
  };
  process.on('exit', kill);
  return new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.off('exit', kill);
      resolve();
    });
  });
}

/** A loopback port free right now (another process may still take it before it is bound). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
