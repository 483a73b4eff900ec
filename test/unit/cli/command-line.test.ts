import { main } from '../../../cli/src/main';

/**
 * The command line itself, in process: every case here is refused (or answered) before the
 * CLI connects to anything. The integration test runs the real bin against the servers.
 */
describe('mca command line', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  test('mca, mca --help and mca <group> --help list the commands', async () => {
    for (const argv of [[], ['--help'], ['-h']]) {
      out = [];
      expect(await main(argv)).toBe(0);
      expect(out.join('\n')).toMatch(
        /partner create .*\n.*partner rotate-key .*\n.*customer show .*\n.*customer erase .*\n.*import .*\n.*campaign start .*\n.*campaign watch .*\n.*campaign list .*\n.*campaign show .*\n.*campaign pause .*\n.*campaign resume .*\n.*campaign cancel .*\n.*jobs failed .*\n.*jobs replay .*\n.*keys rotate /,
      );
    }
    out = [];
    expect(await main(['jobs', '--help'])).toBe(0);
    expect(out.join('\n')).toContain('jobs failed');
    expect(out.join('\n')).not.toContain('partner create');
  });

  test('mca <command> --help shows the synopsis, every option and what the command means', async () => {
    expect(await main(['partner', 'rotate-key', '--help'])).toBe(0);
    const help = out.join('\n');
    expect(help).toMatch(/^usage: mca partner rotate-key --partner ID\n/);
    expect(help).toMatch(/--json +print the answer as JSON/);
    expect(help).toMatch(/`orders` keys included/);
    out = [];
    expect(await main(['import', '--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: mca import --partner ID \[--dry-run\] FILE\.csv\n/);
    out = [];
    expect(await main(['campaign', 'start', '--help'])).toBe(0);
    expect(out.join('\n')).toMatch(
      /^usage: mca campaign start --partner ID --channel email\|docusign\|microsoft \[--name NAME\] \[--status LIST\] \[--customer ID \.\.\.\]\n/,
    );
  });

  const refusals: [string[], string][] = [
    [['partner', 'create'], 'mca: --name is required'],
    [['partner', 'create', '--name', ' '], 'mca: --name is required'],
    [['partner', 'create', '--name', 'X', '--notify-email', 'nope'], 'mca: --notify-email: Invalid email address'],
    [['partner', 'create', '--name', 'X', '--webhook-url', 'ftp://x.example/'], 'mca: --webhook-url: Invalid URL'],
    [['partner', 'create', '--name', 'X', '--tenant-id', 'abc'], 'mca: --tenant-id: must be a GUID'],
    [['partner', 'create', '--name'], "mca: Option '--name <value>' argument missing (see mca partner create --help)"],
    [
      ['partner', 'create', '--name', 'X', 'extra'],
      "mca: Unexpected argument 'extra'. This command does not take positional arguments (see mca partner create --help)",
    ],
    [['partner', 'rotate-key', '--partner', 'abc'], 'mca: --partner must be an id (24 hex characters), not "abc"'],
    [['jobs', 'failed', '--limit', '0'], 'mca: --limit must be a whole number from 1 to 1000'],
    [['jobs', 'failed', '--limit', 'ten'], 'mca: --limit must be a whole number from 1 to 1000'],
    [
      ['jobs', 'replay', '--all'],
      'mca: --queue is required (one of dispatch-email, expiry, inbound-email, docusign, inbound-docusign, unlock, notify, microsoft, campaigns, scheduler, audit-reads)',
    ],
    [['jobs', 'replay', '--queue', 'notify', '--id', 'x', '--all'], 'mca: give exactly one of --id, --all'],
    [['campaign', 'start', '--channel', 'email'], 'mca: --partner is required'],
    [['campaign', 'start', '--partner', 'a'.repeat(24)], 'mca: --channel is required'],
    [['campaign', 'start', '--partner', 'a'.repeat(24), '--channel', 'fax'], 'mca: --channel must be one of email, docusign, microsoft, not "fax"'],
    [
      ['campaign', 'start', '--partner', 'a'.repeat(24), '--channel', 'email', '--status', 'pending,nope'],
      'mca: --status: "nope" is not an MCA status (not-requested, pending, accepted, declined, needs-review, expired)',
    ],
    [
      ['campaign', 'start', '--partner', 'a'.repeat(24), '--channel', 'email', '--customer', 'b'.repeat(24), '--customer', 'x'],
      'mca: --customer must be an id (24 hex characters), not "x"',
    ],
    [['campaign', 'start', '--partner', 'a'.repeat(24), '--channel', 'email', '--name', ' '], 'mca: --name needs a value'],
    [['campaign', 'watch', '--partner', 'a'.repeat(24)], 'mca: --campaign is required'],
    [['campaign', 'pause', '--partner', 'a'.repeat(24), '--campaign', 'c1'], 'mca: --campaign must be an id (24 hex characters), not "c1"'],
    [['campaign', 'list', '--partner', 'a'.repeat(24), '--limit', '101'], 'mca: --limit must be a whole number from 1 to 100'],
    [['campaign', 'frob'], 'mca: unknown command: campaign frob (see mca campaign --help)'],
    [['customer', 'show', '--partner', 'a'.repeat(24), '--id', 'b'.repeat(24), '--tenant', 't'], 'mca: give exactly one of --id, --tenant'],
    [['customer', 'show', '--partner', 'a'.repeat(24), '--id', '42'], 'mca: --id must be an id (24 hex characters), not "42"'],
    [['import', '--partner', 'a'.repeat(24)], 'mca: give exactly one CSV file (see mca import --help)'],
    [['partner'], 'mca: unknown command: partner (see mca partner --help)'],
    [['partner', 'delete'], 'mca: unknown command: partner delete (see mca partner --help)'],
    [['--json'], 'mca: unknown command: --json (see mca --help)'],
  ];
  test.each(refusals)('mca %j -> exit 1, one line', async (argv, line) => {
    expect(await main(argv)).toBe(1);
    expect(err).toEqual([line]);
    expect(out).toEqual([]);
  });
});
