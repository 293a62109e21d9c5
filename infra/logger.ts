// Structured logs (JSON lines on stdout) for every process of the service.
import pino from 'pino';
import type { LogLevel } from './config';

export type Logger = pino.Logger;

export function createLogger(options: { level?: LogLevel; name?: string } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    name: options.name,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Tokens and keys must not reach the logs.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.secret'], censor: '[redacted]' },
  });
}
