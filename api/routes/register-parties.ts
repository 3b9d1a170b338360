import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import * as read from '../services/register-read';
import { createBody, createOrganisation, editBody, editOrganisation, retireBody, retireOrganisation } from '../services/register';
import { addSeat, editSeat, retireSeat } from '../services/register-seats';
import { bodyEdit, bodyInput, organisationEdit, organisationInput, retireInput, seatEdit, seatInput } from '../services/register-schemas';
import { bodyRow, organisationRow, seatCreated, seatPlain } from '../services/register-shapes';
import { organisationPage, organisationsPage } from '../views/register-pages';
import { bodiesPage, bodyPage } from '../views/register-bodies';
import { seatPage } from '../views/register-seat';
import { answerForm } from '../views/register-forms';

const key = z.string().min(1).max(100);
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const orgParams = z.object({ org: key });
const bodyParams = z.object({ body: key });
const seatParams = z.object({ body: key, seat: key });
/** A page form: its fields go to the service, which checks them and names each wrong one. */
const form = z.looseObject({ _csrf: z.string().max(200).optional() });
const coordinator = { access: 'coordinator' } as const;
const json = <S extends object>(summary: string, schema: S) => ({ config: coordinator, schema: { summary, ...schema } });
const page = <P extends z.ZodType>(params: P) => ({ config: coordinator, schema: { hide: true, querystring: lang, body: form, params } });
const noParams = z.object({});
const act = (request: FastifyRequest) => [ctxOf(request), resolveActor(request, { kind: 'coordinator' })] as const;
const seatKey = (params: { body: string; seat: string }) => `${params.body}/${params.seat}`;
/** Where a form's change shows: the changed record's page with a notice. */
const shown = (request: FastifyRequest, area: 'organisations' | 'bodies' | 'seats', record: { slug: string }, done: string) =>
  `/admin/${area}/${record.slug}?lang=${request.locale}&done=${done}`;

/** The coordinator's changes to parties, bodies and seats: JSON, and the page forms that call the same services. */
const registerParties: FastifyPluginAsyncZod = async (app) => {
  // ── JSON ──────────────────────────────────────────────────────────────────────────────────

  app.post(
    '/api/admin/organisations',
    json('A new party or reference agency (coordinator)', { body: organisationInput, response: { 201: organisationRow } }),
    async (request, reply) => reply.status(201).send(await createOrganisation(...act(request), request.body)),
  );
  app.patch(
    '/api/admin/organisations/:org',
    json('Edits an organisation (coordinator)', { params: orgParams, body: organisationEdit, response: { 200: organisationRow } }),
    async (request) => editOrganisation(...act(request), request.params.org, request.body),
  );
  app.post(
    '/api/admin/organisations/:org/retire',
    json('An organisation leaves: it keeps its history and leaves rotations (coordinator)', {
      params: orgParams,
      body: retireInput,
      response: { 200: organisationRow },
    }),
    async (request) => retireOrganisation(...act(request), request.params.org, request.body),
  );
  app.post(
    '/api/admin/bodies',
    json('A new body, e.g. a working group (coordinator)', { body: bodyInput, response: { 201: bodyRow } }),
    async (request, reply) => reply.status(201).send(await createBody(...act(request), request.body)),
  );
  app.patch(
    '/api/admin/bodies/:body',
    json('Edits a body (coordinator)', { params: bodyParams, body: bodyEdit, response: { 200: bodyRow } }),
    async (request) => editBody(...act(request), request.params.body, request.body),
  );
  app.post(
    '/api/admin/bodies/:body/retire',
    json('Retires a body (coordinator)', { params: bodyParams, body: retireInput, response: { 200: bodyRow } }),
    async (request) => retireBody(...act(request), request.params.body, request.body),
  );
  app.post(
    '/api/admin/bodies/:body/seats',
    json('A new seat in a body with its mandate, and its first holder if given (coordinator)', {
      params: bodyParams,
      body: seatInput,
      response: { 201: seatCreated },
    }),
    async (request, reply) => reply.status(201).send(await addSeat(...act(request), request.params.body, request.body)),
  );
  app.patch(
    '/api/admin/seats/:body/:seat',
    json('Edits a seat’s title and mandate (coordinator)', { params: seatParams, body: seatEdit, response: { 200: seatPlain } }),
    async (request) => editSeat(...act(request), seatKey(request.params), request.body),
  );
  app.post(
    '/api/admin/seats/:body/:seat/retire',
    json('Retires a seat: it keeps its history but gets no new work (coordinator)', {
      params: seatParams,
      body: retireInput,
      response: { 200: seatPlain },
    }),
    async (request) => retireSeat(...act(request), seatKey(request.params), request.body),
  );

  // ── Page forms ────────────────────────────────────────────────────────────────────────────

  app.post('/admin/organisations', page(noParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'org-new',
      async () => shown(request, 'organisations', await createOrganisation(...act(request), request.body), 'created'),
      async (refusal) => organisationsPage(request, await read.organisationsWithSeats(ctxOf(request)), refusal),
    ),
  );
  const orgAgain = (request: FastifyRequest, slug: string) => async (refusal: Parameters<typeof organisationPage>[3]) =>
    organisationPage(request, await read.organisationDetail(ctxOf(request), slug), undefined, refusal);
  app.post('/admin/organisations/:org', page(orgParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'org-edit',
      async () => shown(request, 'organisations', await editOrganisation(...act(request), request.params.org, request.body), 'saved'),
      orgAgain(request, request.params.org),
    ),
  );
  app.post('/admin/organisations/:org/retire', page(orgParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'retire',
      async () => shown(request, 'organisations', await retireOrganisation(...act(request), request.params.org, request.body), 'retired'),
      orgAgain(request, request.params.org),
    ),
  );

  app.post('/admin/bodies', page(noParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'body-new',
      async () => shown(request, 'bodies', await createBody(...act(request), request.body), 'created'),
      async (refusal) => {
        const ctx = ctxOf(request);
        return bodiesPage(request, await read.bodiesWithSeats(ctx), await read.activeOrganisations(ctx), refusal);
      },
    ),
  );
  const bodyAgain = (request: FastifyRequest, slug: string) => async (refusal: Parameters<typeof bodyPage>[3]) =>
    bodyPage(request, await read.bodyPageData(ctxOf(request), slug), undefined, refusal);
  app.post('/admin/bodies/:body', page(bodyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'body-edit',
      async () => shown(request, 'bodies', await editBody(...act(request), request.params.body, request.body), 'saved'),
      bodyAgain(request, request.params.body),
    ),
  );
  app.post('/admin/bodies/:body/retire', page(bodyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'retire',
      async () => shown(request, 'bodies', await retireBody(...act(request), request.params.body, request.body), 'retired'),
      bodyAgain(request, request.params.body),
    ),
  );
  app.post('/admin/bodies/:body/seats', page(bodyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'seat-new',
      async () => shown(request, 'seats', (await addSeat(...act(request), request.params.body, request.body)).seat, 'created'),
      bodyAgain(request, request.params.body),
    ),
  );

  const seatAgain =
    (request: FastifyRequest, params: { body: string; seat: string }) =>
    async (refusal: NonNullable<Parameters<typeof seatPage>[2]>['refusal']) =>
      seatPage(request, await read.seatPageData(ctxOf(request), params), { refusal });
  app.post('/admin/seats/:body/:seat', page(seatParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'seat-edit',
      async () => shown(request, 'seats', await editSeat(...act(request), seatKey(request.params), request.body), 'saved'),
      seatAgain(request, request.params),
    ),
  );
  app.post('/admin/seats/:body/:seat/retire', page(seatParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'retire',
      async () => shown(request, 'seats', await retireSeat(...act(request), seatKey(request.params), request.body), 'retired'),
      seatAgain(request, request.params),
    ),
  );
};

export default registerParties;
