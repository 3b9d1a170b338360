import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor, type ActorInput } from '../actor';
import { ctxOf, type Ctx } from '../services/context';
import { formActorInput, openFormOfTask, saveForm, submitForm } from '../services/forms';
import { formChanges, formExport, formPageData } from '../services/forms-read';
import { actOnPage, pageActionOf } from '../services/forms-page';
import { FieldRefusal } from '../services/register';
import { formHead, formPage, type FormPageState } from '../views/forms';
import { formChangesPage, formPrintPage, standaloneFormHtml } from '../views/forms-print';
import { formPdf } from '../services/forms-pdf';
import { refusalOnPage, viewerOf } from '../views/page-reply';
import { sendPage } from '../views/send';
import {
  formDraftBody,
  formJson,
  formPageBody,
  formQuery,
  formReopenAsked,
  formReopenBody,
  formReopenPage,
  formSaved,
  formSubmitBody,
  formSubmitted,
  formFileParams,
  formFileSaved,
} from '../form-schemas';
import { proposeReopening, reopenerInput } from '../services/forms-signing';
import { pageQuery } from '../page-schemas';
import { uuidParams } from '../schemas';
import { csrf, readUploadForms } from '../page-schemas';
import { attachFormFile } from '../services/forms-files';
import { MAX_ATTACHMENT_BYTES, MAX_LABEL, uploadOfFile, uploadOfPart } from '../services/attachments';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** A form's upload, read whole: the largest file and the form's other fields. */
const UPLOAD_BODY_LIMIT = 11 * 1024 * 1024;

const signedIn = { access: 'signedIn' } as const;

/** The actor a request names, or the reader's own seat among the form's editors. */
const actorOf = async (request: FastifyRequest, ctx: Ctx, id: string, named?: ActorInput) =>
  resolveActor(request, named ?? (await formActorInput(ctx, request.user, id)));

const show = async (request: FastifyRequest, id: string, state: FormPageState = {}, status = 200) => {
  const data = await formPageData(ctxOf(request), request.user, id);
  return { title: data.form.title, body: formPage(viewerOf(request), data, state), head: formHead, status };
};

/** A file for a form's attachment field: the page's upload form (multipart, read whole) and its JSON twin. */
const formFileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/forms/:id/files/:field',
    {
      config: signedIn,
      schema: {
        summary: `Upload the file of a form's attachment field (multipart/form-data, field \`file\`; at most ${MAX_LABEL})`,
        params: formFileParams,
        response: { 201: formFileSaved },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { id, field } = request.params;
      const file = request.isMultipart() ? await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }) : undefined;
      return reply.status(201).send(await attachFormFile(ctx, await actorOf(request, ctx, id), id, field, uploadOfPart(file)));
    },
  );

  await app.register(async (pages) => {
    readUploadForms(pages, UPLOAD_BODY_LIMIT);
    pages.withTypeProvider<ZodTypeProvider>().post(
      '/forms/:id/files/:field',
      {
        config: signedIn,
        schema: {
          hide: true,
          params: formFileParams,
          querystring: pageQuery,
          body: z.object({ _csrf: csrf, file: z.instanceof(File).optional() }),
        },
      },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const { id, field } = request.params;
        const file = request.body.file;
        const upload = uploadOfFile(file);
        try {
          await attachFormFile(ctx, await actorOf(request, ctx, id), id, field, upload);
        } catch (err) {
          if (err instanceof FieldRefusal) return sendPage(request, reply, await show(request, id, { problems: err.issues }, 400));
          const { message, status } = refusalOnPage(request.locale, err);
          return sendPage(request, reply, await show(request, id, { error: message }, status));
        }
        return reply.redirect(`/forms/${id}?lang=${request.locale}&done=saved#f-${field}`, 303);
      },
    );
  });
};

/** A seat's form of a form step: its page, its print view, who changed what, and its JSON twin. */
const formRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tasks/:id/form',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const id = await openFormOfTask(ctxOf(request), request.user, request.params.id);
      return reply.redirect(`/forms/${id}?lang=${request.locale}`, 303);
    },
  );

  app.get('/forms/:id', { config: signedIn, schema: { hide: true, params: uuidParams, querystring: formQuery } }, async (request, reply) =>
    sendPage(request, reply, await show(request, request.params.id, { addRow: request.query.add })),
  );

  app.post(
    '/forms/:id',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: formQuery, body: formPageBody } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      const action = pageActionOf(request.body.action);
      const { raw, run } = await actOnPage(ctx, await actorOf(request, ctx, id), id, request.body, action);
      try {
        await run();
      } catch (err) {
        if (err instanceof FieldRefusal)
          return sendPage(request, reply, await show(request, id, { values: raw, problems: err.issues }, 400));
        const { message, status } = refusalOnPage(request.locale, err);
        return sendPage(request, reply, await show(request, id, { values: raw, error: message }, status));
      }
      const l = request.locale;
      if (action.kind === 'add') return reply.redirect(`/forms/${id}?lang=${l}&add=${action.group}#f-${action.group}`, 303);
      return reply.redirect(`/forms/${id}?lang=${l}&done=${action.kind === 'submit' ? 'submitted' : 'saved'}`, 303);
    },
  );

  app.post(
    '/forms/:id/reopen',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery, body: formReopenPage } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      try {
        const actor = resolveActor(request, await reopenerInput(ctx, request.user, id));
        const { _csrf, ...proposal } = request.body;
        const decision = await proposeReopening(ctx, actor, id, proposal);
        return reply.redirect(`/decisions/${decision.id}?lang=${request.locale}`, 303);
      } catch (err) {
        const { message, status } = refusalOnPage(request.locale, err);
        return sendPage(request, reply, await show(request, id, { reopenError: message }, status));
      }
    },
  );

  app.post(
    '/api/forms/:id/reopen',
    {
      config: signedIn,
      schema: {
        summary: 'Propose that a submitted form is reopened: a decision of the receiving body whose approval makes a new version',
        params: uuidParams,
        body: formReopenBody,
        response: { 201: formReopenAsked },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      const { actor: named, ...proposal } = request.body;
      const actor = resolveActor(request, named ?? (await reopenerInput(ctx, request.user, id)));
      const { id: decisionId, workflowId } = await proposeReopening(ctx, actor, id, proposal);
      return reply.status(201).send({ decisionId, workflowId });
    },
  );

  app.get(
    '/forms/:id/print',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const data = await formPageData(ctxOf(request), request.user, request.params.id);
      return sendPage(request, reply, { title: data.form.title, body: formPrintPage(request.locale, data) });
    },
  );

  app.get(
    '/forms/:id.pdf',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const data = await formPageData(ctx, request.user, request.params.id);
      const pdf = await formPdf(ctx, standaloneFormHtml(request.locale, data));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="formular-${data.form.form.version}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/forms/:id/changes',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const data = await formChanges(ctxOf(request), request.user, request.params.id);
      return sendPage(request, reply, { title: data.form.title, body: formChangesPage(request.locale, data) });
    },
  );

  app.get(
    '/api/forms/:id',
    {
      config: signedIn,
      schema: {
        summary: "A seat's form: fields, values, versions, signatures and changes",
        params: uuidParams,
        response: { 200: formJson },
      },
    },
    async (request) => formExport(ctxOf(request), request.user, request.params.id),
  );

  app.put(
    '/api/forms/:id',
    {
      config: signedIn,
      schema: { summary: 'Save a draft of a form', params: uuidParams, body: formDraftBody, response: { 200: formSaved } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      return saveForm(ctx, await actorOf(request, ctx, id, request.body.actor), id, request.body.values);
    },
  );

  app.post(
    '/api/forms/:id/submit',
    {
      config: signedIn,
      schema: { summary: 'Submit a form as saved', params: uuidParams, body: formSubmitBody, response: { 200: formSubmitted } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      return submitForm(ctx, await actorOf(request, ctx, id, request.body?.actor), id);
    },
  );

  await app.register(formFileRoutes);
};

export default formRoutes;
