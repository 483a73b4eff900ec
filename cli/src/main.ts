import { parseArgs } from 'node:util';
import { AppError } from '@mca/platform';
import { ConfigError, loadConfig } from '@mca/core';
import type { Command, OptionSpec, OptionValues, Outcome } from './command';
import { COMMANDS } from './commands';
import { GLOBAL_OPTIONS, commandHelp, listHelp } from './help';
import { createOperator } from './operator';
import { UsageError } from './usage-error';

/**
 * `mca <command> [options]`: finds the command by its words, parses its options strictly,
 * runs it with the service's configuration and prints its answer (text, or JSON with --json).
 * Exit 0 done, 1 a command line or a request that cannot be carried out (one line on stderr),
 * 2 a configuration error (as the service's own processes).
 */
export async function main(argv: string[]): Promise<number> {
  const command = COMMANDS.find((c) => c.path.every((w, i) => argv[i] === w));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (!command) {
    const group = argv[0] !== undefined && COMMANDS.some((c) => c.path.length > 1 && c.path[0] === argv[0]) ? [argv[0]] : [];
    if (argv.length === 0 || (wantsHelp && (group.length || argv[0]?.startsWith('-')))) {
      console.log(listHelp(COMMANDS, group));
      return 0;
    }
    const words = argv
      .slice(0, 2)
      .filter((a) => !a.startsWith('-'))
      .join(' ');
    return fail(group.length ? `unknown command: ${words} (see mca ${group[0]} --help)` : `unknown command: ${words || argv[0]} (see mca --help)`);
  }
  const rest = argv.slice(command.path.length);
  if (wantsHelp) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    const args = parse(command, rest);
    const outcome = await run(command, args);
    if (!outcome.printed) console.log(args.values.json ? JSON.stringify(outcome.json, null, 2) : outcome.text);
    return outcome.exitCode ?? 0;
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message, 2);
    if (err instanceof UsageError || err instanceof AppError) return fail(err.message);
    return fail(err instanceof Error ? err.message : String(err));
  }
}

function parse(command: Command, args: string[]) {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([n, o]: [string, OptionSpec]) => [
      n,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: Boolean(command.positionals?.length) });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    // parseArgs names the option already ("Unknown option '--x'"); one line, with where to look.
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see mca ${command.path.join(' ')} --help)`);
  }
}

async function run(command: Command, args: ReturnType<typeof parse>): Promise<Outcome> {
  const operator = createOperator(loadConfig());
  try {
    return await command.run(operator, args);
  } finally {
    await operator.close();
  }
}

function fail(message: string, code = 1): number {
  console.error(`mca: ${message}`);
  return code;
}
