import { configVariables } from './config-variables';

/** The README's configuration table, from the same table config is validated with. */
export function renderConfigTable(): string {
  const rows = configVariables.map((v) => `| \`${v.name}\` | ${v.example === '' ? '(unset)' : `\`${v.example}\``} | ${v.description} |`);
  return ['| variable | default | what it does |', '|---|---|---|', ...rows].join('\n');
}
