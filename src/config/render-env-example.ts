import { configVariables } from './config-variables';

/** The text of .env.example: each variable with a one-line comment and a safe default or nothing. */
export function renderEnvExample(): string {
  const lines = ['# texml-router configuration. Copy to .env; empty values mean "unset" (the default applies).', ''];
  for (const variable of configVariables) {
    lines.push(`# ${variable.description} Expected: ${variable.expected}.`);
    lines.push(`${variable.name}=${variable.example}`);
    lines.push('');
  }
  return lines.join('\n');
}
