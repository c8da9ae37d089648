import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly' } },
    rules: {
      // Migrations receive an untyped Kysely on purpose: they describe old schemas too.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/db/migrations.ts', 'src/db/community-migrations.ts', 'src/db/search-index.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The few scripts pages load run in the browser.
    files: ['src/web/static/**/*.js'],
    languageOptions: { globals: { document: 'readonly', fetch: 'readonly', window: 'readonly' } },
  },
  {
    // Capabilities never reach up into the web or the command line.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/web/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**', '**/cli/**'], message: 'web and cli call capabilities, never the reverse' }] },
      ],
    },
  },
);
