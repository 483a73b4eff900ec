import { auditSignerFor, makeCheckpoint, type Context } from '@mca/core';

/** The periodic signed checkpoint over every audit chain's head (AUDIT_CHECKPOINT_EVERY); none when no chain moved. */
export async function signAuditCheckpoint(ctx: Context): Promise<void> {
  const signer = auditSignerFor(ctx.config, (file) =>
    ctx.logger.warn({ file }, 'AUDIT_SIGNING_KEY is not set: generated the checkpoint signing key in this file; set AUDIT_SIGNING_KEY in production'),
  );
  const { checkpoint, created } = await makeCheckpoint(ctx, signer);
  if (created) ctx.logger.info({ number: checkpoint.number, treeSize: checkpoint.treeSize, root: checkpoint.root }, 'audit checkpoint signed');
}
