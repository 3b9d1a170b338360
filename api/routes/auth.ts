import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { writeNotice } from '../../activities/notices';
import { sendLater } from '../mail';
import { stockholmDate } from '../../core/time';
import { html } from '../../web/html';
import { t } from '../../i18n';
import { page } from '../views/layout';
import { endSession, seatsHeldBy } from '../plugins/session';

/** Sign-in by a one-time link mailed to a seat holder's work address. */
const auth: FastifyPluginAsyncZod = async (app) => {
  const { db, config, temporal } = app.deps;

  const signinForm = (l: 'sv' | 'en', message?: string) =>
    page({
      locale: l,
      title: t(l, 'signin.title'),
      path: '/signin',
      body: html`<h1>${t(l, 'signin.title')}</h1>
${message ? html`<p role="status">${message}</p>` : ''}
<form method="post" action="/signin">
  <p><label for="email">${t(l, 'signin.email')}</label><br>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
  <p><button type="submit">${t(l, 'signin.send')}</button></p>
</form>`,
    });

  app.get('/signin', { schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(signinForm(request.locale)),
  );

  app.post(
    '/signin',
    {
      schema: {
        summary: 'Mail a one-time sign-in link to the address, if it belongs to a seat holder',
        body: z.object({ email: z.email().max(320) }),
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const seats = await seatsHeldBy(db, email, stockholmDate(new Date()));
      if (seats.length) {
        // One link per address and five minutes, however often the form is sent.
        const key = `signin:${email}:${Math.floor(Date.now() / 300_000)}`;
        await writeNotice(db, config.publicUrl, {
          key,
          kind: 'signin',
          seatIds: [seats[0]!.seatId],
          at: new Date().toISOString(),
          target: { kind: 'person', id: email },
          title: t(request.locale, 'signin.title'),
        });
        // Whether or not the engine answers, the form answers as for an unknown address: a refusal
        // here would tell who holds a seat. The row waits in the outbox; asking again within the
        // five minutes starts its delivery once the engine is back.
        await sendLater(temporal, config.taskQueue, key).catch((err) => request.log.warn({ err: String(err) }, 'sign-in mail not handed to the worker'));
      }
      // The same answer either way: the form does not tell who holds a seat.
      const message = t(request.locale, 'signin.sent');
      if (request.headers['content-type']?.includes('json')) return { message };
      return reply.type('text/html; charset=utf-8').send(signinForm(request.locale, message));
    },
  );

  app.post('/signout', { schema: { hide: true } }, async (_request, reply) => {
    endSession(reply);
    return reply.redirect('/', 303);
  });

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'Who is signed in, and the CSRF token their state-changing requests carry',
        response: {
          200: z.object({
            signedIn: z.boolean(),
            name: z.string().optional(),
            email: z.string().optional(),
            role: z.enum(['coordinator', 'holder', 'observer']).optional(),
            seats: z.array(z.string()).optional(),
            csrfToken: z.string().optional(),
          }),
        },
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) return { signedIn: false };
      return { signedIn: true, name: user.name, email: user.email, role: user.role, seats: user.seats.map((s) => s.slug), csrfToken: user.csrfToken };
    },
  );
};

export default auth;
