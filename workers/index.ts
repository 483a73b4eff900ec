export { startWorkers, type WorkerHost } from './host';
export { sweepOutbox } from './scheduler/sweep-outbox';
export { replyAddress, bounceAddress } from './dispatch-email/processor';
export { syncEnvelope } from './docusign/sync-envelope';
export { docusignLimiter } from './docusign/limiter';
export { serveWorkerMetrics } from './metrics-server';
