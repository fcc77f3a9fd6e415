import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const uiLibraries = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  'immer',
  '@xyflow/react',
  'framer-motion',
];
const engineWhy =
  'src/engine is the pure simulation: it runs in Node, tests, benchmarks and Web Workers. Keep UI libraries in src/store and src/ui.';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'bench/.out', '.tmp', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // the embedding examples are plain browser scripts loaded by <script> tags
    files: ['examples/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, K8sAnatomy: 'writable', Reveal: 'readonly' },
    },
  },
  {
    files: [
      'src/ui/**/*.{ts,tsx}',
      'src/store/**/*.{ts,tsx}',
      'src/*.tsx',
      'test/ui/**/*.{ts,tsx}',
    ],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The engine boundary: no UI libraries, no DOM, no wall clock, no unseeded randomness.
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiLibraries
            .filter((p) => !p.includes('*'))
            .map((name) => ({ name, message: engineWhy })),
          patterns: [{ group: uiLibraries, message: engineWhy }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'HTMLElement',
          'requestAnimationFrame',
          'setTimeout',
          'setInterval',
          'performance',
          'Buffer',
          'process',
          'require',
        ].map((name) => ({
          name,
          message: `${engineWhy} Use the simulation clock and network instead of ${name}.`,
        })),
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'The engine is deterministic: use the seeded rng from src/engine/sim/rng.ts.',
        },
        {
          object: 'Date',
          property: 'now',
          message: 'The engine runs on virtual time: use the simulation clock.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The engine runs on virtual time: use the simulation clock.',
        },
      ],
    },
  },
);
