import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly' } },
    rules: {
      // Migrations (and the store copy) receive an untyped Kysely on purpose: they describe old schemas, or any table.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'src/db/migrations.ts',
      'src/db/community-migrations.ts',
      'src/db/library-migrations.ts',
      'src/db/search-index.ts',
      'src/db/copy-store.ts',
      'src/db/filter-migrations.ts',
      'src/db/webhook-migrations.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The few scripts pages load run in the browser.
    files: ['src/web/static/**/*.js'],
    languageOptions: { globals: { document: 'readonly', fetch: 'readonly', window: 'readonly' } },
  },
  ...layering(),
);

/*
 * The layers, top to bottom: cli → {web, jobs} → {filters, recommend} → capabilities → store → db → config → core.
 * A folder imports only from the layers below it; capabilities do not import each other
 * (a flow that crosses two lives in jobs or web), nor do web and jobs.
 */
function layering() {
  const capabilities = ['ingest', 'search', 'rank', 'social', 'mail', 'feeds', 'leases', 'library', 'webhooks'];
  // Saved filters and recommendations sit above the capabilities: both match and rank through search.
  const layers = [['cli'], ['web', 'jobs'], ['filters', 'recommend'], capabilities, ['store'], ['db'], ['config'], ['core']];
  return layers.flatMap((layer, depth) => {
    const above = layers.slice(0, depth).flat();
    return layer.map((folder) => {
      const forbidden = [...above, ...layer.filter((other) => other !== folder)];
      return {
        files: [`src/${folder}/**/*.ts`, `src/${folder}/**/*.tsx`],
        rules: {
          'no-restricted-imports': [
            'error',
            forbidden.length === 0
              ? {}
              : {
                  patterns: [
                    {
                      group: forbidden.map((name) => `**/${name}/**`),
                      message: `src/${folder} may import only from the layers below it: ${
                        layers
                          .slice(depth + 1)
                          .flat()
                          .join(', ') || 'none'
                      } (see README, Architecture)`,
                    },
                  ],
                },
          ],
        },
      };
    });
  });
}
