import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ConfigError, environmentWith, loadConfig, type Config } from '@mca/core';
import { createLogger } from '@mca/platform';
import { ensureMongo } from './mongo-server';

/**
 * `npm start`: a supervisor that runs the API and the workers as two child processes, so that
 * a worker that hangs or dies can never take the API (and order authorization) with it. It
 * starts the bundled FerretDB once where no MongoDB answers at MONGO_URL and hands its URL to
 * both, forwards SIGTERM/SIGINT, and stops everything with exit code 1 when a child dies.
 */
const ROOT = path.resolve(__dirname, '..');
const CHILDREN = { api: 'services/api/src/main.ts', workers: 'workers/main.ts' } as const;
type ChildName = keyof typeof CHILDREN;

interface Child {
  name: ChildName;
  process: ChildProcess;
  running: Promise<void>;
  exited: Promise<number>;
}

main().catch((err: unknown) => {
  console.error(`could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL, { process: 'start' });
  const mongo = await ensureMongo(config.MONGO_URL, { log: (line) => console.error(line) });
  const env = environmentWith({ MONGO_URL: mongo.url });

  let stopping = false;
  const children: Child[] = [];
  const stop = async (why: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping the service');
    for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGTERM');
    const codes = await Promise.all(children.map((c) => c.exited));
    await mongo.stop();
    logger.info('stopped');
    process.exit(exitCode !== 0 ? exitCode : codes.every((code) => code === 0) ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));

  for (const name of Object.keys(CHILDREN) as ChildName[]) {
    const child = startChild(name, env);
    children.push(child);
    void child.exited.then((code) => {
      if (stopping) return;
      logger.error({ child: name, code }, `the ${name} process ended on its own; stopping the service`);
      void stop(`${name} exited`, 1);
    });
  }
  await Promise.all(children.map((c) => c.running));
  logger.info(
    {
      url: config.PUBLIC_URL,
      mail: config.SMTP_URL ?? `.eml files in ${config.OUTBOX_DIR}/`,
      processes: Object.fromEntries(children.map((c) => [c.name, c.process.pid])),
    },
    'MCA consent service running',
  );
}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

/** One entry point under tsx, its output on ours; it reports running over the IPC channel (runProcess). */
function startChild(name: ChildName, env: NodeJS.ProcessEnv): Child {
  const child = fork(path.join(ROOT, CHILDREN[name]), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const running = new Promise<void>((resolve) => {
    child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { running?: unknown }).running !== undefined) resolve();
    });
  });
  return { name, process: child, running, exited };
}
