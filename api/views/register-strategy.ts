import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { t } from '../../i18n';
import type { strategiesJson } from '../services/register-read';
import { adminPage, caption, th } from './admin';
import { csrfOf, doneView, formView, keyField, periodFields, retiredBadge, type Refusal } from './register-forms';

/** The strategies with their goals and action plans, and the coordinator's forms for them. */

type Strategies = Awaited<ReturnType<typeof strategiesJson>>;

export function strategyPage(request: FastifyRequest, rows: Strategies, done?: string, refusal?: Refusal): string {
  const l = request.locale;
  const csrf = csrfOf(request);
  const planItem = (p: Strategies[number]['actionPlans'][number]) =>
    html`<li>
      <a href="/admin/action-plans/${p.slug}?lang=${l}">${p.title}</a> (${p.periodStart}–${p.periodEnd})${retiredBadge(l, p.retiredOn)}
    </li>`;
  const section = (s: Strategies[number]) =>
    html`<section aria-labelledby="s-${s.slug}">
      <h2 id="s-${s.slug}">${s.title}</h2>
      <p>${t(l, 'admin.strategy.period', { from: s.periodStart, to: s.periodEnd })}</p>
      ${s.vision ? html`<p><strong>${t(l, 'admin.strategy.vision', { vision: s.vision })}</strong></p>` : ''}
      <table>
        ${caption(t(l, 'admin.goals.caption'))}${th(l, 'admin.goal.number', 'admin.goal.title', 'admin.goal.description')}
        <tbody>
          ${s.goals.map(
            (g) =>
              html`<tr>
                <td>${g.number}</td>
                <td>${g.title}</td>
                <td>${g.description}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h3>${t(l, 'admin.actionPlans')}</h3>
      <ul>
        ${s.actionPlans.map(planItem)}
      </ul>
      ${
        csrf
          ? html`${formView(l, {
              id: `goal-new-${s.slug}`,
              title: t(l, 'register.goal.new'),
              action: `/admin/strategy/${s.slug}/goals?lang=${l}`,
              csrf,
              submit: t(l, 'register.goal.create'),
              refusal,
              fields: [
                {
                  name: 'number',
                  label: t(l, 'admin.goal.number'),
                  kind: 'number',
                  required: true,
                  value: (s.goals.at(-1)?.number ?? 0) + 1,
                },
                { name: 'title', label: t(l, 'admin.goal.title'), required: true },
                { name: 'description', label: t(l, 'admin.goal.description'), kind: 'textarea' },
              ],
            })}
            ${formView(l, {
              id: `plan-new-${s.slug}`,
              title: t(l, 'register.plan.new'),
              action: `/admin/strategy/${s.slug}/plans?lang=${l}`,
              csrf,
              submit: t(l, 'register.plan.create'),
              refusal,
              fields: [{ name: 'title', label: t(l, 'register.title'), required: true }, ...periodFields(l), keyField(l)],
            })}
            ${formView(l, {
              id: `strategy-edit-${s.slug}`,
              title: t(l, 'register.strategy.edit'),
              action: `/admin/strategy/${s.slug}?lang=${l}`,
              csrf,
              submit: t(l, 'register.save'),
              refusal,
              fields: [
                { name: 'title', label: t(l, 'register.title'), required: true, value: s.title },
                { name: 'vision', label: t(l, 'register.vision'), kind: 'textarea', value: s.vision },
                ...periodFields(l, s.periodStart, s.periodEnd),
              ],
            })}`
          : ''
      }
    </section>`;
  const body = html`<h1>${t(l, 'admin.strategy')}</h1>
    ${doneView(l, done)} ${rows.length ? '' : html`<p>${t(l, 'admin.none')}</p>`} ${rows.map(section)}
    ${
      csrf
        ? formView(l, {
            id: 'strategy-new',
            title: t(l, 'register.strategy.new'),
            action: `/admin/strategy?lang=${l}`,
            csrf,
            submit: t(l, 'register.strategy.create'),
            refusal,
            fields: [
              { name: 'title', label: t(l, 'register.title'), required: true },
              { name: 'vision', label: t(l, 'register.vision'), kind: 'textarea' },
              ...periodFields(l),
              keyField(l),
            ],
          })
        : ''
    }`;
  return adminPage(request, { title: t(l, 'admin.strategy'), path: '/admin/strategy', body, json: '/api/admin/strategy' });
}
