import { z } from 'zod';

/**
 * The form fields of a vote over a list and of a proposal's completion, as browsers send them:
 * a ticked checkbox per approved (or proposed) measure, repeated under one name, and a
 * `note-<measure id>` text per measure. The page and link forms both read them here.
 */

const ids = z.union([z.uuid(), z.array(z.uuid()).max(500)]).optional();
const NOTE = /^note-([0-9a-f-]{36})$/;

export const listVoteFields = {
  /** Present when the form listed candidates: no ticks at all then means none approved. */
  list: z.literal('1').optional(),
  approve: ids,
};
/** The per-measure comments arrive under keys of their own. */
export const noteField = z.string().max(5000);

export const taskChoiceFields = { measureIds: ids };

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A proposal's chosen measures, for `choices` of the completion; none when the form had no choice. */
export function taskChoices(body: { measureIds?: string | string[] }): { measureIds: string[] } | undefined {
  const measureIds = asList(body.measureIds);
  return measureIds.length ? { measureIds } : undefined;
}

/**
 * What a vote says about the list: the measures approved (only on an approving vote) and the
 * comments per measure, both limited to the decision's candidates.
 */
export function listVote(
  body: { list?: '1'; approve?: string | string[] } & Record<string, unknown>,
  choice: string,
  candidateIds: readonly string[],
): { approvedMeasureIds?: string[]; itemComments?: Record<string, string> } {
  if (!body.list || !candidateIds.length) return {};
  const itemComments: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const id = NOTE.exec(key)?.[1];
    if (id && candidateIds.includes(id) && typeof value === 'string' && value.trim()) itemComments[id] = value.trim();
  }
  const approved = asList(body.approve).filter((id) => candidateIds.includes(id));
  return {
    ...(choice === 'approve' ? { approvedMeasureIds: approved } : {}),
    ...(Object.keys(itemComments).length ? { itemComments } : {}),
  };
}
