import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { year } from '../cycle-schemas';
import { pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { partyYearJson, partyYearOf, thisYear } from '../services/dashboard';
import { partyPage } from '../views/parties';
import { sendPage } from '../views/send';

const orgParams = z.object({
  org: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(100),
});

/** A party's year: what it owes and has delivered, its seats' votes, the meetings it hosts. */
const parties: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/dashboard/parties/:org',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: "What a party owes and has delivered in a year: its seats' tasks, votes and meetings it hosts",
        params: orgParams,
        querystring: z.object({ year: year.optional() }),
        response: { 200: z.unknown() },
      },
    },
    async (request) => partyYearJson(ctxOf(request), request.user, request.params.org, request.query.year ?? thisYear()),
  );

  app.get(
    '/parties/:org',
    { config: { access: 'signedIn' }, schema: { hide: true, params: orgParams, querystring: pageQuery.extend({ year: year.optional() }) } },
    async (request, reply) => {
      const y = request.query.year ?? thisYear();
      const data = await partyYearOf(ctxOf(request), request.params.org, y, Boolean(request.query.done));
      const body = partyPage(request.locale, data, request.user?.role === 'coordinator');
      return sendPage(request, reply, { title: `${data.organisation.shortName} ${y}`, body });
    },
  );
};

export default parties;
