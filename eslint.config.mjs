// ESLint: type-aware checks of promises, and the rule of which layer may import which
// (README, "Architecture"). Formatting is Prettier's (`.prettierrc.json`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
  'zlib',
  'dns',
  'process',
  'buffer',
];

/** `no-restricted-imports` patterns, by the layer a file is in. */
const layer = (groups, message, allowTypeImports = false) => ({ group: groups, message, allowTypeImports });

export default tseslint.config(
  { ignores: ['generated/**', 'node_modules/**', 'dist/**', 'data/**', '.tools/**', 'coverage/**', 'test/workflows/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'infra/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      // A variable assigned once but read first by callbacks set up before it (a server and its handlers).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [layer(['../*', '!../domain/*', ...NODE_BUILTINS], 'domain/ imports nothing outside domain/ (and no Node built-ins)')] },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(NODE_BUILTINS, 'workflows/ are deterministic: no Node built-ins'),
            layer(['../activities/*', '../activities'], 'workflows/ import activities as types only', true),
            layer(['../api/*', '../worker/*', '../infra/*', '../scripts/*', '../generated/*'], 'workflows/ import domain/ and activity types only'),
          ],
        },
      ],
    },
  },
  {
    files: ['store/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(
              ['../api', '../api/*', '../activities', '../activities/*', '../worker', '../worker/*', '../workflows', '../workflows/*', '../scripts/*', '../test/*'],
              'store/ imports domain/, generated/ and infra/ only',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [layer(['../activities/*', '../../activities/*', '../worker/*', '../../worker/*'], 'api/ does not import activities/ or worker/')] },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [layer(['../api/routes/*', '../api/routes'], 'scripts/ do not import route modules')] }],
    },
  },
);
