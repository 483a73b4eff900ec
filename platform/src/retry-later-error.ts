/**
 * Thrown by a processor that has recorded a failed try and decided when the next one is due
 * (its own schedule, kept in Mongo): the worker host moves the job to delayed until `retryAt`
 * without using up one of the queue's attempts.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}
