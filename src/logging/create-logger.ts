import pino, { type Logger } from 'pino';
import { createLogDestination } from './log-destination';
import type { LoggerOptions } from './logger-options';

/** Paths whose values are replaced by [REDACTED] wherever they appear in a log object. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["telnyx-signature-ed25519"]',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
  'apiKey',
  '*.apiKey',
  'telnyxApiKey',
  '*.telnyxApiKey',
  'adminToken',
  '*.adminToken',
  'flowStateSecret',
  '*.flowStateSecret',
  'notifySigningSecret',
  '*.notifySigningSecret',
  'emulatorApiKey',
  '*.emulatorApiKey',
  'secretValues',
  '*.secretValues',
  'secretValue',
  '*.secretValue',
  'value',
  'params.value',
  'data.value',
];

const REDACTED = '[REDACTED]';

export function createLogger(options: LoggerOptions): Logger {
  // Path-based redaction misses a secret that travels under an unexpected key (an error message,
  // a URL). As a last line of defence, every known secret value is scrubbed from the final line.
  const secrets = [...new Set(options.secretValues.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const scrub = secrets.length === 0 ? undefined : (line: string): string => {
    let out = line;
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      const jsonForm = JSON.stringify(secret).slice(1, -1);
      if (jsonForm !== secret && out.includes(jsonForm)) out = out.split(jsonForm).join(REDACTED);
    }
    return out;
  };

  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: options.base ?? null,
    redact: { paths: redactedPaths, censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: scrub ? { streamWrite: scrub } : {},
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  if (options.pretty) {
    const pretty = pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } });
    return pino(pinoOptions, pretty);
  }
  return pino(pinoOptions, createLogDestination());
}
