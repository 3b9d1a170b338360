import { cycleDefinition, type CycleDefinition } from '../core/definition';
import { resolvePlan } from '../core/plan';
import { loadDirectory } from '../db/queries/directory';
import type { Db } from '../db/client';
import { t, zodErrorMaps, type Locale } from '../i18n';

export interface DefinitionIssue {
  path: string;
  message: string;
}

/**
 * Every problem with a definition, each with its path: first its shape, then what it refers to
 * (seats, bodies, action plans) in the directory.
 */
export async function validateDefinition(
  db: Db,
  input: unknown,
  locale: Locale,
): Promise<{ definition: CycleDefinition; issues: [] } | { definition?: undefined; issues: DefinitionIssue[] }> {
  const parsed = cycleDefinition.safeParse(input, { error: zodErrorMaps[locale] });
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
  }
  const resolved = resolvePlan(parsed.data, new Date().getFullYear(), await loadDirectory(db));
  if (resolved.issues.length) {
    return { issues: resolved.issues.map((i) => ({ path: i.path, message: t(locale, i.key, i.args) })) };
  }
  return { definition: parsed.data, issues: [] };
}
