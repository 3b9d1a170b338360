import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const anyOf = (names) => names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const builtins = anyOf(builtinModules);
// The only packages whose code is written for the workflow sandbox.
const sandboxPackages = anyOf(['@temporalio/workflow', '@temporalio/common']);
// Folders beside workflows/ whose modules touch the world, with what they would bring in.
const ioFolders = {
  activities: 'runs side effects; call it through proxyActivities, and import only its types',
  config: 'reads the environment',
  db: 'talks to the database',
  api: 'serves HTTP',
  worker: 'starts the worker and connects to Temporal',
  cli: 'runs commands and processes',
};
// Each ban matches its own imports only, so an import is reported once, with the reason that fits.
const workflowImportBans = [
  {
    regex: `^(?:node:.*|(?:${builtins})(?:/.*)?)$`,
    message: 'Node modules do not exist in the workflow sandbox and do I/O; do the work in an activity.',
  },
  {
    regex: `^(?![./])(?!node:)(?!(?:${builtins})(?:/|$))(?!(?:${sandboxPackages})(?:/|$))`,
    message:
      'Workflows import no package but @temporalio/workflow and @temporalio/common: ' +
      'others do I/O or are not deterministic; call an activity.',
  },
  ...Object.entries(ioFolders).map(([folder, why]) => ({
    regex: `^(?:\\.\\./)+${folder}(?:/.*)?$`,
    message: `Workflows reach the world only through activities: ${folder}/ ${why}.`,
  })),
].map((ban) => ({ ...ban, caseSensitive: true, allowTypeImports: true }));

// SafeHtml marks text as already escaped; only the html tag in web/html.ts may say so, after
// escaping every value. Anywhere else a SafeHtml made by hand is a raw string let into a page.
const rawHtmlBan = {
  selector: "NewExpression:matches([callee.name='SafeHtml'], [callee.property.name='SafeHtml'])",
  message:
    'Build HTML with the html tag (or another helper in web/html.ts) so every value is escaped; new SafeHtml(...) trusts a raw string.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'test/artifacts', 'bench/results.json', 'scratch', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The browser's one script: plain JavaScript that runs as it is served, outside the TypeScript project.
    files: ['web/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      parserOptions: { projectService: false },
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['web/html.ts'],
    rules: { 'no-restricted-syntax': ['error', rawHtmlBan] },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: it may import only core/, its own
    // files and Temporal's workflow packages. Type-only imports are erased before bundling, so they
    // stay allowed (the activities' types are how proxyActivities is typed).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: workflowImportBans }],
      // import() is not checked by the rule above, and the sandbox loads nothing at run time.
      // This replaces the setting above for workflow files, so it repeats the raw-HTML ban.
      'no-restricted-syntax': [
        'error',
        rawHtmlBan,
        { selector: 'ImportExpression', message: 'Workflows load no modules at run time; import core/ statically.' },
      ],
    },
  },
  {
    // The formatter wraps code at 140 columns; this holds the lines it cannot wrap.
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true }] },
  },
  {
    // Translations and the texts tests expect stay whole on one line, so a search finds them.
    files: ['i18n/**/*.ts', 'test/**/*.ts'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }] },
  },
  {
    // The web layer stays in small files: a route file per door, a view file per page family.
    files: ['api/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
);
