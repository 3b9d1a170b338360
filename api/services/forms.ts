import { formStep } from '../../core/definition';
import type { Actor } from '../../core/actor';
import { validateForm, type FormFields, type FormValues } from '../../core/form-fields';
import * as q from '../../db/queries/forms';
import { findTask } from '../../db/queries/tasks';
import { t } from '../../i18n';
import type { ActorInput } from '../actor';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Ctx } from './context';
import { audit, FieldRefusal } from './register';
import { completeTask } from './tasks';
import { contentHash } from './form-hash';
import { signerSeatForForm } from './signatures';

/**
 * A seat's form of a form step: opened from its task, saved as drafts, submitted. The page, the
 * JSON API and its tests call these same functions, so a limit or a refusal reads the same.
 */

export const formNotFound = (id: string) => new UserError(404, 'form.notFound', { id });

export type FormStep = ReturnType<typeof formStep.parse>;

/** The step as the cycle's stored definition version states it: a later upload does not change a running year's form. */
export function stepOf(definition: unknown, stepKey: string): FormStep | undefined {
  const phases = (definition as { phases?: { steps?: { key: string; kind: string }[] }[] }).phases ?? [];
  const raw = phases.flatMap((p) => p.steps ?? []).find((s) => s.key === stepKey && s.kind === 'form');
  return raw ? formStep.parse(raw) : undefined;
}

export interface LoadedForm extends q.FoundForm {
  step: FormStep;
  /** The seats that fill it in: the task's owners, or the form's seat for a version without a task. */
  editors: string[];
  title: string;
}

export async function loadForm(ctx: Ctx, id: string): Promise<LoadedForm> {
  const found = await q.findForm(ctx.db, id);
  const step = found && stepOf(found.definition, found.form.stepKey);
  if (!found || !step) throw formNotFound(id);
  const task = found.form.taskId ? await findTask(ctx.db, found.form.taskId) : undefined;
  const editors = task ? [task.seatId, ...task.coSeatIds] : [found.form.seatId];
  return { ...found, step, editors, title: task?.title ?? step.title };
}

export type FormAccess = 'edit' | 'read';

/**
 * Who may: the seats that fill it in edit; the coordinator reads; the receiving body's seats read
 * what was submitted; the signer seat reads it while it awaits their signature. To anyone else
 * the form does not exist.
 */
export async function accessOf(ctx: Ctx, user: User | null, form: LoadedForm): Promise<FormAccess> {
  const held = new Set(user?.seats.map((s) => s.seatId) ?? []);
  if (form.editors.some((s) => held.has(s))) return 'edit';
  if (user?.role === 'coordinator') return 'read';
  const { receiver, signedBy } = form.step;
  if (receiver && ['submitted', 'superseded'].includes(form.form.state)) {
    if ((await q.seatIdsOfBody(ctx.db, receiver)).some((s) => held.has(s))) return 'read';
  }
  // The signer reads what it is asked to sign, while it is asked.
  if (signedBy && form.form.state === 'awaiting_signature') {
    const signer = await signerSeatForForm(ctx.db, form.form.id).catch(() => undefined);
    if (signer && held.has(signer.id)) return 'read';
  }
  throw formNotFound(form.form.id);
}

export async function readableForm(ctx: Ctx, user: User | null, id: string) {
  const form = await loadForm(ctx, id);
  return { form, access: await accessOf(ctx, user, form) };
}

/** Who acts on the form from a page or the API: the reader's seat among its editors, else the coordinator. */
export async function formActorInput(ctx: Ctx, user: User | null, id: string): Promise<ActorInput> {
  const { form } = await readableForm(ctx, user, id);
  const seat = user?.seats.find((s) => s.seatId === form.form.seatId) ?? user?.seats.find((s) => form.editors.includes(s.seatId));
  return seat ? { kind: 'seat', seat: seat.seatId } : { kind: 'coordinator' };
}

/** The form of a form task, version 1 made on first opening: pre-filled from the seat's earlier year when the step says so. */
export async function openFormOfTask(ctx: Ctx, user: User | null, taskId: string): Promise<string> {
  const task = await findTask(ctx.db, taskId);
  const held = new Set(user?.seats.map((s) => s.seatId) ?? []);
  const mayRead = task && (user?.role === 'coordinator' || [task.seatId, ...task.coSeatIds].some((s) => held.has(s)));
  if (!task || !mayRead) throw new UserError(404, 'task.notFound', { id: taskId });
  const existing = await q.formOfTask(ctx.db, taskId);
  if (existing) return existing.id;
  const cycle = task.cycleId ? await q.cycleOf(ctx.db, task.cycleId) : undefined;
  const step = cycle && task.stepKey ? stepOf(cycle.definition, task.stepKey) : undefined;
  if (!cycle || !step || task.kind !== 'form') throw new UserError(404, 'form.notFormTask', { id: taskId });
  const previous =
    step.prefill === 'previous'
      ? await q.previousSubmission(ctx.db, {
          definitionKey: cycle.definitionKey,
          stepKey: step.key,
          seatId: task.seatId,
          beforeYear: cycle.year,
        })
      : undefined;
  // Last year's values as today's fields keep them: a field since removed or changed is left out.
  const values = previous ? validateForm(step.fields, previous.values, { locale: ctx.locale, mode: 'draft', t }).values : {};
  return q.createFirstVersion(ctx.db, {
    cycleId: task.cycleId!,
    stepKey: step.key,
    seatId: task.seatId,
    taskId,
    values,
    prefilledFromId: previous?.id,
  });
}

/** Every leaf's value by its path (`contacts.1.email`), to say which fields a save changed. */
export function leaves(values: FormValues): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((row, i) => Object.entries(row).forEach(([k, v]) => out.set(`${key}.${i}.${k}`, v)));
    else out.set(key, value);
  }
  return out;
}

export function changedFields(before: FormValues, after: FormValues): q.FieldChange[] {
  const [b, a] = [leaves(before), leaves(after)];
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths
    .filter((p) => JSON.stringify(b.get(p)) !== JSON.stringify(a.get(p)))
    .map((path) => ({ path, before: b.get(path), after: a.get(path) }));
}

export function check(ctx: Ctx, fields: FormFields, values: unknown, mode: 'draft' | 'submit') {
  const result = validateForm(fields, values, { locale: ctx.locale, mode, t });
  if (result.problems.length) throw new FieldRefusal(result.problems);
  return result.values;
}

const EDITABLE = ['draft', 'awaiting_signature', 'signed'] as const;

export async function editable(ctx: Ctx, actor: Actor, id: string): Promise<LoadedForm> {
  const form = await loadForm(ctx, id);
  if (actor.kind !== 'seat' || !form.editors.includes(actor.seatId!)) {
    if (actor.kind === 'coordinator') throw new UserError(403, 'form.readOnly');
    throw formNotFound(id);
  }
  if (!(EDITABLE as readonly string[]).includes(form.form.state)) throw notEditable(ctx, form.form.state);
  return form;
}

const notEditable = (ctx: Ctx, state: string) =>
  new UserError(409, 'form.notEditable', { state: t(ctx.locale, `form.state.${state}` as never) }, { state });

export async function save(ctx: Ctx, actor: Actor, form: LoadedForm, values: FormValues) {
  const changes = changedFields(form.form.values, values);
  const saved = await q.saveValues(ctx.db, form.form.id, {
    values,
    changes,
    seatId: actor.seatId,
    holderId: actor.holderId,
    door: actor.door ?? 'page',
    editable: [...EDITABLE],
    at: ctx.now(),
  });
  if (!saved) throw notEditable(ctx, 'submitted');
  await audit(
    ctx,
    actor,
    'form.saved',
    { kind: 'form', id: form.form.id },
    { fields: changes.map((c) => c.path), version: form.form.version },
  );
  return changes;
}

/** A draft: every limit and format holds, required fields may wait; nothing is saved when anything is wrong. */
export async function saveForm(ctx: Ctx, actor: Actor, id: string, input: unknown) {
  const form = await editable(ctx, actor, id);
  const values = check(ctx, form.step.fields, input, 'draft');
  const changes = await save(ctx, actor, form, values);
  return { id, state: 'draft' as const, changed: changes.map((c) => c.path) };
}

/**
 * Submits the form: complete and, when the step wants a signature, signed as it stands now. The
 * submission completes the seat's task (so the step output exists); a reopened version has no task
 * and is submitted on its own. With `input`, what the page posted is checked and saved first.
 */
export async function submitForm(ctx: Ctx, actor: Actor, id: string, input?: unknown) {
  let form = await editable(ctx, actor, id);
  const values = check(ctx, form.step.fields, input ?? form.form.values, 'submit');
  if (form.step.signedBy) {
    const signed = form.form.state === 'signed' && form.form.contentSha256 === contentHash(form.step.fields, values);
    if (!signed) throw new UserError(409, 'form.notSigned');
  } else if (input !== undefined && changedFields(form.form.values, values).length) {
    await save(ctx, actor, form, values);
    form = await loadForm(ctx, id);
  }
  if (form.form.taskId) {
    const report = `Inskickad: ${form.title}, version ${form.form.version}`;
    await completeTask(ctx, actor, form.form.taskId, { report });
  }
  await q.markSubmitted(ctx.db, id, { holderId: actor.holderId, at: ctx.now() });
  await audit(ctx, actor, 'form.submitted', { kind: 'form', id }, { version: form.form.version, task: form.form.taskId });
  return { id, state: 'submitted' as const, version: form.form.version };
}
