// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering of src/ (docs/architecture.md draws the same list): a module imports only from the
 * modules below it. Each module gets a rule that refuses the ones above it (and itself is free).
 */
const layers = ['cli', 'simulator', 'http', 'emulator', 'campaigns', 'flows', 'jobs', 'urls', 'events', 'state', 'templates', 'texml', 'telnyx', 'calendar', 'source', 'redis', 'config', 'clock', 'logging', 'crypto', 'errors'];
const layering = layers.map((module, rank) => ({
  files: [`src/${module}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: layers.slice(0, rank).map((above) => ({
          group: [`**/${above}`, `**/${above}/**`],
          message: `src/${module} may not import src/${above}: dependencies point down (${layers.join(' > ')}; docs/architecture.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'schemas/', '.scratch/', '.bench-build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
    },
  },
  ...layering,
  {
    files: ['src/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'jest.config.js', 'jest.*.config.js'],
    languageOptions: { globals: { process: 'readonly', module: 'writable', require: 'readonly' } },
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
