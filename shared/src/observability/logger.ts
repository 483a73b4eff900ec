import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; secrets and personal data are redacted by path. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'mca-consent', ...base },
    redact: {
      paths: ['req.headers.authorization', '*.apiKey', '*.webhookSecret', '*.raw', 'representative.email'],
      censor: '[redacted]',
    },
  });
}
