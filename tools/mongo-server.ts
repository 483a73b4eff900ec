/**
 * A MongoDB-protocol server for machines where MongoDB cannot be installed: an embedded
 * FerretDB built from tools/ferretdb with `go build` on first use, behind a proxy there that
 * makes single-document writes atomic (tools/ferretdb/serialize.go). Its data goes to
 * PostgreSQL (a cluster of its own, tools/postgres-server.ts, or EMBEDDED_POSTGRES_URL's), where
 * the proxy's GIN indexes make lookups indexed; to SQLite, where every query scans, only when
 * no PostgreSQL is at hand or EMBEDDED_STORE=sqlite says so.
 * Used by `npm start` (ensureMongo), the integration tests' global setup and the benches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { endWithThisProcess } from './child-process-lifetime';
import { findPostgresBinaries, startPostgres } from './postgres-server';

export interface MongoServerHandle {
  url: string;
  /** Where the data is kept, for logs and bench tables: "PostgreSQL (own cluster)", "SQLite", … */
  store: string;
  stop(): Promise<void>;
}

export type EmbeddedStore = 'postgresql' | 'sqlite';

type Log = (line: string) => void;

const ROOT = path.resolve(__dirname, '..');
const SRC_DIR = path.join(ROOT, 'tools', 'ferretdb');
const BIN_DIR = path.join(ROOT, 'var', 'bin');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** The pinned version lives in go.mod only, so the binary name can't drift from it. */
function ferretDbVersion(): string {
  const goMod = readFileSync(path.join(SRC_DIR, 'go.mod'), 'utf8');
  const m = /github\.com\/FerretDB\/FerretDB\s+(v\S+)/.exec(goMod);
  if (!m?.[1]) throw new Error(`tools/ferretdb/go.mod does not require github.com/FerretDB/FerretDB`);
  return m[1];
}

/** `go` is often not on PATH in non-login shells, but lives at the standard install path. */
function goBinary(): string {
  if (process.env.GO) return process.env.GO;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, 'go'), constants.X_OK);
      return path.join(dir, 'go');
    } catch {
      // not in this dir
    }
  }
  return '/usr/local/go/bin/go';
}

async function mtimeMs(file: string): Promise<number> {
  return (await stat(file)).mtimeMs;
}

async function isFresh(bin: string): Promise<boolean> {
  try {
    const built = await mtimeMs(bin);
    const files = (await readdir(SRC_DIR)).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum');
    const sources = await Promise.all(files.map((f) => mtimeMs(path.join(SRC_DIR, f))));
    return sources.every((t) => t < built);
  } catch {
    return false;
  }
}

function runGoBuild(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // CGO off: the SQLite driver is pure Go, and this keeps the build free of a C toolchain.
    const child = spawn(goBinary(), ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', out, '.'], {
      cwd: SRC_DIR,
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (err) => reject(new Error(`cannot run go (${goBinary()}): ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`go build of tools/ferretdb failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  });
}

let building: Promise<string> | undefined;

/** Builds tools/ferretdb once into var/bin/ferretdb-<version> (skip if present and newer than its sources). */
export function buildFerretDb(opts: { log?: Log } = {}): Promise<string> {
  // One build per process; other processes are handled by the temp-file-then-rename below.
  building ??= doBuild(opts.log).finally(() => {
    building = undefined;
  });
  return building;
}

async function doBuild(log: Log = () => {}): Promise<string> {
  const bin = path.join(BIN_DIR, `ferretdb-${ferretDbVersion()}`);
  if (await isFresh(bin)) return bin;

  await mkdir(BIN_DIR, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}-${Date.now()}`;
  log(`building FerretDB ${ferretDbVersion()} into ${path.relative(ROOT, bin)} (first build downloads modules and takes a few minutes)`);
  const started = Date.now();
  try {
    await runGoBuild(tmp);
    await rename(tmp, bin);
  } finally {
    await rm(tmp, { force: true });
  }
  log(`built FerretDB in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

interface Store {
  args: string[];
  description: string;
  stop(): Promise<void>;
}

/**
 * Tooling settings, read here rather than in core/src/config (they configure the bundled
 * server, not the service): EMBEDDED_STORE (postgresql | sqlite; unset: PostgreSQL when
 * available) and EMBEDDED_POSTGRES_URL (a running PostgreSQL to use instead of starting one).
 */
function storeSettings(): { store?: EmbeddedStore; postgresUrl?: string } {
  const store = process.env.EMBEDDED_STORE || undefined;
  if (store !== undefined && store !== 'postgresql' && store !== 'sqlite') {
    throw new Error(`EMBEDDED_STORE must be postgresql or sqlite, not ${JSON.stringify(store)}`);
  }
  return { store, postgresUrl: process.env.EMBEDDED_POSTGRES_URL || undefined };
}

/** url with its database replaced, and FerretDB's 50-connection pool made smaller. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (!u.searchParams.has('pool_max_conns')) u.searchParams.set('pool_max_conns', '20');
  return u.toString();
}

/**
 * Where FerretDB keeps dataDir's data. A shared PostgreSQL gets one database per data dir, so
 * parallel test runs and clones do not meet; an own cluster lives in dataDir/postgresql.
 * throwaway (tests, benches): no fsync, and the database or cluster goes at stop.
 */
async function openStore(dataDir: string, opts: { store?: EmbeddedStore; throwaway: boolean }, log: Log): Promise<Store> {
  const settings = storeSettings();
  const wanted = opts.store ?? settings.store;
  if (wanted !== 'sqlite') {
    if (settings.postgresUrl) {
      const database = `mca_${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;
      const shown = new URL(settings.postgresUrl);
      return {
        args: ['-postgresql', withDatabase(settings.postgresUrl, database), ...(opts.throwaway ? ['-drop-on-exit'] : [])],
        description: `PostgreSQL at ${shown.host}, database ${database}`,
        stop: async () => {},
      };
    }
    const binaries = findPostgresBinaries();
    if (binaries) {
      const pg = await startPostgres({ binaries, dataDir: path.join(dataDir, 'postgresql'), durable: !opts.throwaway, log });
      return {
        args: ['-postgresql', withDatabase(pg.serverUrl, 'mca')],
        description: 'PostgreSQL (own cluster)',
        stop: async () => {
          await pg.stop();
          if (opts.throwaway) await rm(pg.dataDir, { recursive: true, force: true });
        },
      };
    }
    if (wanted === 'postgresql') {
      throw new Error('EMBEDDED_STORE=postgresql, but no initdb and postgres binaries were found (PATH, /usr/lib/postgresql/*/bin)');
    }
    log('no PostgreSQL found (initdb, postgres): the bundled FerretDB keeps its data in SQLite, where every query scans');
  }
  await mkdir(dataDir, { recursive: true });
  return { args: ['-data', dataDir], description: 'SQLite', stop: async () => {} };
}

/**
 * Starts the binary on host:port over the store for dataDir; resolves once it accepts
 * connections. store overrides EMBEDDED_STORE (the bench measures both).
 */
export async function startFerretDb(opts: {
  port: number;
  host?: string;
  dataDir: string;
  store?: EmbeddedStore;
  throwaway?: boolean;
  log?: Log;
}): Promise<MongoServerHandle> {
  const log = opts.log ?? (() => {});
  const bin = await buildFerretDb({ log });
  const store = await openStore(opts.dataDir, { store: opts.store, throwaway: opts.throwaway ?? false }, log);
  try {
    const handle = await launchFerretDb(bin, `${opts.host ?? '127.0.0.1'}:${opts.port}`, store.args, log);
    log(`FerretDB ready at ${handle.url} (data in ${store.description})`);
    return {
      url: handle.url,
      store: store.description,
      stop: async () => {
        await handle.stop();
        await store.stop();
      },
    };
  } catch (err) {
    await store.stop();
    throw err;
  }
}

async function launchFerretDb(bin: string, listen: string, storeArgs: string[], log: Log): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(bin, ['-listen', listen, ...storeArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = endWithThisProcess(child, 'SIGTERM');

  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 30) stderrTail.shift();
    log(`ferretdb: ${line}`);
  });

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      // Give the stderr reader a moment to flush the lines that explain the failure.
      setTimeout(() => {
        reject(new Error(`FerretDB on ${listen} ${why}; stderr tail:\n${stderrTail.join('\n') || '(empty)'}`));
      }, 50);
    };
    const timer = setTimeout(() => fail(`was not ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (settled || !line.startsWith('ready ')) return;
      settled = true;
      clearTimeout(timer);
      resolve(line.slice('ready '.length).trim());
    });
    child.once('error', (err) => fail(`could not be started (${err.message})`));
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `exit ${code}`})`));
  });
  return { url, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // FerretDB gives open connections a few seconds to close; don't wait forever on a wedged one.
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** True if a MongoDB-protocol server answers a `ping` at url within timeoutMs. */
export async function isMongoReachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/** The single host:port of a plain mongodb:// URL, or undefined for anything else (replica sets, +srv). */
function singleHost(url: string): { host: string; port: number } | undefined {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/?,]+)(?:[/?]|$)/.exec(url);
  if (!m?.[1]) return undefined;
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(m[1]);
  if (!hp?.[1]) return undefined;
  return { host: hp[1].replace(/^\[|\]$/g, ''), port: hp[2] ? Number(hp[2]) : 27017 };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * For `npm start`: use the MongoDB at url if one answers; otherwise, for a loopback url,
 * build and start FerretDB on that port with data under var/ferretdb/ (its PostgreSQL cluster
 * in var/ferretdb/postgresql/).
 */
export async function ensureMongo(url: string, opts: { log?: Log } = {}): Promise<MongoServerHandle> {
  if (await isMongoReachable(url)) return { url, store: 'the MongoDB at MONGO_URL', stop: async () => {} };

  const target = singleHost(url);
  if (!target || !isLoopback(target.host)) {
    throw new Error(`MongoDB at ${url} is not reachable, and an embedded FerretDB can only stand in for a single loopback host (127.0.0.1/localhost)`);
  }
  opts.log?.(`no MongoDB answers at ${url}; starting an embedded FerretDB instead`);
  // "localhost" may resolve to ::1 first in Go; the driver tries both families, IPv4 is the safe bind.
  const host = target.host === 'localhost' ? '127.0.0.1' : target.host;
  const handle = await startFerretDb({
    port: target.port,
    host: host.includes(':') ? `[${host}]` : host,
    dataDir: path.join(ROOT, 'var', 'ferretdb'),
    log: opts.log,
  });
  // Keep the caller's url: it carries the database name and options the app expects.
  return { url, store: handle.store, stop: handle.stop };
}
