import type { Command } from './command';

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'print the answer as JSON (for scripts)' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

const synopsis = (c: Command) =>
  [
    `mca ${c.path.join(' ')}`,
    ...Object.entries(c.options).map(([n, o]) => {
      const text = (o.valueName ? `--${n} ${o.valueName}` : `--${n}`) + (o.multiple ? ' ...' : '');
      return o.required ? text : `[${text}]`;
    }),
    ...(c.positionals ?? []),
  ].join(' ');

export function commandHelp(c: Command): string {
  const options = { ...c.options, ...GLOBAL_OPTIONS };
  const rows = Object.entries(options).map(([n, o]) => [`--${n}${'valueName' in o && o.valueName ? ` ${o.valueName}` : ''}`, o.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `usage: ${synopsis(c)}`,
    '',
    c.summary,
    '',
    'options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(c.details ? ['', c.details] : []),
  ].join('\n');
}

/** The commands under `prefix` (all of them for `mca --help`, a group's for `mca jobs --help`). */
export function listHelp(commands: Command[], prefix: string[] = []): string {
  const shown = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const width = Math.max(...shown.map((c) => c.path.join(' ').length));
  return [
    `usage: mca ${prefix.length ? prefix.join(' ') + ' ' : ''}<command> [options]   (mca <command> --help for its options)`,
    '',
    "The operator CLI of the MCA consent service. It reads the service's configuration",
    '(MONGO_URL, REDIS_URL, QUEUE_PREFIX, SECRETS_KEY, ...) from the environment.',
    '',
    'commands:',
    ...shown.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
  ].join('\n');
}
