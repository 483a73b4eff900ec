import { Types } from 'mongoose';
import { metrics, registry } from '@mca/platform';
import type { QueueName } from '@mca/core';
import { serveWorkerMetrics } from '@mca/workers';
import { startTestService, type TestService } from '../harness/service';

const sample = (text: string, name: string, labels: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name}{${labels}}`))
      ?.split(' ')
      .pop(),
  );

/** What a workers process serves on METRICS_PORT; the API's /metrics comes from the same registry. */
describe('worker metrics', () => {
  let svc: TestService;
  let server: Awaited<ReturnType<typeof serveWorkerMetrics>>;
  let url: string;

  beforeAll(async () => {
    // No workers: the jobs this test adds stay waiting, so the depth it reads is the one it made.
    svc = await startTestService({ workers: false });
    const names: QueueName[] = ['unlock', 'notify'];
    server = await serveWorkerMetrics(
      0,
      names.map((n) => svc.ctx.queues.queue(n)),
      svc.ctx.logger,
    );
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await svc?.stop();
  });

  test('queue depth by state and the age of the oldest waiting job, per queue', async () => {
    await svc.ctx.queues.add('unlock', { customerId: new Types.ObjectId().toHexString() });
    await svc.ctx.queues.add('unlock', { customerId: new Types.ObjectId().toHexString() });
    await svc.ctx.queues.add('unlock', { customerId: new Types.ObjectId().toHexString() }, { runAt: new Date(Date.now() + 3_600_000) });
    // The oldest job has waited at least this long when the scrape reads it.
    await new Promise((r) => setTimeout(r, 1_100));

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, 'mca_queue_jobs', 'queue="unlock",state="waiting"')).toBe(2);
    expect(sample(text, 'mca_queue_jobs', 'queue="unlock",state="delayed"')).toBe(1);
    expect(sample(text, 'mca_queue_jobs', 'queue="notify",state="waiting"')).toBe(0);
    expect(sample(text, 'mca_queue_oldest_waiting_job_age_seconds', 'queue="unlock"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mca_queue_oldest_waiting_job_age_seconds', 'queue="notify"')).toBe(0);
    // Only the queues this process works on.
    expect(text).not.toContain('queue="docusign"');
  });

  test("the process's own counters are served, Partner Center checks included, and Node's defaults under their standard names", async () => {
    metrics.partnerCenterChecks.inc({ result: 'pending' });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'mca_partner_center_checks_total', 'result="pending"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge/m);
    expect(text).not.toMatch(/^mca_(process|nodejs)_/m);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  test('every metric the code counts is in the registry that /metrics serves (API and workers alike)', async () => {
    for (const metric of Object.values(metrics)) {
      const name = (metric as unknown as { name: string }).name;
      expect(registry.getSingleMetric(name)).toBe(metric);
    }
    const api = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(api).toContain('# TYPE mca_partner_center_checks_total counter');
    expect(api).not.toMatch(/^mca_(process|nodejs)_/m);
  });
});
