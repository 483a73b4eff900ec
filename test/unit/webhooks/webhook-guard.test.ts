import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretBox, refusedAddressReason, secretKeysFor, webhookUrlRefusal } from '@mca/platform';
import { loadConfig } from '@mca/core';
import { MAX_DELAY_MS, nextTryAt } from '../../../workers/notify/retry-schedule';

describe('webhook address policy', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private (carrier-grade NAT)'],
    ['fc00::1', 'private (unique local)'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['64:ff9b::a00:5', 'not a public address (rfc6052)'],
  ])('%s is refused as %s', (address, words) => {
    expect(refusedAddressReason(address)?.words).toBe(words);
  });

  test.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(refusedAddressReason(address)).toBeUndefined();
  });

  test('URLs: https only unless private addresses are allowed; literal addresses judged on sight', () => {
    expect(webhookUrlRefusal('https://hooks.partner.example/x', false)).toBeUndefined();
    expect(webhookUrlRefusal('http://hooks.partner.example/x', false)?.reason).toBe('scheme');
    expect(webhookUrlRefusal('ftp://hooks.partner.example/x', true)?.reason).toBe('scheme');
    expect(webhookUrlRefusal('https://[::ffff:7f00:1]/x', false)?.message).toBe('address 127.0.0.1 is loopback');
    expect(webhookUrlRefusal('https://10.0.0.5/x', false)?.message).toBe('address 10.0.0.5 is private');
    expect(webhookUrlRefusal('http://127.0.0.1:8080/x', true)).toBeUndefined();
  });
});

describe('notification retry schedule', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const giveUpAt = new Date(now.getTime() + 72 * 3_600_000);
  const delay = (tries: number, random = 0.5) => nextTryAt({ now, tries, giveUpAt, baseMs: 2_000, random: () => random }).getTime() - now.getTime();

  test('exponential from the base, jittered, capped at an hour, never past the deadline', () => {
    expect([1, 2, 3, 4].map((t) => delay(t))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(delay(3, 0)).toBe(6_000);
    expect(delay(3, 1)).toBe(10_000);
    expect(delay(30)).toBe(MAX_DELAY_MS);
    expect(delay(5_000)).toBe(MAX_DELAY_MS);
    const nearTheEnd = new Date(giveUpAt.getTime() - 60_000);
    expect(nextTryAt({ now: nearTheEnd, tries: 30, giveUpAt, baseMs: 2_000 }).getTime()).toBe(giveUpAt.getTime());
  });

  test('a 72 h outage is tried dozens of times, not 8', () => {
    let at = now;
    let tries = 0;
    while (at < giveUpAt) {
      tries += 1;
      at = nextTryAt({ now: at, tries, giveUpAt, baseMs: 2_000 });
    }
    expect(tries).toBeGreaterThan(70);
    expect(tries).toBeLessThan(100);
  });
});

describe('secrets at rest', () => {
  const key = (n: number) => Buffer.alloc(32, n).toString('base64');

  test('SECRETS_KEY: one key (id default) or id:key,… with the sealing key first; anything else stops the start without echoing it', () => {
    expect(loadConfig({ SECRETS_KEY: key(1) }).SECRETS_KEY).toEqual([{ id: 'default', key: Buffer.alloc(32, 1) }]);
    expect(loadConfig({ SECRETS_KEY: `new:${key(2)},default:${key(1)}` }).SECRETS_KEY?.map((k) => k.id)).toEqual(['new', 'default']);
    expect(loadConfig({}).SECRETS_KEY).toBeUndefined();
    expect(() => loadConfig({ SECRETS_KEY: 'c2hvcnQ=' })).toThrow(/SECRETS_KEY must be a base64 32-byte key.*\(value hidden\)/);
    expect(() => loadConfig({ SECRETS_KEY: `a:${key(1)},a:${key(2)}` })).toThrow(/SECRETS_KEY names key id a twice/);
    expect(() => loadConfig({ WEBHOOK_RETRY_FOR: 'forever' })).toThrow(/WEBHOOK_RETRY_FOR/);
    expect(loadConfig({}).WEBHOOK_RETRY_FOR).toBe(72 * 3_600_000);
    expect(loadConfig({ WEBHOOK_RETRY_FOR: '90s' }).WEBHOOK_RETRY_FOR).toBe(90_000);
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
  });

  test('sealed with the first key, opened with any; bound to its context; tampering is detected; plain values read as they are', () => {
    const old = createSecretBox([{ id: 'old', key: Buffer.alloc(32, 1) }]);
    const rotated = createSecretBox([
      { id: 'new', key: Buffer.alloc(32, 2) },
      { id: 'old', key: Buffer.alloc(32, 1) },
    ]);
    const sealed = old.seal('whsec_abc', 'partner:1');
    expect(sealed).not.toContain('whsec_abc');
    expect(rotated.open(sealed, 'partner:1')).toBe('whsec_abc');
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('whsec_abc', 'partner:1'))).toBe(true);
    expect(() => rotated.open(sealed, 'partner:2')).toThrow();
    expect(() => rotated.open(`${sealed.slice(0, -4)}AAAA`, 'partner:1')).toThrow();
    expect(() => createSecretBox([{ id: 'other', key: Buffer.alloc(32, 3) }]).open(sealed, 'partner:1')).toThrow(/key id old/);
    expect(rotated.open('whsec_plain', 'partner:1')).toBe('whsec_plain');
  });

  test('without SECRETS_KEY a key is generated once into SECRETS_KEY_FILE (0600) and reused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mca-keys-'));
    try {
      const file = path.join(dir, 'var', 'secrets.key');
      const first = secretKeysFor({ SECRETS_KEY_FILE: file });
      expect(first.generated).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = secretKeysFor({ SECRETS_KEY_FILE: file });
      expect(second.generated).toBeUndefined();
      expect(second.keys[0]!.key.equals(first.keys[0]!.key)).toBe(true);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
