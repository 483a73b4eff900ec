/**
 * Crash injection for the "worker killed mid-job" tests. A named point is hit only when the
 * process was started with MCA_FAILPOINT=<name>; it then dies at once, as `kill -9` would,
 * so no finally blocks, no BullMQ cleanup, no graceful anything.
 */
let armed: string | undefined;

export function armFailpoint(name: string | undefined): void {
  armed = name;
}

export function failpoint(name: string): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
