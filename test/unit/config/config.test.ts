import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '@mca/core';

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
    [{ MCA_ENFORCEMENT_DATE: '2019-02-30' }, /MCA_ENFORCEMENT_DATE must be a real date/],
    [{ AGREEMENT_URLS: 'https://example.com/mca.pdf' }, /AGREEMENT_URLS must be a JSON object/],
    [{ AGREEMENT_URLS: '{"nb":"ftp://example.com/mca.pdf"}' }, /AGREEMENT_URLS/],
    [{ AGREEMENT_URLS: '{"norsk":"https://example.com/mca.pdf"}' }, /AGREEMENT_URLS has key "norsk"/],
  ])('%j is refused naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  test('METRICS_PORT, or its deprecated alias WORKER_METRICS_PORT, when METRICS_PORT is unset', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(loadConfig({ WORKER_METRICS_PORT: '9465' }).METRICS_PORT).toBe(9465);
    expect(loadConfig({ METRICS_PORT: '9464', WORKER_METRICS_PORT: '9465' }).METRICS_PORT).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  test('reminders and expiry: defaults, fractional units, none, and the deprecated microsoft alias', () => {
    const DAY = 86_400_000;
    expect(loadConfig({})).toMatchObject({ REMINDER_AFTER: [3 * DAY, 7 * DAY], REQUEST_EXPIRES_AFTER: 30 * DAY });
    expect(loadConfig({ REMINDER_AFTER: '2s, 4.5s', REQUEST_EXPIRES_AFTER: '1.5s' })).toMatchObject({
      REMINDER_AFTER: [2_000, 4_500],
      REQUEST_EXPIRES_AFTER: 1_500,
    });
    expect(loadConfig({ REMINDER_AFTER: 'none' }).REMINDER_AFTER).toEqual([]);
    expect(loadConfig({ REMINDER_AFTER: 'NONE' }).REMINDER_AFTER).toEqual([]);
    expect(loadConfig({ REMINDER_AFTER: '12h' }).REMINDER_AFTER).toEqual([12 * 3_600_000]);
    // The old microsoft-only setting still sets the one expiry rule, unless REQUEST_EXPIRES_AFTER is set.
    expect(loadConfig({ MICROSOFT_REQUEST_TTL_DAYS: '14' }).REQUEST_EXPIRES_AFTER).toBe(14 * DAY);
    expect(loadConfig({ MICROSOFT_REQUEST_TTL_DAYS: '14', REQUEST_EXPIRES_AFTER: '10d' }).REQUEST_EXPIRES_AFTER).toBe(10 * DAY);
    expect(loadConfig({ MICROSOFT_REQUEST_TTL_DAYS: '' }).REQUEST_EXPIRES_AFTER).toBe(30 * DAY);
  });

  test.each([
    [{ REMINDER_AFTER: '3d,' }, /REMINDER_AFTER must be comma-separated ascending durations/],
    [{ REMINDER_AFTER: '7d,3d' }, /REMINDER_AFTER must be comma-separated ascending durations/],
    [{ REMINDER_AFTER: '3d,3d' }, /REMINDER_AFTER/],
    [{ REMINDER_AFTER: '3 days' }, /REMINDER_AFTER/],
    [{ REMINDER_AFTER: '0s' }, /REMINDER_AFTER/],
    [{ REQUEST_EXPIRES_AFTER: 'never' }, /REQUEST_EXPIRES_AFTER must be a duration/],
    [{ REQUEST_EXPIRES_AFTER: '-1d' }, /REQUEST_EXPIRES_AFTER/],
    [{ MICROSOFT_REQUEST_TTL_DAYS: '0' }, /MICROSOFT_REQUEST_TTL_DAYS/],
  ])('reminder and expiry setting %j is refused naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  test('per-partner rate limits: defaults, and a bad value names its variable', () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_PER_MINUTE: 1200, RATE_LIMIT_SENDS_PER_MINUTE: 60, RATE_LIMIT_ORDERS_PER_MINUTE: 60000 });
    expect(loadConfig({ RATE_LIMIT_SENDS_PER_MINUTE: '5' }).RATE_LIMIT_SENDS_PER_MINUTE).toBe(5);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ RATE_LIMIT_ORDERS_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_ORDERS_PER_MINUTE/);
  });

  test('heap growth: 50% past the live heap by default, 0 for V8 its own rule, a bad value names its variable', () => {
    expect(loadConfig({}).HEAP_GROWTH_PERCENT).toBe(50);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).HEAP_GROWTH_PERCENT).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: 'some' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  test('agreement link table: JSON, keys lower-cased', () => {
    expect(loadConfig({}).AGREEMENT_URLS).toBeUndefined();
    expect(loadConfig({ AGREEMENT_URLS: '{"NO-nb":"https://example.com/no.pdf","default":"https://example.com/mca"}' }).AGREEMENT_URLS).toEqual({
      'no-nb': 'https://example.com/no.pdf',
      default: 'https://example.com/mca',
    });
  });

  test('Partner Center: off by default, a token or client credentials, refused when half configured', () => {
    expect(loadConfig({}).partnerCenter).toBeUndefined();
    expect(loadConfig({ PARTNER_CENTER_BASE_URL: 'https://api.partnercenter.microsoft.com/v1/', PARTNER_CENTER_TOKEN: 't0k' }).partnerCenter).toEqual({
      baseUrl: 'https://api.partnercenter.microsoft.com',
      auth: { kind: 'token', token: 't0k' },
      pollSeconds: 3600,
      enhancedAttestation: true,
    });
    const app = loadConfig({
      PARTNER_CENTER_BASE_URL: 'https://api.partnercenter.microsoft.com',
      PARTNER_CENTER_TENANT_ID: 'contoso.onmicrosoft.com',
      PARTNER_CENTER_CLIENT_ID: 'id',
      PARTNER_CENTER_CLIENT_SECRET: 'secret',
      PARTNER_CENTER_POLL_SECONDS: '600',
      PARTNER_CENTER_ENHANCED_ATTESTATION: 'off',
    }).partnerCenter;
    expect(app).toMatchObject({
      auth: {
        kind: 'client-credentials',
        tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        clientId: 'id',
        clientSecret: 'secret',
      },
      pollSeconds: 600,
      enhancedAttestation: false,
    });
    expect(() => loadConfig({ PARTNER_CENTER_TOKEN: 't0k' })).toThrow(/PARTNER_CENTER_BASE_URL is required/);
    expect(() => loadConfig({ PARTNER_CENTER_BASE_URL: 'https://pc.example' })).toThrow(/PARTNER_CENTER_CLIENT_ID is required/);
    expect(() => loadConfig({ PARTNER_CENTER_BASE_URL: 'https://pc.example', PARTNER_CENTER_CLIENT_ID: 'a', PARTNER_CENTER_CLIENT_SECRET: 'b' })).toThrow(
      /PARTNER_CENTER_TENANT_ID/,
    );
    expect(() => loadConfig({ PARTNER_CENTER_BASE_URL: 'ftp://pc.example', PARTNER_CENTER_TOKEN: 'x' })).toThrow(/PARTNER_CENTER_BASE_URL/);
    expect(() => loadConfig({ UNLOCK_POLICY: 'consent+microsoft' })).toThrow(/UNLOCK_POLICY=consent\+microsoft needs Partner Center/);
    expect(loadConfig({ UNLOCK_POLICY: 'consent+microsoft', PARTNER_CENTER_BASE_URL: 'https://pc.example', PARTNER_CENTER_TOKEN: 'x' }).UNLOCK_POLICY).toBe(
      'consent+microsoft',
    );
  });

  test('the error line never echoes a secret, and masks a URL password', () => {
    const message = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (err) {
        return String(err);
      }
      throw new Error('accepted');
    };
    expect(message({ ADMIN_TOKEN: 'hunter2-live' })).toMatch(/ADMIN_TOKEN must be at least 16 characters \(got \(value hidden\)\)/);
    expect(message({ INBOUND_EMAIL_SECRET: 'short-secret' })).not.toContain('short-secret');
    expect(message({ SMTP_URL: 'smtpx://mailer:s3cret@smtp.example:587' })).toContain('"smtpx://mailer:***@smtp.example:587"');
    expect(message({ PORT: 'eighty' })).toContain('(got "eighty")');
  });

  test('inbound mail: AUTO_ACCEPT_AUTH (dkim by default) and the retention of uncorrelated mail (a duration)', () => {
    expect(loadConfig({})).toMatchObject({ AUTO_ACCEPT_AUTH: 'dkim', INBOUND_UNCORRELATED_RETENTION: 30 * 86_400_000 });
    expect(loadConfig({ AUTO_ACCEPT_AUTH: 'dmarc', INBOUND_UNCORRELATED_RETENTION: '12h' })).toMatchObject({
      AUTO_ACCEPT_AUTH: 'dmarc',
      INBOUND_UNCORRELATED_RETENTION: 12 * 3_600_000,
    });
    expect(loadConfig({ INBOUND_UNCORRELATED_RETENTION: '3s' }).INBOUND_UNCORRELATED_RETENTION).toBe(3_000);
    expect(loadConfig({ INBOUND_UNCORRELATED_RETENTION: '90m' }).INBOUND_UNCORRELATED_RETENTION).toBe(90 * 60_000);
    expect(() => loadConfig({ AUTO_ACCEPT_AUTH: 'spf' })).toThrow(/AUTO_ACCEPT_AUTH/);
    for (const bad of ['30', '30 days', '0d', '-1h', '1w']) {
      expect(() => loadConfig({ INBOUND_UNCORRELATED_RETENTION: bad })).toThrow(/INBOUND_UNCORRELATED_RETENTION must be a duration/);
    }
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
