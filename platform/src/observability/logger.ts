import pino from 'pino';
import { maskPersonalData } from './mask-personal-data';
import { currentRequestId } from './request-context';

export type Logger = pino.Logger;

const SECRET_PATHS = ['req.headers.authorization', '*.apiKey', '*.webhookSecret', '*.raw'];
/**
 * Fields that hold a person's details wherever they are logged whole (a representative, a
 * contact), and a customer's name: a confidential customer's (a doctor's practice) names its
 * patients' doctor, and no log line tells a confidential customer from another.
 */
const PERSONAL_FIELDS = ['representative', 'contact', 'signatory', 'email', 'firstName', 'lastName', 'phone', 'phoneNumber', 'customerName', 'companyName'];

/**
 * Structured JSON logs. Secrets and personal data are redacted by path; what is left of a
 * person in free text (messages, errors) is masked on the serialized line, the one place
 * every log line passes (mask-personal-data.ts).
 */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'mca-consent', ...base },
    redact: {
      paths: [...SECRET_PATHS, ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`])],
      censor: '[redacted]',
    },
    hooks: { streamWrite: maskPersonalData },
    // Every line written while a request (or a job it enqueued) runs names it; a line or a
    // child logger that carries the id already (the access log's) is not given it twice.
    mixin: (merge, _level, logger) => {
      const reqId = currentRequestId();
      if (reqId === undefined || 'reqId' in merge || (logger as pino.Logger).bindings().reqId !== undefined) return {};
      return { reqId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
