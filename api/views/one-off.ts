import { html, type SafeHtml } from '../../web/html';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { DecisionEffectView, OneOffChoices } from '../services/one-off';
import { oneOffKinds } from '../services/one-off-schemas';
import { formView, type Field, type Refusal } from './register-forms';

/** The dashboard's forms for work outside the yearly cycle, and what a one-off decision's approval does. */

const bodyOptions = (choices: OneOffChoices) => choices.bodies.map((b) => ({ value: b, label: b }));

export function decisionRequestPage(l: Locale, csrf: string, choices: OneOffChoices, refusal?: Refusal): SafeHtml {
  const fields: Field[] = [
    {
      name: 'kind',
      label: t(l, 'oneoff.kind'),
      kind: 'select',
      required: true,
      options: oneOffKinds.map((k) => ({ value: k, label: t(l, `oneoff.kind.${k}`) })),
    },
    { name: 'body', label: t(l, 'oneoff.body'), kind: 'select', required: true, value: 'styrgrupp', options: bodyOptions(choices) },
    { name: 'title', label: t(l, 'oneoff.title'), required: true },
    { name: 'question', label: t(l, 'oneoff.question'), kind: 'textarea', required: true },
    { name: 'dueAt', label: t(l, 'oneoff.dueAt'), kind: 'date', required: true, hint: t(l, 'oneoff.dueHint') },
    { name: 'effect.name', label: t(l, 'oneoff.group.name'), hint: t(l, 'oneoff.group.hint') },
    { name: 'effect.slug', label: t(l, 'oneoff.group.slug'), hint: t(l, 'oneoff.group.slugHint') },
    { name: 'effect.description', label: t(l, 'oneoff.group.description'), kind: 'textarea' },
    {
      name: 'effect.convenor',
      label: t(l, 'oneoff.group.convenor'),
      kind: 'select',
      options: choices.organisations.map((o) => ({ value: o.slug, label: o.name })),
    },
  ];
  return html`<h1>${t(l, 'oneoff.requestDecision')}</h1>
${formView(l, {
  id: 'decision-request',
  title: t(l, 'oneoff.requestDecision'),
  lead: t(l, 'oneoff.decision.lead'),
  action: `/decisions/new?lang=${l}`,
  csrf,
  submit: t(l, 'oneoff.decision.submit'),
  fields,
  refusal,
})}`;
}

export const decisionRequestedPage = (l: Locale, sent: { id: string; voters: number }): SafeHtml =>
  html`<h1>${t(l, 'oneoff.requestDecision')}</h1>
<p role="status"><strong>${t(l, 'oneoff.decision.sent', { count: sent.voters })}</strong></p>
<p><a href="/decisions/${sent.id}?lang=${l}">${t(l, 'oneoff.decision.open')}</a></p>`;

export function taskRequestPage(l: Locale, csrf: string, choices: OneOffChoices, refusal?: Refusal): SafeHtml {
  const fields: Field[] = [
    { name: 'title', label: t(l, 'oneoff.task.title'), required: true },
    { name: 'instructions', label: t(l, 'oneoff.task.instructions'), kind: 'textarea' },
    { name: 'dueAt', label: t(l, 'oneoff.dueAt'), kind: 'date', required: true, hint: t(l, 'oneoff.dueHint') },
    {
      name: 'seat',
      label: t(l, 'oneoff.task.seat'),
      kind: 'select',
      options: choices.seats.map((s) => ({ value: s.slug, label: `${s.organisationName} – ${s.title} (${s.bodySlug})` })),
    },
    { name: 'body', label: t(l, 'oneoff.task.body'), kind: 'select', options: bodyOptions(choices) },
  ];
  return html`<h1>${t(l, 'oneoff.newTask')}</h1>
${formView(l, {
  id: 'task-request',
  title: t(l, 'oneoff.newTask'),
  lead: t(l, 'oneoff.task.lead'),
  action: `/tasks/new?lang=${l}`,
  csrf,
  submit: t(l, 'oneoff.task.submit'),
  fields,
  refusal,
})}`;
}

export const tasksSentPage = (l: Locale, tasks: { id: string }[]): SafeHtml =>
  html`<h1>${t(l, 'oneoff.newTask')}</h1>
<p role="status"><strong>${t(l, 'oneoff.task.sent', { count: tasks.length })}</strong></p>
<ul>${tasks.map((task) => html`<li><a href="/tasks/${task.id}?lang=${l}">/tasks/${task.id}</a></li>`)}</ul>`;

/** The dashboard's links to work outside the cycle, for the coordinator. */
export const oneOffLinks = (l: Locale): SafeHtml =>
  html`<p><a href="/decisions/new?lang=${l}">${t(l, 'oneoff.requestDecision')}</a> · <a href="/tasks/new?lang=${l}">${t(
    l,
    'oneoff.newTask',
  )}</a></p>`;

function willDo(l: Locale, v: DecisionEffectView): string {
  const e = v.effect;
  if (e.kind === 'createBody') return t(l, 'oneoff.effect.createBody', { name: e.name, slug: e.slug });
  return t(l, e.kind === 'reopenForm' ? 'oneoff.effect.reopenForm' : 'oneoff.effect.none');
}

function did(l: Locale, v: DecisionEffectView): SafeHtml {
  const { result, body } = v;
  if (result.refused) return html`<p>${t(l, `oneoff.effect.refused.${result.refused}` as MessageKey, { slug: result.slug ?? '' })}</p>`;
  if (body)
    return html`<p>${t(l, 'oneoff.effect.createdBody', { name: body.name })}
      <a href="/admin/bodies/${body.slug}?lang=${l}">${t(l, 'oneoff.effect.showBody')}</a></p>`;
  if (result.formId)
    return html`<p>${t(l, 'oneoff.effect.reopened')} <a href="/forms/${result.formId}?lang=${l}">${t(l, 'oneoff.effect.showForm')}</a></p>`;
  return html`<p>${t(l, 'oneoff.effect.nothing')}</p>`;
}

/** On a one-off decision's page: what approval will do, and once it is applied, what it did. */
export const decisionEffectSection = (l: Locale, v: DecisionEffectView | undefined): SafeHtml | string =>
  v
    ? html`<section aria-labelledby="effect-heading">
<h2 id="effect-heading">${t(l, v.appliedAt ? 'oneoff.effect.doneHeading' : 'oneoff.effect.heading')}</h2>
${v.appliedAt ? did(l, v) : html`<p>${willDo(l, v)}</p>`}
</section>`
    : '';
