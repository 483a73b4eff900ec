import { QUEUES } from '@mca/core';

const docusign = QUEUES.docusign;
const requestId = '65a1b2c3d4e5f6a7b8c9d0e1';
const connectMessageId = '65a1b2c3d4e5f6a7b8c9d0e2';

describe('the DocuSign sync job', () => {
  it('names the Connect message that asked for it', () => {
    const p = docusign.payload.parse({ op: 'sync', requestId, connectMessageId });
    expect(p).toEqual({ op: 'sync', requestId, connectMessageId });
    expect(docusign.jobId(p)).toBe(`docusign-sync-${requestId}-${connectMessageId}`);
  });

  it('still reads a job queued with the old `reason` field, under the same job id', () => {
    const p = docusign.payload.parse({ op: 'sync', requestId, reason: connectMessageId });
    expect(p).toEqual({ op: 'sync', requestId, connectMessageId });
    expect(docusign.jobId(p)).toBe(`docusign-sync-${requestId}-${connectMessageId}`);
  });

  it('refuses a sync that names no Connect message', () => {
    expect(docusign.payload.safeParse({ op: 'sync', requestId }).success).toBe(false);
  });
});
