import type { MultipartFile } from '@fastify/multipart';
import type { Actor } from '../../core/actor';
import * as files from '../../db/queries/attachments';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../db/queries/attachments';
import { findTask } from '../../db/queries/tasks';
import { showingOutput } from '../../db/queries/outputs';
import { UserError } from '../plugins/errors';
import { audit } from './register';
import type { User } from '../plugins/session';
import { loadTask, refuseClosed } from './tasks';
import { readerOf, readsDecision, readsTask } from './readers';
import type { Ctx } from './context';

export { MAX_ATTACHMENT_BYTES };
export const MAX_LABEL = '10 MB';
export const ATTACHMENT_TYPE_LIST = Object.keys(ATTACHMENT_TYPES).join(', ');

/** A file as a form sent it: its name, the browser's guess at its type, and a way to read it. */
export interface Upload {
  name: string;
  declaredType: string;
  read(): Promise<Buffer>;
  /** Lets an unread file go, so the request can end. */
  discard(): void;
}

/** The JSON API's upload: the multipart request's `file` part, read as it streams. */
export const uploadOfPart = (part: MultipartFile | undefined): Upload | undefined =>
  part?.fieldname === 'file'
    ? { name: part.filename, declaredType: part.mimetype, read: () => part.toBuffer(), discard: () => part.file.resume() }
    : undefined;

/** A page's upload form, read whole: its file, unless none was chosen (a browser then sends one with no name). */
export const uploadOfFile = (file: File | undefined): Upload | undefined =>
  file?.name
    ? { name: file.name, declaredType: file.type, read: async () => Buffer.from(await file.arrayBuffer()), discard: () => undefined }
    : undefined;

const missing = () => new UserError(400, 'attachment.missing', {}, { field: 'file' });
const tooLarge = () => new UserError(400, 'attachment.tooLarge', { max: MAX_LABEL }, { field: 'file' });

/** The open task, when the actor is one of its seats or the coordinator. */
async function openTaskFor(ctx: Ctx, actor: Actor, taskId: string) {
  const task = await loadTask(ctx, taskId);
  if (actor.kind === 'seat' && ![task.seatId, ...task.coSeatIds].includes(actor.seatId!)) throw new UserError(403, 'attachment.notYours');
  if (task.status !== 'open') throw refuseClosed(ctx.locale, task.status);
  return task;
}

/**
 * Files uploaded with a task before it is completed; its completion makes them part of the step
 * output. In PostgreSQL, or under ATTACHMENTS_DIR when that is set.
 */
export async function uploadTaskAttachment(ctx: Ctx, actor: Actor, taskId: string, file: Upload | undefined) {
  const task = await openTaskFor(ctx, actor, taskId);
  if (!file) throw missing();
  const contentType = files.attachmentType(file.name, file.declaredType);
  if (!contentType) {
    file.discard();
    throw new UserError(400, 'attachment.wrongType', { name: file.name, types: ATTACHMENT_TYPE_LIST }, { field: 'file' });
  }
  let data: Buffer;
  try {
    data = await file.read();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
  if (data.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const by = { seatId: actor.seatId, holderId: actor.holderId };
  const saved = await files.saveAttachment(ctx.db, ctx.config.attachmentsDir, {
    taskId: task.id,
    name: file.name,
    contentType,
    data,
    ...by,
  });
  await audit(
    ctx,
    actor,
    'attachment.uploaded',
    { kind: 'task', id: task.id },
    { attachment: saved.id, name: file.name, bytes: data.length },
  );
  return saved;
}

/** A file not yet part of a completed task's output is removed from it. */
export async function deleteAttachment(ctx: Ctx, actor: Actor, taskId: string, attachmentId: string) {
  const task = await openTaskFor(ctx, actor, taskId);
  const row = await files.findAttachment(ctx.db, attachmentId);
  if (!row || row.taskId !== task.id || row.outputId) throw new UserError(404, 'attachment.notFound', { id: attachmentId });
  await files.deleteAttachment(ctx.db, ctx.config.attachmentsDir, row);
  await audit(ctx, actor, 'attachment.deleted', { kind: 'task', id: task.id }, { attachment: row.id, name: row.name });
}

/**
 * A file of a task the reader may read, or of an output shown by a task or decision they may read
 * (the styrgrupp votes on the samordningsgrupp's proposal); any other looks the same as none.
 */
export async function downloadAttachment(ctx: Ctx, user: User | null, id: string) {
  const row = await files.findAttachment(ctx.db, id);
  const reader = await readerOf(ctx, user);
  const task = row && (await findTask(ctx.db, row.taskId));
  const shownBy = row?.outputId ? await showingOutput(ctx.db, row.outputId) : { tasks: [], decisions: [] };
  const reads =
    (task && readsTask(reader, task)) ||
    shownBy.tasks.some((x) => readsTask(reader, x)) ||
    shownBy.decisions.some((d) => readsDecision(reader, d));
  if (!row || !reads) throw new UserError(404, 'attachment.notFound', { id });
  return { name: row.name, contentType: row.contentType, content: await files.attachmentContent(ctx.config.attachmentsDir, row) };
}
