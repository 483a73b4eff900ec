import { execFile } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../node_modules/.bin/mca');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx mca …` as an operator runs it: the linked bin, a process of its own, the deployment's environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      BIN,
      args,
      { cwd: path.resolve(__dirname, '../..'), env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The JSON a `--json` run printed; fails with its stderr when it did not succeed. */
export async function runCliJson<T = any>(args: string[], env: Record<string, string>): Promise<T> {
  const run = await runCli([...args, '--json'], env);
  if (run.code !== 0) throw new Error(`mca ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
