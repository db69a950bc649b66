import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'target/', 'cdk.out/', 'data/', 'bench/results.json', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Engines never import each other: what they share (the landing contract, SQL quoting) lives in lib/landing and lib/sql.
  ...['duckdb', 'postgres', 'redshift-data'].map((engine) => ({
    files: [`lib/engines/${engine}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['duckdb', 'postgres', 'redshift-data'].filter((other) => other !== engine).flatMap((other) => [`../${other}/*`, `**/engines/${other}/*`]),
              message: 'engines never import each other; move what they share to lib/landing or lib/sql',
            },
          ],
        },
      ],
    },
  })),
);
