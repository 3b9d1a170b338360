import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import type { DecisionEffect } from '../db/schema';
import { reopenFormVersion } from '../db/queries/form-versions';
import { system } from '../core/actor';
import { appendAudit } from './audit';
import { writeNotice } from './notices';

/**
 * What an approved one-off decision does to the register or a form, applied in the transaction
 * that records its close. The effect's row is locked and stamped, so a close recorded twice (a
 * retried activity) applies it once.
 */

export interface AppliedEffect {
  /** A notice written in the transaction, to send once it has committed. */
  noticeKey?: string;
}

interface Applying {
  decisionId: string;
  title: string;
  at: Date;
}

type Result = { result: Record<string, unknown>; noticeKey?: string };

async function createBody(tx: Db, d: Applying, e: Extract<DecisionEffect, { kind: 'createBody' }>): Promise<Result> {
  const [taken] = await tx.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, e.slug));
  // The key was free when the decision was asked for; someone may have taken it while it was open.
  if (taken) return { result: { refused: 'slugTaken', slug: e.slug } };
  const [body] = await tx
    .insert(t.bodies)
    .values({
      slug: e.slug,
      name: e.name,
      kind: 'working_group',
      description: e.description,
      convenorOrganisationId: e.convenorOrganisationId ?? null,
    })
    .returning();
  const detail = { slug: e.slug, name: e.name, kind: 'working_group', decisionId: d.decisionId };
  const event = { action: 'body.create', actor: system, detail, dedupeKey: `decision-effect:${d.decisionId}`, at: d.at.toISOString() };
  await appendAudit(tx, event, { kind: 'body', id: body!.id });
  return { result: { bodyId: body!.id } };
}

async function reopenForm(tx: Db, publicUrl: string, d: Applying, formId: string): Promise<Result> {
  const reopened = await reopenFormVersion(tx, { formId, decisionId: d.decisionId });
  if ('refused' in reopened) return { result: { refused: reopened.refused, formId } };
  const [form] = await tx.select({ seatId: t.formInstances.seatId }).from(t.formInstances).where(eq(t.formInstances.id, reopened.formId));
  const noticeKey = `decision-effect:${d.decisionId}`;
  await writeNotice(tx, publicUrl, {
    key: noticeKey,
    kind: 'form_reopened',
    seatIds: [form!.seatId],
    at: d.at.toISOString(),
    target: { kind: 'decision', id: d.decisionId },
    path: `/forms/${reopened.formId}`,
    title: d.title,
  });
  return { result: { formId: reopened.formId }, noticeKey };
}

export async function applyDecisionEffect(tx: Db, publicUrl: string, d: Applying): Promise<AppliedEffect> {
  const [row] = await tx.select().from(t.decisionEffects).where(eq(t.decisionEffects.decisionId, d.decisionId)).for('update');
  if (!row || row.appliedAt) return {};
  const effect = row.effect;
  const applied: Result =
    effect.kind === 'createBody'
      ? await createBody(tx, d, effect)
      : effect.kind === 'reopenForm'
        ? await reopenForm(tx, publicUrl, d, effect.formId)
        : { result: {} };
  await tx
    .update(t.decisionEffects)
    .set({ appliedAt: d.at, result: applied.result, updatedAt: new Date() })
    .where(eq(t.decisionEffects.decisionId, d.decisionId));
  return { noticeKey: applied.noticeKey };
}
