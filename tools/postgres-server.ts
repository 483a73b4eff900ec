/**
 * A PostgreSQL cluster of the project's own, for the bundled FerretDB to keep its data in
 * (tools/mongo-server.ts): `initdb` once into a data dir, then `postgres` on a free loopback
 * port, as a child of this process. PostgreSQL refuses to run as root, and root is who runs
 * here and in CI: as root the cluster belongs to, and the server runs as, the `postgres` user
 * (else `nobody`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { endWithThisProcess, freePort } from './child-process-lifetime';

export interface PostgresHandle {
  /** postgres://user@127.0.0.1:port, without a database. */
  serverUrl: string;
  /** Where the cluster is: the requested dir, or its stand-in in the temp dir. */
  dataDir: string;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

interface Binaries {
  initdb: string;
  postgres: string;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** The superuser initdb creates; trust auth on loopback, like the machine's own cluster. */
const SUPERUSER = 'postgres';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** initdb and postgres from PATH, else the newest Debian-style /usr/lib/postgresql/N/bin. */
export function findPostgresBinaries(): Binaries | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push('/usr/local/bin', '/usr/local/pgsql/bin');
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian-style install
  }
  for (const dir of dirs) {
    const found = { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') };
    if (executable(found.initdb) && executable(found.postgres)) return found;
  }
  return undefined;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** As root, the unprivileged account to run PostgreSQL as; undefined when not root. */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((l) => l.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((f) => f[0] === name);
    if (entry?.[2] && entry[3]) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

/** Whether `user` can write dir, which needs every parent to be searchable by it. */
function reachableBy(dir: string, user: RunAs | undefined): boolean {
  if (!user) return true;
  return spawnSync('test', ['-w', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/**
 * The cluster's directory: wanted, when its user can reach it there; else one in the temp dir
 * named after it (a clone under root's 0700 home is out of the postgres user's reach).
 */
async function clusterDir(wanted: string, user: RunAs | undefined, log: Log): Promise<string> {
  // Parents searchable (the mode below would apply to every directory recursive creates).
  await mkdir(path.dirname(wanted), { recursive: true });
  await mkdir(wanted, { recursive: true, mode: 0o700 });
  if (user) await chown(wanted, user.uid, user.gid);
  if (reachableBy(wanted, user)) return wanted;
  const fallback = path.join(os.tmpdir(), `mca-postgresql-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
  log(`the ${user?.name} user cannot reach ${wanted}; keeping the PostgreSQL cluster in ${fallback} instead`);
  await mkdir(fallback, { recursive: true, mode: 0o700 });
  if (user) await chown(fallback, user.uid, user.gid);
  return fallback;
}

function run(file: string, args: string[], user: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`)),
    );
  });
}

/**
 * A server left running on this cluster by a process that died without stopping it would hold
 * the directory: stop it (only a postgres process started on this very directory).
 */
async function stopLeftover(dir: string, log: Log): Promise<void> {
  const pid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres') || !cmdline.includes(dir)) return;
  log(`stopping a PostgreSQL (pid ${pid}) left running on ${dir}`);
  process.kill(pid, 'SIGINT');
  for (const started = Date.now(); Date.now() - started < STOP_TIMEOUT_MS;) {
    await new Promise((r) => setTimeout(r, 200));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGQUIT');
}

/**
 * Starts (after creating, the first time) the cluster in dataDir. durable: false is for
 * throwaway test clusters, which skip fsync.
 */
export async function startPostgres(opts: { binaries: Binaries; dataDir: string; durable: boolean; log?: Log }): Promise<PostgresHandle> {
  const log = opts.log ?? (() => {});
  const user = unprivilegedUser();
  const dir = await clusterDir(opts.dataDir, user, log);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`creating a PostgreSQL cluster in ${dir}${user ? ` (owned by ${user.name}: PostgreSQL refuses to run as root)` : ''}`);
    await run(
      opts.binaries.initdb,
      ['-D', dir, '-U', SUPERUSER, '--auth=trust', '--locale=C', '--encoding=UTF8', ...(opts.durable ? [] : ['--no-sync'])],
      user,
    );
  } else {
    await stopLeftover(dir, log);
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(opts.binaries.postgres, dir, port, opts.durable, user, log);
    } catch (err) {
      // The free port can be taken between probing and binding; another port fixes that.
      if (attempt >= 3 || !/could not (bind|create listen)/.test(String(err))) throw err;
    }
  }
}

async function launch(bin: string, dir: string, port: number, durable: boolean, user: RunAs | undefined, log: Log): Promise<PostgresHandle> {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    'lc_messages=C',
    // Fresh statistics sooner than the default minute: the bundled store's query plans depend
    // on them (tools/ferretdb/postgres.go).
    'autovacuum_naptime=10s',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  const child = spawn(bin, ['-D', dir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended rather than waited for.
  const exited = endWithThisProcess(child, 'SIGINT');

  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      setTimeout(() => reject(new Error(`PostgreSQL on 127.0.0.1:${port} ${why}; log tail:\n${tail.join('\n') || '(empty)'}`)), 50);
    };
    const timer = setTimeout(() => fail(`was not ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    // Kept for a failed start only: once running, its log is expected errors (duplicate keys).
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (!settled && line.includes('database system is ready to accept connections')) {
        settled = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (err) => fail(`could not be started (${err.message})`));
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `exit ${code}`})`));
  });
  log(`PostgreSQL ready on 127.0.0.1:${port} (cluster in ${dir})`);

  return {
    serverUrl: `postgres://${SUPERUSER}@127.0.0.1:${port}`,
    dataDir: dir,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
