import type { Context, Config, Producers } from '@mca/core';

/** One option as `node:util` parseArgs takes it, with the words `--help` shows for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown after the option in the help, e.g. `ID` in `--partner ID`. */
  valueName?: string;
  /** Shown without brackets in the synopsis (the command checks it: some are required only in combinations). */
  required?: boolean;
  /** May be given more than once (its value is then a list, e.g. `--customer A --customer B`). */
  multiple?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** What a command may use; each is connected on first use only (jobs need no MongoDB). */
export interface Operator {
  config: Config;
  context(): Promise<Context>;
  queues(): Producers;
}

/** A command's answer: `json` for `--json`, `text` for a person. */
export interface Outcome {
  json: unknown;
  text: string;
  /** The command printed its answer as it went (`campaign watch`): nothing more is printed. */
  printed?: boolean;
  /** Not 0 although nothing failed (`campaign watch` stopped by Ctrl-C: 130). */
  exitCode?: number;
}

export interface Command {
  /** The words after `mca`, e.g. ['partner', 'create']. */
  path: string[];
  summary: string;
  /** Positional arguments, as shown in the synopsis (e.g. `FILE.csv`). */
  positionals?: string[];
  options: Record<string, OptionSpec>;
  /** What --help adds below the options (what the command means precisely). */
  details?: string;
  run(operator: Operator, args: ParsedArgs): Promise<Outcome>;
}
