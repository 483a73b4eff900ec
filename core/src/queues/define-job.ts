import { z } from 'zod';

/**
 * The shape of one queue's definition. A leaf (zod only) on purpose: each `workers/<queue>/job.ts`
 * imports it, and the registry (`definitions.ts`) imports those files, so importing the package's
 * index from here would be a cycle.
 */
export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> {
  /** The BullMQ queue (and job) name. */
  name: N;
  /** Ids only: Mongo holds the state, so a retried job re-reads it. */
  payload: S;
  /** Deterministic: a re-enqueue of the same work is a no-op. */
  jobId(payload: z.output<S>): string;
}

export const defineJob = <const N extends string, S extends z.ZodType>(definition: JobDefinition<N, S>) => definition;

export const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'must be an ObjectId');
