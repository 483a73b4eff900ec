import type { z } from 'zod';
import { AppError } from '@mca/platform';

/** Parses input against a schema; a failure is a 400 problem listing every issue. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = errors[0];
  throw new AppError('VALIDATION_FAILED', first ? `${first.path || 'body'}: ${first.message}` : 'invalid input', { errors });
}
