import { QUEUE_NAMES, type QueueName } from '@mca/core';
import type { OptionValues } from '../command';
import { UsageError } from '../usage-error';

export const QUEUE_LIST = QUEUE_NAMES.join(', ');

export function queueOption(values: OptionValues, required: true): QueueName;
export function queueOption(values: OptionValues, required: false): QueueName | undefined;
export function queueOption(values: OptionValues, required: boolean): QueueName | undefined {
  const v = values.queue;
  if (v === undefined) {
    if (required) throw new UsageError(`--queue is required (one of ${QUEUE_LIST})`);
    return undefined;
  }
  if (typeof v !== 'string' || !(QUEUE_NAMES as string[]).includes(v)) throw new UsageError(`--queue must be one of ${QUEUE_LIST}, not ${JSON.stringify(v)}`);
  return v as QueueName;
}
