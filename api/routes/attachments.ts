import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor, type ActorInput } from '../actor';
import { ctxOf } from '../services/context';
import {
  ATTACHMENT_TYPE_LIST,
  deleteAttachment,
  downloadAttachment,
  MAX_ATTACHMENT_BYTES,
  MAX_LABEL,
  uploadOfPart,
  uploadTaskAttachment,
} from '../services/attachments';

const taskParams = z.object({ id: z.uuid() });
/** Who uploads or removes: one of the task's seats, or the coordinator when no seat is named. */
const asQuery = z.object({
  seat: z.string().trim().min(1).max(200).optional().describe('Seat id or slug; left out, the coordinator acts'),
});
const uploaded = z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
const signedIn = { access: 'signedIn' } as const;
const actorOf = (seat: string | undefined): ActorInput => (seat ? { kind: 'seat', seat } : { kind: 'coordinator' });

/** Files uploaded with a task before it is completed. */
const attachments: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/tasks/:id/attachments',
    {
      config: signedIn,
      schema: {
        summary: `Upload a file with an open task (multipart/form-data, field \`file\`; at most ${MAX_LABEL}; ${ATTACHMENT_TYPE_LIST})`,
        params: taskParams,
        querystring: asQuery,
        response: { 201: uploaded },
      },
    },
    async (request, reply) => {
      const actor = resolveActor(request, actorOf(request.query.seat));
      const file = request.isMultipart() ? await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }) : undefined;
      return reply.status(201).send(await uploadTaskAttachment(ctxOf(request), actor, request.params.id, uploadOfPart(file)));
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      config: signedIn,
      schema: {
        summary: "Download an attachment (a reader of its task: the task's bodies, the coordinator)",
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await downloadAttachment(ctxOf(request), request.user, request.params.id);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  app.delete(
    '/api/tasks/:id/attachments/:attachmentId',
    {
      config: signedIn,
      schema: {
        summary: 'Remove a file from an open task before it is completed',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
        querystring: asQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = resolveActor(request, actorOf(request.query.seat));
      await deleteAttachment(ctxOf(request), actor, request.params.id, request.params.attachmentId);
      return reply.status(204).send(null);
    },
  );
};

export default attachments;
