import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { ctxOf } from '../services/context';
import * as read from '../services/register-read';
import { createBody, createOrganisation, editBody, editOrganisation, retireBody, retireOrganisation } from '../services/register';
import { addSeat, editSeat, retireSeat } from '../services/register-seats';
import { bodyEdit, bodyInput, organisationEdit, organisationInput, retireInput, seatEdit, seatInput } from '../services/register-schemas';
import { bodyRow, organisationRow, seatCreated, seatPlain } from '../services/register-shapes';
import { organisationPage, organisationsPage } from '../views/register-pages';
import { bodiesPage, bodyPage } from '../views/register-bodies';
import { seatPage } from '../views/register-seat';
import type { Refusal } from '../views/register-forms';
import { act, formRoute, json, key, shown } from './register-doors';

const orgParams = z.object({ org: key });
const bodyParams = z.object({ body: key });
const seatParams = z.object({ body: key, seat: key });
const noParams = z.object({});
const seatKey = (params: { body: string; seat: string }) => `${params.body}/${params.seat}`;

const organisations = async (request: FastifyRequest, _p: unknown, refusal: Refusal) =>
  organisationsPage(request, await read.organisationsWithSeats(ctxOf(request)), refusal);
const organisation = async (request: FastifyRequest, p: { org: string }, refusal: Refusal) =>
  organisationPage(request, await read.organisationDetail(ctxOf(request), p.org), undefined, refusal);
const bodies = async (request: FastifyRequest, _p: unknown, refusal: Refusal) =>
  bodiesPage(request, await read.bodiesWithSeats(ctxOf(request)), await read.activeOrganisations(ctxOf(request)), refusal);
const body = async (request: FastifyRequest, p: { body: string }, refusal: Refusal) =>
  bodyPage(request, await read.bodyPageData(ctxOf(request), p.body), undefined, refusal);
const seat = async (request: FastifyRequest, p: { body: string; seat: string }, refusal: Refusal) =>
  seatPage(request, await read.seatPageData(ctxOf(request), p), { refusal });

/** The coordinator's changes to parties, bodies and seats: JSON, and the page forms that call the same services. */
const registerParties: FastifyPluginAsyncZod = async (app) => {
  // ── JSON ──
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

  // ── Page forms ──
  const orgPath = (o: { slug: string }) => `/admin/organisations/${o.slug}`;
  formRoute(
    app,
    '/admin/organisations',
    noParams,
    'org-new',
    async (rq) => shown(rq, orgPath(await createOrganisation(...act(rq), rq.body)), 'created'),
    organisations,
  );
  formRoute(
    app,
    '/admin/organisations/:org',
    orgParams,
    'org-edit',
    async (rq, p) => shown(rq, orgPath(await editOrganisation(...act(rq), p.org, rq.body)), 'saved'),
    organisation,
  );
  formRoute(
    app,
    '/admin/organisations/:org/retire',
    orgParams,
    'retire',
    async (rq, p) => shown(rq, orgPath(await retireOrganisation(...act(rq), p.org, rq.body)), 'retired'),
    organisation,
  );

  const bodyPath = (b: { slug: string }) => `/admin/bodies/${b.slug}`;
  formRoute(
    app,
    '/admin/bodies',
    noParams,
    'body-new',
    async (rq) => shown(rq, bodyPath(await createBody(...act(rq), rq.body)), 'created'),
    bodies,
  );
  formRoute(
    app,
    '/admin/bodies/:body',
    bodyParams,
    'body-edit',
    async (rq, p) => shown(rq, bodyPath(await editBody(...act(rq), p.body, rq.body)), 'saved'),
    body,
  );
  formRoute(
    app,
    '/admin/bodies/:body/retire',
    bodyParams,
    'retire',
    async (rq, p) => shown(rq, bodyPath(await retireBody(...act(rq), p.body, rq.body)), 'retired'),
    body,
  );

  const seatPath = (s: { slug: string }) => `/admin/seats/${s.slug}`;
  formRoute(
    app,
    '/admin/bodies/:body/seats',
    bodyParams,
    'seat-new',
    async (rq, p) => shown(rq, seatPath((await addSeat(...act(rq), p.body, rq.body)).seat), 'created'),
    body,
  );
  formRoute(
    app,
    '/admin/seats/:body/:seat',
    seatParams,
    'seat-edit',
    async (rq, p) => shown(rq, seatPath(await editSeat(...act(rq), seatKey(p), rq.body)), 'saved'),
    seat,
  );
  formRoute(
    app,
    '/admin/seats/:body/:seat/retire',
    seatParams,
    'retire',
    async (rq, p) => shown(rq, seatPath(await retireSeat(...act(rq), seatKey(p), rq.body)), 'retired'),
    seat,
  );
};

export default registerParties;
