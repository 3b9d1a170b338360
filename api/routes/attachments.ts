import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, attachmentContent, attachmentType, deleteAttachment, findAttachment, saveAttachment } from '../../db/queries/attachments';
import { UserError } from '../plugins/errors';
import { resolveActor } from '../actor';
import { t } from '../../i18n';

const taskParams = z.object({ id: z.uuid() });
/** Who uploads or removes: one of the task's seats, or the coordinator when no seat is named. */
const asQuery = z.object({ seat: z.string().trim().min(1).max(200).optional().describe('Seat id or slug; left out, the coordinator acts') });
const uploaded = z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
const MAX_LABEL = '10 MB';

/**
 * Files uploaded with a task before it is completed; its completion makes them part of the step
 * output. In PostgreSQL, or under ATTACHMENTS_DIR when that is set.
 */
const attachments: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const dir = config.attachmentsDir;

  /** The open task and an actor allowed to change its files. */
  async function openTaskFor(request: Parameters<typeof resolveActor>[0], taskId: string, seat: string | undefined) {
    const [task] = await db.select().from(schema.tasks).where(eq(schema.tasks.id, taskId));
    if (!task) throw new UserError(404, 'task.notFound', { id: taskId });
    const actor = resolveActor(request, seat ? { kind: 'seat', seat } : { kind: 'coordinator' });
    if (actor.kind === 'seat' && ![task.seatId, ...task.coSeatIds].includes(actor.seatId!)) throw new UserError(403, 'attachment.notYours');
    if (task.status !== 'open') {
      throw new UserError(409, 'task.notOpen', { status: t(request.locale, `task.status.${task.status}`) }, { status: task.status });
    }
    return { task, actor };
  }

  app.post(
    '/api/tasks/:id/attachments',
    {
      schema: {
        summary: `Upload a file with an open task (multipart/form-data, field \`file\`; at most ${MAX_LABEL}; ${Object.keys(ATTACHMENT_TYPES).join(', ')})`,
        params: taskParams,
        querystring: asQuery,
        response: { 201: uploaded },
      },
    },
    async (request, reply) => {
      const { task, actor } = await openTaskFor(request, request.params.id, request.query.seat);
      if (!request.isMultipart()) throw new UserError(400, 'attachment.missing', {}, { field: 'file' });
      const file = await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
      if (!file || file.fieldname !== 'file') throw new UserError(400, 'attachment.missing', {}, { field: 'file' });
      const contentType = attachmentType(file.filename, file.mimetype);
      if (!contentType) {
        file.file.resume();
        throw new UserError(400, 'attachment.wrongType', { name: file.filename, types: Object.keys(ATTACHMENT_TYPES).join(', ') }, { field: 'file' });
      }
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new UserError(400, 'attachment.tooLarge', { max: MAX_LABEL }, { field: 'file' });
        throw err;
      }
      const row = await saveAttachment(db, dir, { taskId: task.id, name: file.filename, contentType, data, seatId: actor.seatId, holderId: actor.holderId });
      return reply.status(201).send(row);
    },
  );

  app.get(
    '/api/attachments/:id',
    { schema: { summary: 'Download an attachment (anyone signed in)', params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const row = await findAttachment(db, request.params.id);
      if (!row) throw new UserError(404, 'attachment.notFound', { id: request.params.id });
      const content = await attachmentContent(dir, row);
      return reply
        .type(row.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );

  app.delete(
    '/api/tasks/:id/attachments/:attachmentId',
    {
      schema: {
        summary: 'Remove a file from an open task before it is completed',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
        querystring: asQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { task } = await openTaskFor(request, request.params.id, request.query.seat);
      const row = await findAttachment(db, request.params.attachmentId);
      if (!row || row.taskId !== task.id || row.outputId) throw new UserError(404, 'attachment.notFound', { id: request.params.attachmentId });
      await deleteAttachment(db, dir, row);
      return reply.status(204).send(null);
    },
  );
};

export default attachments;
