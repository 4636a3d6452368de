// ESLint flat config: the recommended JavaScript and typescript-eslint rules, with the type information the
// promise rules need; formatting is Prettier's job (npm run format), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'index/', 'data/', 'node_modules/', 'corpus/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'test/support/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Handlers hand promises to discord.js and node:test, which await them; a floating promise stays an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // An async function that never awaits still returns a promise, as the interfaces it implements require.
      '@typescript-eslint/require-await': 'off',
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] }] },
      ],
    },
  },
  {
    // Tests read what the fake Discord and the CLIs return as untyped JSON.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Plain JavaScript that node loads itself (a config, an import hook for spawned processes): no types to check.
  { files: ['eslint.config.js', 'test/support/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
