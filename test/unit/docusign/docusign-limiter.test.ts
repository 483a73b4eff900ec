import { loadConfig } from '@mca/core';
import { docusignLimiter } from '@mca/workers';

describe('the docusign queue limiter', () => {
  test("defaults keep to DocuSign's 3,000 calls an hour: 8 jobs (24 calls) per 30 s", () => {
    const config = loadConfig({});
    expect([config.DOCUSIGN_CALLS_PER_HOUR, config.DOCUSIGN_BURST_PER_30S]).toEqual([3_000, 500]);
    const limiter = docusignLimiter(config);
    expect(limiter).toEqual({ max: 8, duration: 30_000 });
    expect(limiter.max * 3 * 120).toBeLessThanOrEqual(3_000);
  });

  test('follows the configured budget, and the burst caps a large hourly one', () => {
    expect(docusignLimiter(loadConfig({ DOCUSIGN_CALLS_PER_HOUR: '12000' }))).toEqual({ max: 33, duration: 30_000 });
    expect(docusignLimiter(loadConfig({ DOCUSIGN_CALLS_PER_HOUR: '1000000', DOCUSIGN_BURST_PER_30S: '200' }))).toEqual({ max: 66, duration: 30_000 });
    expect(docusignLimiter(loadConfig({ DOCUSIGN_CALLS_PER_HOUR: '10' })).max).toBe(1);
  });
});
