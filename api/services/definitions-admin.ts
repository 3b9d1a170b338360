import { definitionVersion, latestDefinition } from '../../db/queries/definitions';
import type { Actor } from '../../core/actor';
import { cyclesOnDefinition, definitionVersions } from '../../db/queries/admin';
import { cycleDefinition, type CycleDefinition } from '../../core/definition';
import { diffDefinitions } from '../../core/definition-diff';
import { t, type Locale } from '../../i18n';
import { UserError } from '../plugins/errors';
import { validateDefinition, type DefinitionIssue } from '../definitions';
import type { Ctx } from './context';
import { storeDefinition } from './definitions';

/**
 * Cycle definitions for people: every version, what changed since the one before, and a form
 * that checks a new version and saves it with the same rules as `POST /api/definitions`.
 */
type DbCtx = Pick<Ctx, 'db'>;

export const definitionList = ({ db }: DbCtx) => definitionVersions(db);

export async function definitionVersionOf({ db }: DbCtx, key: string, version: number) {
  const row = await definitionVersion(db, key, version);
  if (!row) {
    if (!(await latestDefinition(db, key))) throw new UserError(404, 'admin.def.notFound', { key });
    throw new UserError(404, 'admin.def.versionNotFound', { key, version });
  }
  return row;
}

export async function latestDefinitionOf({ db }: DbCtx, key: string) {
  const row = await latestDefinition(db, key);
  if (!row) throw new UserError(404, 'admin.def.notFound', { key });
  return row;
}

/** A version with the cycles that run it, and its definition as the schema reads it (stored rows passed it when saved). */
export async function definitionInUse(ctx: DbCtx, key: string, version: number) {
  const row = await definitionVersionOf(ctx, key, version);
  const parsed = cycleDefinition.safeParse(row.definition);
  const definition = (parsed.success ? parsed.data : row.definition) as CycleDefinition;
  return { row, definition, cycles: await cyclesOnDefinition(ctx.db, row.id) };
}

/** What changed from the version before; none for the first. */
export async function definitionDiff(ctx: DbCtx, key: string, version: number) {
  const to = await definitionVersionOf(ctx, key, version);
  const from = version > 1 ? await definitionVersion(ctx.db, key, version - 1) : undefined;
  return { to, from, diff: from ? diffDefinitions(from.definition, to.definition) : undefined };
}

/** The text the upload form starts from: a stored version to edit a copy of, or nothing. */
export async function uploadStart(ctx: DbCtx, from?: string, version?: number): Promise<string> {
  if (!from) return '';
  const start = version ? await definitionVersionOf(ctx, from, version) : await latestDefinitionOf(ctx, from);
  return JSON.stringify(start.definition, null, 2);
}

/** JSON text to a value, or an issue that says where the text stops being JSON. */
function parseJson(l: Locale, text: string): { value: unknown } | { issue: DefinitionIssue } {
  if (!text.trim()) return { issue: { path: 'definition', message: t(l, 'admin.upload.empty') } };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const position = /position (\d+)/.exec(String((err as Error).message))?.[1];
    let detail = String((err as Error).message);
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      detail = t(l, 'admin.upload.at', { line: before.length, column: before.at(-1)!.length + 1 });
    }
    return { issue: { path: 'definition', message: t(l, 'admin.upload.notJson', { detail }) } };
  }
}

export type UploadResult =
  | { outcome: 'invalid'; issues: DefinitionIssue[] }
  | { outcome: 'valid'; phases: number; steps: number }
  | { outcome: 'saved'; key: string; version: number };

/**
 * A definition uploaded as text: checked, and with `save` stored as the next version. Anyone
 * signed in may check one; only the coordinator saves (`coordinator` refuses anyone else).
 */
export async function uploadDefinition(
  ctx: Ctx,
  coordinator: () => Actor,
  text: string,
  action: 'validate' | 'save',
): Promise<UploadResult> {
  const actor = action === 'save' ? coordinator() : undefined;
  const json = parseJson(ctx.locale, text);
  if ('issue' in json) return { outcome: 'invalid', issues: [json.issue] };
  const result = await validateDefinition(ctx.db, json.value, ctx.locale);
  if (!result.definition) return { outcome: 'invalid', issues: result.issues };
  const def = result.definition;
  if (action === 'validate')
    return { outcome: 'valid', phases: def.phases.length, steps: def.phases.reduce((n, p) => n + p.steps.length, 0) };
  const saved = await storeDefinition(ctx, actor!, def);
  return { outcome: 'saved', key: saved.key, version: saved.version };
}
