import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import rules that make the architecture of CONVENTIONS.md checkable instead of a paragraph. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'var/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/testing/**'],
    rules: { 'max-lines': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: restrict([
      { group: ['@citysoc/*'], message: 'core imports nothing internal' },
      {
        group: ['node:*', 'fs', 'net', 'http', 'pg', 'better-sqlite3', 'kysely', 'fastify'],
        message: 'core is pure: no I/O',
      },
    ]),
  },
  {
    files: ['packages/server/src/platform/**/*.ts'],
    rules: restrict([{ group: ['**/features/**'], message: 'platform never imports a feature' }]),
  },
  {
    files: ['packages/server/src/features/**/*.ts'],
    // Integration tests compose the whole app (main.ts) on purpose.
    ignores: ['**/*.test.ts'],
    rules: restrict([
      {
        regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$)',
        message: 'import another feature only through its index.ts',
      },
      {
        group: ['../../cli/**', '../../main.ts'],
        message: 'features do not depend on the CLI or the composition root',
      },
    ]),
  },
  {
    files: ['packages/server/src/cli/**/*.ts'],
    rules: restrict([
      { regex: '^\\.\\./features/[^/]+/(?!index\\.ts$)', message: 'the CLI uses a feature through its index.ts' },
      { group: ['kysely', '**/platform/db/**'], message: 'the CLI calls services, never SQL' },
    ]),
  },
  {
    files: ['packages/server/src/cli/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: ['@citysoc/server', '@citysoc/server/*', 'node:*'],
          message: 'the web UI talks to the server over HTTP only',
        },
      ]),
    },
  },
);
