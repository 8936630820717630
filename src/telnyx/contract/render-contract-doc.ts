import type { ParamSpec, RestFieldSpec, RestResourceSpec, WebhookSpec } from './contract-types';
import { openQuestions } from './open-questions';
import { listEnvelope, restContract, restResourceKinds } from './rest-contract';
import { openVocabularies, webhookContract, webhookKinds } from './webhook-contract';

const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function paramRow(kind: string, name: string, spec: ParamSpec, mainSource: string): string {
  const values = spec.enum ? spec.enum.map((v) => `\`${v}\``).join(', ') + (openVocabularies.has(`${kind}.${name}`) ? ', or any other' : '') : '';
  const status = spec.documented === false ? 'tolerated (undocumented)' : spec.required ? 'required' : 'optional';
  const notes = [spec.source && spec.source !== mainSource ? spec.source : '', spec.note ?? ''].filter((s) => s !== '').join('; ');
  return `| \`${name}\` | ${spec.type} | ${status} | ${cell(values)} | ${cell(notes)} |`;
}

function webhookSection(kind: string, spec: WebhookSpec): string[] {
  const params = Object.entries(spec.params).sort(([a], [b]) => a.localeCompare(b));
  return [
    `### ${spec.title} (\`${kind}\`)`,
    '',
    `${spec.when} Reaches \`${spec.endpoint}\`.`,
    '',
    `Sources: ${spec.sources.join('; ')}.`,
    '',
    '| parameter | type | | values | source / note |',
    '|---|---|---|---|---|',
    ...params.map(([name, param]) => paramRow(kind, name, param, spec.sources[0]!)),
    ...(spec.openEnded ? ['| *(any other)* | string | optional | | further parameters the request maps out of a response |'] : []),
    '',
    ...(spec.notes ?? []).map((note) => `- ${note}`),
    ...((spec.notes ?? []).length > 0 ? [''] : []),
  ];
}

function restRow(name: string, spec: RestFieldSpec): string {
  const values = spec.enum ? spec.enum.map((v) => `\`${v}\``).join(', ') : '';
  const presence = spec.required ? (spec.nullable ? 'always, may be null' : 'always') : 'when it applies';
  return `| \`${name}\` | ${spec.type} | ${presence} | ${cell(values)} | ${cell([spec.source ?? '', spec.note ?? ''].filter((s) => s !== '').join('; '))} |`;
}

function restSection(kind: string, spec: RestResourceSpec): string[] {
  return [
    `### ${spec.title} (\`${kind}\`)`,
    '',
    `Paths: ${spec.paths.map((p) => `\`${p}\``).join(', ')}. Sources: ${spec.sources.join('; ')}.`,
    '',
    '| field | type | present | values | note |',
    '|---|---|---|---|---|',
    ...Object.entries(spec.fields).map(([name, field]) => restRow(name, field)),
    '',
    ...(spec.notes ?? []).map((note) => `- ${note}`),
    ...((spec.notes ?? []).length > 0 ? [''] : []),
  ];
}

/** docs/telnyx-contract.md, rendered from src/telnyx/contract (npm run contract-doc). */
export function renderContractDoc(): string {
  const lines = [
    '# The contract with Telnyx',
    '',
    '<!-- Generated from src/telnyx/contract by `npm run contract-doc`; a test fails when it is stale. Do not edit. -->',
    '',
    'Every request Telnyx makes to this service, and every REST resource Telnyx answers, as Telnyx',
    'documents them. Each entry names the Telnyx page or schema it was written from (OpenAPI:',
    '`../shared/telnyx/texml-calls.openapi.yml`; pages: developers.telnyx.com; runbooks:',
    '`team-telnyx/knowledge-base`; SDK: `team-telnyx/telnyx-python`). Where Telnyx disagrees with',
    'itself or is silent, the entry says so and the service accepts every documented variant.',
    '',
    'Who checks what against this:',
    '',
    '- `validateWebhook(kind, params)` and `matchWebhook(kinds, params)`: a request against a webhook kind.',
    '  Every request the emulator sends during the scenario suite is checked with them (the last test',
    '  of test/simulator/flow-scenarios.test.ts; test/support/emulator-requests.ts).',
    '- A property test signs contract-built requests of every kind and sends them to the real app',
    '  (test/http/contract-property.test.ts); test/unit/telnyx/contract-readers.test.ts fails when',
    '  service code reads a Telnyx parameter the contract does not name.',
    '- `validateRestResource(kind, body)` and `validateRestList(key, body)`: a REST answer (the emulator\'s).',
    '',
    'Values arrive as form text; the type says what the text holds. "Tolerated (undocumented)" means',
    'the service reads it when present and never needs it; Telnyx does not document it, so the',
    'emulator never sends it.',
    '',
    '## Open questions, decided',
    '',
    ...openQuestions.flatMap((q) => [`### ${q.question}`, '', `**Telnyx:** ${q.whatTelnyxSays}`, '', `**What the service does:** ${q.decision}`, '', `Where: ${q.where}.`, '']),
    '## Webhooks (what Telnyx sends)',
    '',
    ...webhookKinds.flatMap((kind) => webhookSection(kind, webhookContract[kind])),
    '## REST resources (what Telnyx answers)',
    '',
    ...restResourceKinds.flatMap((kind) => restSection(kind, restContract[kind])),
    ...restSection('list', listEnvelope),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
