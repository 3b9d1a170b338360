import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/import-graph/', import.meta.url));

/** A package's own files wherever node_modules sits (in the project, or linked beside it). */
const packages = (...names: string[]) => `(^|/)node_modules/(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/`;

// Type-only imports count (tsPreCompilationDeps): a type names the module it comes from just as a value does.
const rules: IForbiddenRuleType[] = [
  {
    name: 'core-is-pure',
    severity: 'error',
    comment:
      'core/ holds the rules: plan, definition, rotation, decision rules, Stockholm time. It imports its own files and the ' +
      'few packages that are pure computation like it (no I/O, no clock, no state): zod describes the shape of a ' +
      'definition, @date-fns/tz does the zone arithmetic. Wording, rendering and records live in the layers that import core/.',
    from: { path: '^core/' },
    to: { pathNot: ['^core/', packages('zod', '@date-fns/tz')] },
  },
  {
    name: 'workflows-stay-in-the-sandbox',
    severity: 'error',
    comment:
      "Workflow code runs in Temporal's deterministic sandbox: it imports its own files, core/, and Temporal's workflow " +
      'packages, and names the activities only by type (the next rule).',
    from: { path: '^workflows/' },
    to: { pathNot: ['^workflows/', '^core/', '^activities/', packages('@temporalio/workflow', '@temporalio/common')] },
  },
  {
    name: 'workflows-type-the-activities',
    severity: 'error',
    comment: 'Activities do I/O: a workflow reaches them through proxyActivities, typed by an import type, never as values.',
    from: { path: '^workflows/' },
    to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'routes-are-doors',
    severity: 'error',
    comment: 'A route says which door, schema, access, service and view; services reach the records and the workflows.',
    from: { path: '^api/routes/' },
    to: { path: '^(db|workflows)/' },
  },
];

async function cruiseFrom(baseDir: string, folders: string[]): Promise<ICruiseResult> {
  const { output } = await cruise(
    folders,
    {
      baseDir,
      validate: true,
      ruleSet: { forbidden: rules },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: `${repo}tsconfig.json` },
      doNotFollow: { path: 'node_modules' },
    },
    {},
    { tsConfig: extractTSConfig(`${repo}tsconfig.json`) },
  );
  return output as ICruiseResult;
}

/** Each violation of a rule as "from -> to", so a failure lists every offender. */
const offenders = (result: ICruiseResult, rule: string) =>
  result.summary.violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} -> ${v.to}`);

describe('the import graph', () => {
  let graph: ICruiseResult;
  beforeAll(async () => {
    graph = await cruiseFrom(repo, ['config', 'core', 'web', 'workflows', 'activities', 'api', 'db', 'worker', 'cli', 'i18n']);
  });

  it('reads our modules and their imports', () => {
    const sources = graph.modules.map((m) => m.source);
    expect(sources).toEqual(expect.arrayContaining(['core/plan.ts', 'workflows/cycle.ts', 'api/app.ts']));
    expect(graph.modules.find((m) => m.source === 'workflows/common.ts')!.dependencies.map((d) => d.resolved)).toContain(
      'activities/index.ts',
    );
  });

  it('has core/ import nothing outside core/ but pure packages', () => {
    expect(offenders(graph, 'core-is-pure')).toEqual([]);
  });

  it("has workflows/ import only core/, its own files and Temporal's workflow packages", () => {
    expect(offenders(graph, 'workflows-stay-in-the-sandbox')).toEqual([]);
  });

  it('has workflows/ import the activities as types only', () => {
    expect(offenders(graph, 'workflows-type-the-activities')).toEqual([]);
  });

  it('has api/routes import neither db/ nor workflows/', () => {
    expect(offenders(graph, 'routes-are-doors')).toEqual([]);
  });
});

describe('the import graph rules, on a fixture that breaks each', () => {
  let graph: ICruiseResult;
  beforeAll(async () => {
    graph = await cruiseFrom(fixture, ['core', 'workflows', 'api']);
  });

  it('report core/ importing a value from outside core/', () => {
    expect(offenders(graph, 'core-is-pure')).toContain('core/rule.ts -> db/schema.ts');
  });

  it('report core/ importing only a type from outside core/', () => {
    expect(offenders(graph, 'core-is-pure')).toContain('core/typed.ts -> db/schema.ts');
  });

  it('let core/ import its own files and the pure packages', () => {
    expect(offenders(graph, 'core-is-pure').filter((o) => o.startsWith('core/pure.ts'))).toEqual([]);
  });

  it('report a workflow importing the activities as a value', () => {
    expect(offenders(graph, 'workflows-type-the-activities')).toEqual(['workflows/valued.ts -> activities/index.ts']);
  });

  it("report a workflow importing a package but Temporal's", () => {
    expect(offenders(graph, 'workflows-stay-in-the-sandbox')).toEqual([
      expect.stringMatching(/^workflows\/packaged\.ts -> .*node_modules\/zod\//),
    ]);
  });

  it('report a route importing db/', () => {
    expect(offenders(graph, 'routes-are-doors')).toEqual(['api/routes/door.ts -> db/schema.ts']);
  });
});
