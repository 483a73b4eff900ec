import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '@mca/shared';

describe('configuration', () => {
  test('defaults are the contract', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      MONGO_URL: 'mongodb://127.0.0.1:27017/mca',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_URL: 'http://localhost:3000',
      MAIL_FROM: 'MCA Consent <mca@localhost>',
      REPLY_DOMAIN: 'reply.localhost',
      UNLOCK_POLICY: 'consent',
    });
    expect(c.MCA_ENFORCEMENT_DATE.toISOString()).toBe('2019-03-22T00:00:00.000Z');
    expect(c.ADMIN_TOKEN).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ MONGO_URL: 'postgres://x' }, /MONGO_URL/],
    [{ MCA_ENFORCEMENT_DATE: '22.03.2019' }, /MCA_ENFORCEMENT_DATE/],
    [{ UNLOCK_POLICY: 'always' }, /UNLOCK_POLICY/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN/],
    [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL/],
  ])('%j is refused naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  test('a bad value stops the process with one clear line', () => {
    const root = path.resolve(__dirname, '../../..');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'services/api/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, UNLOCK_POLICY: 'always' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: UNLOCK_POLICY/);
  });
});
