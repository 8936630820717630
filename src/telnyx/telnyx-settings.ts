import { AppError } from '../errors';
import type { TelnyxClientOptions } from './telnyx-client-options';

/** What workers need to address Telnyx, resolved once from config. */
export interface TelnyxSettings extends TelnyxClientOptions {
  /** `{account_sid}` of TeXML REST paths. */
  accountSid: string;
  /** Default ApplicationSid of dials (calls.create, participants.dial). */
  applicationSid: string | undefined;
  /** True when the base URL is a local address (the emulator), where stand-in ids are fine. */
  local: boolean;
}

/** What the settings are resolved from (the service's Config has these fields). */
export interface TelnyxConfiguration {
  telnyxApiBaseUrl: string;
  telnyxApiKey: string | undefined;
  telnyxAccountSid: string | undefined;
  telnyxApplicationSid: string | undefined;
  telnyxTimeoutMs: number;
  /** The key the local emulator accepts, used when no TELNYX_API_KEY is set against it. */
  emulatorApiKey: string;
}

/** Stand-ins used only against a local base URL (the emulator accepts any account and application). */
export const LOCAL_ACCOUNT_SID = 'emulator-account';
export const LOCAL_APPLICATION_SID = 'emulator-application';

/**
 * Resolves the key, account and application. Against a local base URL (the emulator) missing
 * values get stand-ins; against anything else a missing key or account is an error at start.
 */
export function resolveTelnyxSettings(config: TelnyxConfiguration): TelnyxSettings {
  const host = new URL(config.telnyxApiBaseUrl).hostname;
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  const missing: string[] = [];
  if (!config.telnyxApiKey && !local) missing.push('TELNYX_API_KEY');
  if (!config.telnyxAccountSid && !local) missing.push('TELNYX_ACCOUNT_SID');
  if (missing.length > 0) {
    throw new AppError('TELNYX_SETTINGS_MISSING', `Workers need ${missing.join(' and ')} to call ${config.telnyxApiBaseUrl}`, { isOperational: false });
  }
  return {
    apiKey: config.telnyxApiKey ?? config.emulatorApiKey,
    baseUrl: config.telnyxApiBaseUrl,
    timeoutMs: config.telnyxTimeoutMs,
    accountSid: config.telnyxAccountSid ?? LOCAL_ACCOUNT_SID,
    applicationSid: config.telnyxApplicationSid ?? (local ? LOCAL_APPLICATION_SID : undefined),
    local,
  };
}
