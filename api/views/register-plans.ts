import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import { targetStatus } from '../../core/indicators';
import type { indicatorsJson, planDetail, plansJson } from '../services/register-read';
import { adminPage, caption, th, tr } from './admin';
import { csrfOf, doneView, formView, keyField, periodFields, retiredBadge, retireForm, type Field, type Refusal } from './register-forms';

/** The action plans with their measures, one plan, one measure, and the indicators; with the coordinator's forms. */

type Plans = Awaited<ReturnType<typeof plansJson>>;
type PlanDetail = Awaited<ReturnType<typeof planDetail>>;

const exampleBadge = (l: Locale) =>
  html` <strong class="tag"
    >${t(l, 'admin.measure.example')}</strong
  >`;

function measuresTable(l: Locale, p: Plans[number]) {
  const head = th(l, 'admin.measure.code', 'admin.measure.title', 'admin.measure.goal', 'admin.measure.owners', 'admin.measure.kind');
  return html`<table>
    ${caption(t(l, 'admin.measures.caption', { plan: p.title, count: p.measures.length }))}${head}
    <tbody>
      ${p.measures.map(
        (m) =>
          html`<tr>
            <td><a href="/admin/measures/${m.id}?lang=${l}">${m.code}</a></td>
            <td>
              ${m.title}${m.example ? exampleBadge(l) : ''}${retiredBadge(l, m.retiredOn)}<br /><span class="muted">${m.description}</span>
            </td>
            <td>${m.goal ? `${m.goal.number}. ${m.goal.title}` : ''}</td>
            <td>${m.owners.map((o) => o.shortName).join(', ')}</td>
            <td>${t(l, m.joint ? 'admin.measure.joint' : 'admin.measure.own')}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function measuresPage(request: FastifyRequest, plans: Plans): string {
  const l = request.locale;
  const anyExample = plans.some((p) => p.measures.some((m) => m.example));
  const body = html`<h1>${t(l, 'admin.measures')}</h1>
    ${anyExample ? html`<p>${t(l, 'admin.measures.examples')}</p>` : ''} ${plans.length ? '' : html`<p>${t(l, 'admin.none')}</p>`}
    ${plans.map(
      (p) =>
        html`<section aria-labelledby="plan-${p.slug}">
          <h2 id="plan-${p.slug}"><a href="/admin/action-plans/${p.slug}?lang=${l}">${p.title}</a>${retiredBadge(l, p.retiredOn)}</h2>
          ${measuresTable(l, p)}
        </section>`,
    )}`;
  return adminPage(request, { title: t(l, 'admin.measures'), path: '/admin/measures', body, json: '/api/admin/measures' });
}

/** A measure's fields: code, title, description, goal, owners and the lead owner. */
function measureFields(
  l: Locale,
  d: PlanDetail,
  m?: { code: string; title: string; description: string; goal: { number: number } | null },
  owners: string[] = [],
): Field[] {
  const orgOptions = d.organisations.map((o) => ({ value: o.slug, label: o.shortName }));
  const slugs = owners.map((id) => d.organisations.find((o) => o.id === id)?.slug ?? '');
  return [
    { name: 'code', label: t(l, 'admin.measure.code'), required: true, value: m?.code },
    { name: 'title', label: t(l, 'admin.measure.title'), required: true, value: m?.title },
    { name: 'description', label: t(l, 'register.description'), kind: 'textarea', value: m?.description },
    {
      name: 'goal',
      label: t(l, 'admin.measure.goal'),
      kind: 'select',
      value: m?.goal ? String(m.goal.number) : '',
      options: d.goals.map((g) => ({ value: String(g.number), label: `${g.number}. ${g.title}` })),
    },
    { name: 'owners', label: t(l, 'admin.measure.owners'), kind: 'checkboxes', value: slugs, options: orgOptions },
    {
      name: 'lead',
      label: t(l, 'register.measure.lead'),
      kind: 'select',
      value: slugs[0],
      options: orgOptions,
      hint: t(l, 'register.measure.leadHint'),
    },
  ];
}

export function planPage(request: FastifyRequest, d: PlanDetail, done?: string, refusal?: Refusal): string {
  const l = request.locale;
  const csrf = csrfOf(request);
  const p = d.plan;
  const base = `/admin/action-plans/${p.slug}`;
  const newMeasure = (csrf: string) =>
    formView(l, {
      id: 'measure-new',
      title: t(l, 'register.measure.new'),
      action: `${base}/measures?lang=${l}`,
      csrf,
      submit: t(l, 'register.measure.create'),
      refusal,
      fields: measureFields(l, d),
    });
  const body = html`<h1>${p.title}${retiredBadge(l, p.retiredOn)}</h1>
    ${doneView(l, done)}
    <p>${t(l, 'admin.strategy.period', { from: p.periodStart, to: p.periodEnd })}</p>
    ${measuresTable(l, p)}
    ${
      csrf && !p.retiredOn
        ? html`${newMeasure(csrf)}
          ${formView(l, {
            id: 'plan-copy',
            title: t(l, 'register.plan.copy'),
            lead: t(l, 'register.plan.copyLead'),
            action: `${base}/copy?lang=${l}`,
            csrf,
            submit: t(l, 'register.plan.copySubmit'),
            refusal,
            fields: [
              { name: 'title', label: t(l, 'register.title'), required: true },
              ...periodFields(l, p.periodEnd + 1, p.periodEnd + 4),
              keyField(l),
            ],
          })}
          ${formView(l, {
            id: 'plan-edit',
            title: t(l, 'register.edit'),
            action: `${base}?lang=${l}`,
            csrf,
            submit: t(l, 'register.save'),
            refusal,
            fields: [
              { name: 'title', label: t(l, 'register.title'), required: true, value: p.title },
              ...periodFields(l, p.periodStart, p.periodEnd),
            ],
          })}
          ${retireForm(l, csrf, `${base}/retire?lang=${l}`, refusal, t(l, 'register.plan.retireLead'))}`
        : ''
    }`;
  return adminPage(request, { title: p.title, path: '/admin/measures', body, json: '/api/admin/measures' });
}

export function measurePage(
  request: FastifyRequest,
  d: PlanDetail & { measure: Plans[number]['measures'][number]; owners: string[] },
  done?: string,
  refusal?: Refusal,
): string {
  const l = request.locale;
  const csrf = csrfOf(request);
  const m = d.measure;
  const base = `/admin/measures/${m.id}`;
  const editForm = (csrf: string) =>
    formView(l, {
      id: 'measure-edit',
      title: t(l, 'register.edit'),
      action: `${base}?lang=${l}`,
      csrf,
      submit: t(l, 'register.save'),
      refusal,
      fields: measureFields(l, d, m, d.owners),
    });
  const body = html`<h1>${m.code} ${m.title}${retiredBadge(l, m.retiredOn)}</h1>
    ${doneView(l, done)}
    <p><a href="/admin/action-plans/${d.plan.slug}?lang=${l}">${d.plan.title}</a></p>
    <p>${m.description}</p>
    <p>${t(l, 'admin.measure.owners')}: ${m.owners.map((o) => o.shortName).join(', ')}</p>
    ${
      csrf && !m.retiredOn
        ? html`${editForm(csrf)} ${retireForm(l, csrf, `${base}/retire?lang=${l}`, refusal, t(l, 'register.measure.retireLead'))}`
        : ''
    }`;
  return adminPage(request, { title: `${m.code} ${m.title}`, path: '/admin/measures', body, json: '/api/admin/measures' });
}

export function indicatorsPage(request: FastifyRequest, rows: Awaited<ReturnType<typeof indicatorsJson>>): string {
  const l = request.locale;
  const head = th(
    l,
    'admin.indicator.name',
    'admin.indicator.source',
    'admin.indicator.unit',
    'admin.indicator.level',
    'admin.indicator.goal',
    'admin.indicator.values',
    'ind.targetLabel',
  );
  const span = (values: { year: number }[]) => ({
    count: values.length,
    from: values.reduce((a, v) => Math.min(a, v.year), Infinity),
    to: values.reduce((a, v) => Math.max(a, v.year), -Infinity),
  });
  const body = html`<h1>${t(l, 'admin.indicators')}</h1>
    <p>${t(l, 'admin.indicators.lead')}</p>
    <table>
      ${caption(t(l, 'admin.indicators.caption'))}${head}
      <tbody>
        ${rows.map(
          (i) =>
            html`<tr>
              <td><a href="/admin/indicators/${i.slug}">${i.name}</a></td>
              <td>${i.source}</td>
              <td>${i.unit}</td>
              <td>${tr(l, `admin.level.${i.level}`)}</td>
              <td>${i.goal ? `${i.goal.number}. ${i.goal.title}` : ''}</td>
              <td>
                ${
                  i.values.length
                    ? t(l, 'ind.summary', span(i.values))
                    : html`<span class="muted">${t(l, 'admin.indicator.noValues')}</span>`
                }
              </td>
              <td>
                ${t(l, `ind.status.${targetStatus(i, i.values)}`)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  return adminPage(request, { title: t(l, 'admin.indicators'), path: '/admin/indicators', body, json: '/api/admin/indicators' });
}
