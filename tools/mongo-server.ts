/**
 * A MongoDB-protocol server for machines where MongoDB cannot be installed: an embedded
 * FerretDB (SQLite backend) built from tools/ferretdb with `go build` on first use, behind a
 * proxy there that makes single-document writes atomic (tools/ferretdb/serialize.go).
 * Used by `npm start` (ensureMongo) and the integration tests' global setup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';

export interface MongoServerHandle {
  url: string;
  stop(): Promise<void>;
}

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

/** Starts the binary on host:port with a data dir; resolves once it accepts connections. */
export async function startFerretDb(opts: {
  port: number;
  host?: string;
  dataDir: string;
  log?: Log;
}): Promise<MongoServerHandle> {
  const log = opts.log ?? (() => {});
  const bin = await buildFerretDb({ log });
  const listen = `${opts.host ?? '127.0.0.1'}:${opts.port}`;
  await mkdir(opts.dataDir, { recursive: true });

  const child = spawn(bin, ['-listen', listen, '-data', opts.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A server orphaned by a crashed test run or dev server would hold the port and the data dir.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    });
  });

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
  log(`FerretDB ready at ${url} (data in ${opts.dataDir})`);

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
 * build and start FerretDB on that port with data under var/ferretdb/.
 */
export async function ensureMongo(url: string, opts: { log?: Log } = {}): Promise<MongoServerHandle> {
  if (await isMongoReachable(url)) return { url, stop: async () => {} };

  const target = singleHost(url);
  if (!target || !isLoopback(target.host)) {
    throw new Error(
      `MongoDB at ${url} is not reachable, and an embedded FerretDB can only stand in for a single loopback host (127.0.0.1/localhost)`,
    );
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
  return { url, stop: handle.stop };
}
