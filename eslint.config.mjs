// ESLint for hookwright's own code: src/, test/, bench/, bin/ (and this file). `npm run lint`;
// `npm test` runs it (pretest). The generated project is not linted with this config: templates/,
// examples/ and the golden files are generated code, checked where it is made (prettier-clean,
// compiled with `tsc --strict` in the tests).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'reports/**',
      'tmp/**',
      'templates/**',
      'examples/**',
      'spec/**',
      'mutation/**',
      'test/golden/**',
      'test/fixtures/**',
      'bench/.cache/**',
      '.stryker-tmp/**',
      '.mutation-project/**',
    ],
  },
  {
    // A disable comment that no longer disables anything is stale: say so, so it goes.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    // TypeScript: the type-checked recommended set (no-floating-promises, no-unsafe-*, ...),
    // with types from tsconfig.json through the project service.
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `const { header: _unused, ...rest } = headers` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // src/ loads its heavy dependencies on first use (prettier's plugins, Modelina's parts,
    // handlebars, diff, yaml), with a synchronous `require` typed `as typeof import(...)`:
    // cold generation time is what `npm run bench` measures. The value of `require()` is
    // `any`, so no-unsafe-* still insists that each one is typed. Tests use `import`.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // bin/, bench/ and the root config files are plain CommonJS scripts run by Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
);
