import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { roundTitle } from '../../web/rounds';
import { resolveActor } from '../actor';
import { UserError } from '../plugins/errors';
import { taskChoiceFields, taskChoices } from '../list-vote';
import { ctxOf, type Ctx } from '../services/context';
import {
  addTaskPart,
  completeTask,
  extendTask,
  pageActorInput,
  reassignTask,
  resendTask,
  taskHistory,
  taskPageData,
} from '../services/tasks';
import { uploadOfFile, uploadTaskAttachment } from '../services/attachments';
import { complementFollowUp, followUpFromForm } from '../services/follow-ups';
import { taskPage } from '../views/tasks';
import { refusalOnPage, viewerOf } from '../views/page-reply';
import { sendPage } from '../views/send';
import { csrf, historyApi, pageQuery, readUploadForms, reasonField } from '../page-schemas';
import { uuidParams } from '../schemas';

/** The API takes files up to 10 MB; the form's other fields and multipart framing come on top. */
const UPLOAD_BODY_LIMIT = 11 * 1024 * 1024;
const signedIn = { access: 'signedIn' } as const;

const taskAction = z.enum(['complete', 'extend', 'reassign', 'resend', 'part', 'follow-up']);
const taskForm = z.object({
  _csrf: csrf,
  report: z.string().trim().max(20_000).optional(),
  /** A report task's completion: the compiled version it puts forward. */
  version: z.coerce.number().int().min(1).max(100_000).optional(),
  dueAt: z.iso.date().optional(),
  reason: reasonField.optional(),
  seat: z.string().max(200).optional(),
  text: z.string().trim().min(1).max(20_000).optional(),
  status: z.string().max(40).optional(),
  links: z.string().max(20_000).optional(),
  ...taskChoiceFields,
});
type TaskForm = z.infer<typeof taskForm>;
const done = {
  complete: 'completed',
  extend: 'extended',
  reassign: 'reassigned',
  part: 'partSaved',
  'follow-up': 'followUpSaved',
} as const;

/** The task page and its forms; each form calls the same service as its JSON twin. */
const taskPages: FastifyPluginAsyncZod = async (app) => {
  const show = async (request: FastifyRequest, ctx: Ctx, id: string) => taskPageData(ctx, request.user, id);

  app.get(
    '/api/tasks/:id/history',
    {
      config: signedIn,
      schema: { summary: "A task's audit events and the mail sent about it", params: uuidParams, response: { 200: historyApi } },
    },
    async (request) => taskHistory(ctxOf(request), request.user, request.params.id),
  );

  app.get(
    '/tasks/:id',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const data = await show(request, ctxOf(request), request.params.id);
      return sendPage(request, reply, {
        title: roundTitle(request.locale, data.item.title, data.row.round),
        body: taskPage(viewerOf(request), data),
      });
    },
  );

  app.post(
    '/tasks/:id/:action',
    { config: signedIn, schema: { hide: true, params: uuidParams.extend({ action: taskAction }), querystring: pageQuery, body: taskForm } },
    async (request, reply) => {
      const l = request.locale;
      const ctx = ctxOf(request);
      const { id, action } = request.params;
      const data = await show(request, ctx, id);
      if (action === 'resend') {
        await resendTask(ctx, resolveActor(request, { kind: 'coordinator' }), id);
        return reply.redirect(`/tasks/${id}?lang=${l}&done=resent`, 303);
      }
      const act = formAction(request, ctx, action, request.body, data.row);
      try {
        await act();
      } catch (err) {
        const { message, status } = refusalOnPage(l, err);
        return sendPage(request, reply, { title: data.item.title, body: taskPage(viewerOf(request), data, message), status: status });
      }
      return reply.redirect(`/tasks/${id}?lang=${l}&done=${done[action]}`, 303);
    },
  );

  /**
   * An upload form posts multipart/form-data: read here whole (within the limit), its CSRF field
   * checked like any form's, its file handed to the same service as the JSON upload.
   */
  readUploadForms(app, UPLOAD_BODY_LIMIT);

  app.post(
    '/tasks/:id/attachments',
    {
      config: signedIn,
      schema: {
        hide: true,
        params: uuidParams,
        querystring: pageQuery,
        body: z.object({ _csrf: csrf, file: z.instanceof(File).optional() }),
      },
    },
    async (request, reply) => {
      const l = request.locale;
      const ctx = ctxOf(request);
      const { id } = request.params;
      const data = await show(request, ctx, id);
      const file = request.body.file;
      const upload = uploadOfFile(file);
      try {
        // An owner of the task uploads as that seat; anyone else (the coordinator) as the coordinator.
        await uploadTaskAttachment(ctx, resolveActor(request, pageActorInput(viewerOf(request).seats, data.row, false)), id, upload);
      } catch (err) {
        const { message, status } = refusalOnPage(l, err);
        return sendPage(request, reply, { title: data.item.title, body: taskPage(viewerOf(request), data, message), status: status });
      }
      return reply.redirect(`/tasks/${id}?lang=${l}&done=uploaded`, 303);
    },
  );
};

/**
 * What a task form asks of the service, its required fields checked first; the actor is resolved
 * when the action runs, so a refusal shows on the page.
 */
function formAction(request: FastifyRequest, ctx: Ctx, action: Exclude<z.infer<typeof taskAction>, 'resend'>, b: TaskForm, row: TaskRow) {
  const l = request.locale;
  const missing = (field: string) => new UserError(400, 'dash.fieldRequired', { field: t(l, `dash.field.${field}` as never) });
  const coordinator = () => resolveActor(request, { kind: 'coordinator' });
  const id = row.id;
  switch (action) {
    case 'complete': {
      if (!b.report && b.version === undefined) throw missing('report');
      // A measure task's completion is its follow-up: the form asks for the measure's status.
      if (row.measureId && !b.status) throw missing('status');
      const input = {
        report: b.report,
        version: b.version,
        choices: taskChoices(b),
        followUp: row.measureId ? followUpFromForm(ctx, b) : undefined,
      };
      const seats = request.user?.seats ?? [];
      return () => completeTask(ctx, resolveActor(request, pageActorInput(seats, row, true)), id, input);
    }
    case 'follow-up': {
      if (!b.status) throw missing('status');
      const seats = request.user?.seats ?? [];
      return () => complementFollowUp(ctx, resolveActor(request, pageActorInput(seats, row, false)), id, followUpFromForm(ctx, b));
    }
    case 'part': {
      if (!b.text) throw missing('text');
      if (!b.seat) throw missing('seat');
      const { text, seat } = b;
      return () => addTaskPart(ctx, resolveActor(request, { kind: 'seat', seat }), id, text);
    }
    case 'extend': {
      if (!b.dueAt) throw missing('dueAt');
      if (!b.reason) throw missing('reason');
      const input = { dueAt: b.dueAt, reason: b.reason };
      return () => extendTask(ctx, coordinator(), id, input);
    }
    case 'reassign': {
      if (!b.seat) throw missing('seat');
      if (!b.reason) throw missing('reason');
      const input = { seat: b.seat, reason: b.reason };
      return () => reassignTask(ctx, coordinator(), id, input);
    }
  }
}
type TaskRow = Awaited<ReturnType<typeof taskPageData>>['row'];

export default taskPages;
