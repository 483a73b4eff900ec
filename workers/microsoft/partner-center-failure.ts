import { UnrecoverableError } from 'bullmq';
import { PartnerCenterError } from '@mca/integrations';

/** A permanent Partner Center error (auth, bad request) will not heal by retrying the job. */
export function asJobError(err: unknown): unknown {
  if (err instanceof PartnerCenterError && err.permanent) return new UnrecoverableError(err.message);
  return err;
}
