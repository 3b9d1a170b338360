/**
 * What changed between two versions of a cycle definition, step by step: steps are matched by
 * key wherever they sit, so a step moved to another phase reads as changed (its phase), not as
 * removed and added. Values are compared as JSON; nested objects are compared field by field.
 */

export interface FieldChange {
  /** Dotted path inside the step or definition, e.g. `reminders.before`. */
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface StepDiff {
  key: string;
  status: 'added' | 'removed' | 'changed';
  phase: string;
  title: string;
  /** For a changed step: its changed fields; `phase` and `position` when it moved. */
  changes: FieldChange[];
}

export interface PhaseDiff {
  key: string;
  status: 'added' | 'removed' | 'changed';
  title: string;
  changes: FieldChange[];
}

export interface DefinitionDiff {
  /** Changes outside the phases: name, description, roles, defaults. */
  definition: FieldChange[];
  phases: PhaseDiff[];
  steps: StepDiff[];
  unchanged: boolean;
}

interface Shape {
  phases?: { key: string; title: string; steps: ({ key: string; title: string } & Record<string, unknown>)[] }[];
  [field: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf fields that differ, objects walked into, arrays compared whole. */
export function fieldChanges(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: prefix || '(root)', ...(before !== undefined && { before }), ...(after !== undefined && { after }) }];
}

function indexSteps(def: Shape) {
  const steps = new Map<string, { phase: string; step: Record<string, unknown> & { key: string; title: string } }>();
  for (const phase of def.phases ?? []) for (const step of phase.steps) steps.set(step.key, { phase: phase.key, step });
  return steps;
}

export function diffDefinitions(before: unknown, after: unknown): DefinitionDiff {
  const a = (isObject(before) ? before : {}) as Shape;
  const b = (isObject(after) ? after : {}) as Shape;
  const { phases: _pa, ...restA } = a;
  const { phases: _pb, ...restB } = b;
  const definition = fieldChanges(restA, restB);

  const phasesA = new Map((a.phases ?? []).map((p) => [p.key, p]));
  const phasesB = new Map((b.phases ?? []).map((p) => [p.key, p]));
  const phases: PhaseDiff[] = [];
  for (const [key, p] of phasesB) {
    const old = phasesA.get(key);
    if (!old) phases.push({ key, status: 'added', title: p.title, changes: [] });
    else if (old.title !== p.title)
      phases.push({ key, status: 'changed', title: p.title, changes: [{ field: 'title', before: old.title, after: p.title }] });
  }
  for (const [key, p] of phasesA) if (!phasesB.has(key)) phases.push({ key, status: 'removed', title: p.title, changes: [] });

  const stepsA = indexSteps(a);
  const stepsB = indexSteps(b);
  // Order among the steps both versions have: a step run earlier or later than before has moved.
  const common = (m: typeof stepsA, other: typeof stepsA) => [...m.keys()].filter((k) => other.has(k));
  const orderA = common(stepsA, stepsB);
  const orderB = common(stepsB, stepsA);
  const steps: StepDiff[] = [];
  for (const [key, now] of stepsB) {
    const old = stepsA.get(key);
    if (!old) {
      steps.push({ key, status: 'added', phase: now.phase, title: now.step.title, changes: [] });
      continue;
    }
    const changes = fieldChanges(old.step, now.step);
    if (orderA.indexOf(key) !== orderB.indexOf(key))
      changes.unshift({ field: 'position', before: orderA.indexOf(key) + 1, after: orderB.indexOf(key) + 1 });
    if (old.phase !== now.phase) changes.unshift({ field: 'phase', before: old.phase, after: now.phase });
    if (changes.length) steps.push({ key, status: 'changed', phase: now.phase, title: now.step.title, changes });
  }
  for (const [key, old] of stepsA)
    if (!stepsB.has(key)) steps.push({ key, status: 'removed', phase: old.phase, title: old.step.title, changes: [] });

  return { definition, phases, steps, unchanged: !definition.length && !phases.length && !steps.length };
}
