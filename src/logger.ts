import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs. Secrets are never logged: see `http/request-log.ts` for URLs and headers. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'fapiao-hub' },
      redact: {
        paths: ['req.headers.accesstoken', 'req.headers.authorization', 'req.headers.cookie', 'appSecurity', 'accessToken', 'refreshToken'],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
