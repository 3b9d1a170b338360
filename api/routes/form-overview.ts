import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { definitionKey, year } from '../cycle-schemas';
import { pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { formOverview } from '../services/form-overview';
import { formOverviewPage } from '../views/form-overview';
import { sendPage } from '../views/send';

const signedIn = { access: 'signedIn' } as const;
const params = z.object({ definition: definitionKey, year, step: definitionKey });

const overviewSchema = z.object({
  definition: z.string(),
  year: z.int(),
  step: z.string(),
  title: z.string(),
  name: z.string(),
  receiver: z.string().nullable(),
  rows: z.array(
    z.object({
      seat: z.string(),
      organisation: z.string(),
      example: z.boolean(),
      state: z.enum(['late', 'notStarted', 'draft', 'awaiting_signature', 'signed', 'submitted']),
      version: z.int().nullable(),
      due: z.string(),
      amountSek: z.int().nullable(),
      formId: z.uuid().nullable(),
    }),
  ),
});

/** Where every seat's form of a cycle's form step stands: for the coordinator and the receiving body. */
const formOverviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/cycles/:definition/:year/forms/:step',
    {
      config: signedIn,
      schema: {
        summary: "Every assigned seat's form of a form step: organisation, state, version, deadline, the year's amount, the form's id",
        params,
        response: { 200: overviewSchema },
      },
    },
    async (request) => formOverview(ctxOf(request), request.user, request.params),
  );

  app.get(
    '/cycles/:definition/:year/forms/:step',
    { config: signedIn, schema: { hide: true, params, querystring: pageQuery } },
    async (request, reply) => {
      const l = request.locale;
      const overview = await formOverview(ctxOf(request), request.user, request.params);
      return sendPage(request, reply, { title: t(l, 'overview.page', { title: overview.title }), body: formOverviewPage(l, overview) });
    },
  );
};

export default formOverviewRoutes;
