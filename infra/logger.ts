// Logs of every process of the service: readable lines on a terminal, JSON lines (one object per
// line on stdout) anywhere else, or as LOG_FORMAT says.
import pino from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Absent: pretty when stdout is a terminal, else JSON. */
  format?: LogFormat;
  /** Absent: stdout. */
  destination?: NodeJS.WritableStream;
}

export function logFormatFor(configured: LogFormat | undefined, onTerminal: boolean): LogFormat {
  return configured ?? (onTerminal ? 'pretty' : 'json');
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const onTerminal = options.destination === undefined && process.stdout.isTTY === true;
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Tokens and keys must not reach the logs.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.secret'], censor: '[redacted]' },
  };
  if (logFormatFor(options.format, onTerminal) === 'pretty') {
    // Synchronous, so that the last lines before an exit are not lost.
    return pino(
      settings,
      pretty({ destination: options.destination ?? 1, sync: true, colorize: onTerminal, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
    );
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
