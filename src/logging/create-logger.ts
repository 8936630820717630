import pino, { type Logger } from 'pino';
import { createLogDestination } from './log-destination';
import { REDACTED, redactLogFields } from './redact-log-fields';
import type { LoggerOptions } from './logger-options';


export function createLogger(options: LoggerOptions): Logger {
  // Path-based redaction misses a secret that travels under an unexpected key (an error message,
  // a URL). As a last line of defence, every known secret value is scrubbed from the final line.
  const secrets = [...new Set(options.secretValues.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  // Each secret as it appears in a JSON line (escaped), worked out once rather than per line.
  const forms = [...new Set(secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))];
  const scrub = forms.length === 0 ? undefined : (line: string): string => {
    let out = line;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };

  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: options.base ?? null,
    // Secret-named fields (redact-log-fields.ts): pino's own path redaction cost 20 µs a line.
    formatters: { log: redactLogFields },
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
