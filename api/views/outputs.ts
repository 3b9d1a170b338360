import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { AttachmentRef, ShownOutput, TaskPart } from '../../db/queries/outputs';
import type { OutputDiff, PreviousRound } from '../../db/queries/shown-work';
import type { MeasureDetail, MeasureRef } from '../../db/queries/measures';
import { csrfField } from './dashboard';
import { hasChanges } from '../../core/line-diff';
import { versionCard } from './report-handoff';
import { readOnlyValues } from './forms-print';
import { shownDecision } from '../../web/shown-form';

/**
 * What pages show of work that travels: the outputs a task or decision shows, a measure's detail,
 * the parts of a shared task, a decision's candidates, and round 2's comments and changes.
 */

const sizeFormat = {
  sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export function fileSize(l: Locale, bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat[l].format(bytes / 1024)} kB`;
  return `${sizeFormat[l].format(bytes / (1024 * 1024))} MB`;
}

const typeName = (contentType: string) => contentType.split('/').pop()!.split('.').pop()!.toUpperCase();

export const measureName = (m: MeasureRef) => `${m.code} ${m.title}`;

export function attachmentList(l: Locale, files: AttachmentRef[]): SafeHtml {
  const label = (f: AttachmentRef) => t(l, 'out.download', { name: f.name, type: typeName(f.contentType), size: fileSize(l, f.size) });
  return html`<ul>${files.map((f) => html`<li><a href="/api/attachments/${f.id}" download>${label(f)}</a></li>`)}</ul>`;
}

function shownOutput(l: Locale, o: ShownOutput): SafeHtml {
  const who = o.by ? [o.by.holderName, `${o.by.organisationName}, ${o.by.seatTitle}`].filter(Boolean).join(', ') : '';
  const text = o.text.trim() ? html`<div class="prose">${o.text}</div>` : html`<p class="muted">${t(l, 'out.noText')}</p>`;
  // A decision's selection is part of its result; a proposal's measures are listed under their own heading.
  const proposed = o.decision ? [] : o.measures;
  return html`<article class="output">
<h3>${t(l, 'out.version', { title: o.stepTitle, version: o.version })}</h3>
<p class="muted">${who ? t(l, 'out.by', { who, at: formatInstant(o.at, l) }) : formatInstant(o.at, l)}</p>
${o.about ? html`<p>${t(l, 'out.about', { code: o.about.code, title: o.about.title })}</p>` : ''}
${o.decision ? decisionResult(l, o.decision, o.measures) : text}
${o.form ? readOnlyValues(l, o.form.fields, o.form.values) : ''}
${proposed.length ? html`<h4>${t(l, 'out.proposed')}</h4><ul>${proposed.map((m) => html`<li>${measureName(m)}</li>`)}</ul>` : ''}
${o.attachments.length ? html`<h4>${t(l, 'out.attachments')}</h4>${attachmentList(l, o.attachments)}` : ''}
${o.report ? versionCard(l, o.report) : ''}
</article>`;
}

function decisionResult(l: Locale, d: NonNullable<ShownOutput['decision']>, selected: MeasureRef[]): SafeHtml {
  return html`<dl class="facts">${shownDecision(l, d, selected).map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`;
}

/** The outputs a step shows, as they stood when it started, each with its version. */
export function shownSection(l: Locale, outputs: ShownOutput[]): SafeHtml | string {
  if (!outputs.length) return '';
  return html`<section aria-labelledby="shows-heading" class="shows">
<h2 id="shows-heading">${t(l, 'out.shows')}</h2>
<p class="muted">${t(l, 'out.showsIntro')}</p>
${outputs.map((o) => shownOutput(l, o))}
</section>`;
}

/** A measure task's measure: what it is, the goal it serves, how it is measured, and who owns it. */
export function measureSection(l: Locale, m: MeasureDetail | null): SafeHtml | string {
  if (!m) return '';
  const goal = m.goal ? t(l, 'out.goalText', { number: m.goal.number, title: m.goal.title }) : t(l, 'out.noGoal');
  const lead = html` <span class="muted">(${t(l, 'out.lead')})</span>`;
  const indicator = (i: MeasureDetail['indicators'][number]) => t(l, 'out.indicator', { name: i.name, unit: i.unit, source: i.source });
  return html`<section aria-labelledby="measure-heading" class="measure">
<h2 id="measure-heading">${t(l, 'out.measure', { code: m.code, title: m.title })}</h2>
<dl class="facts">
<dt>${t(l, 'out.description')}</dt><dd class="prose">${m.description}</dd>
<dt>${t(l, 'out.goal')}</dt><dd>${goal}</dd>
<dt>${t(l, 'out.owners')}</dt><dd><ul>${m.owners.map((o) => html`<li>${o.organisationName}${o.lead ? lead : ''}</li>`)}</ul></dd>
</dl>
<h3>${t(l, 'out.indicators')}</h3>
${
  m.indicators.length
    ? html`<ul>${m.indicators.map((i) => html`<li>${indicator(i)}</li>`)}</ul>`
    : html`<p class="muted">${t(l, 'out.noIndicators')}</p>`
}
</section>`;
}

type Owner = { seatId: string; organisationName: string };

/** Each owner's part of a shared task, or that there is none yet. */
export function partsList(l: Locale, owners: Owner[], parts: TaskPart[]): SafeHtml {
  return html`<dl class="parts">${owners.map((owner) => {
    const part = parts.find((p) => p.seatId === owner.seatId);
    const by =
      part && t(l, 'out.partBy', { org: owner.organisationName, who: part.holderName ?? '–', at: formatInstant(part.updatedAt, l) });
    const text = part?.text.trim() ? html`<div class="prose">${part.text}</div>` : html`<span class="muted">${t(l, 'out.noPart')}</span>`;
    return html`<dt>${by ?? owner.organisationName}</dt>
<dd>${text}</dd>`;
  })}</dl>`;
}

/** The form for one owner's part, holding the part as it stands; `hidden` are the form's own fields (CSRF, seat). */
export function partForm(l: Locale, o: { action: string; hidden: SafeHtml; owner: Owner; text: string }): SafeHtml {
  const id = `part-${o.owner.seatId}`;
  const legend = t(l, 'out.partLegend', { org: o.owner.organisationName });
  return html`<form method="post" action="${o.action}" class="action"><fieldset><legend>${legend}</legend>
${o.hidden}
<label for="${id}">${t(l, 'out.partLabel', { org: o.owner.organisationName })}</label>
<textarea id="${id}" name="text" rows="5" required maxlength="20000">${o.text}</textarea>
<button type="submit">${t(l, 'out.savePart')}</button></fieldset></form>`;
}

/**
 * A shared task's parts, one per owner, and for an owner signed in, the form for their own part.
 * `mine` are the signed-in person's seats among the task's owners, with their organisation.
 */
export function partsSection(
  l: Locale,
  o: { taskId: string; parts: TaskPart[]; owners: Owner[]; mine: string[]; open: boolean; csrf: string },
): SafeHtml {
  return html`<section aria-labelledby="parts-heading">
<h2 id="parts-heading">${t(l, 'out.parts')}</h2>
<p>${t(l, 'out.partsIntro')}</p>
${partsList(l, o.owners, o.parts)}
${
  o.open
    ? o.owners
        .filter((owner) => o.mine.includes(owner.seatId))
        .map((owner) =>
          partForm(l, {
            action: `/tasks/${o.taskId}/part?lang=${l}`,
            hidden: html`${csrfField(o.csrf)}<input type="hidden" name="seat" value="${owner.seatId}">`,
            owner,
            text: o.parts.find((p) => p.seatId === owner.seatId)?.text ?? '',
          }),
        )
    : ''
}
</section>`;
}

/** Files uploaded to the task so far, and the form to add one while it is open. */
export function uploadSection(
  l: Locale,
  o: { taskId: string; files: AttachmentRef[]; canUpload: boolean; csrf: string },
): SafeHtml | string {
  if (!o.files.length && !o.canUpload) return '';
  return html`<section aria-labelledby="uploads-heading">
<h2 id="uploads-heading">${t(l, 'out.uploaded')}</h2>
${o.files.length ? attachmentList(l, o.files) : html`<p class="muted">${t(l, 'out.noUploads')}</p>`}
${o.canUpload ? uploadForm(l, o.taskId, o.csrf) : ''}
</section>`;
}

const ACCEPTED = '.pdf,.docx,.xlsx,.pptx,.odt,.ods,.txt,.csv,.png,.jpg,.jpeg';

function uploadForm(l: Locale, taskId: string, csrf: string): SafeHtml {
  const action = `/tasks/${taskId}/attachments?lang=${l}`;
  const legend = t(l, 'out.upload');
  return html`<form method="post" action="${action}" enctype="multipart/form-data" class="action"><fieldset><legend>${legend}</legend>
${csrfField(csrf)}
<label for="upload-file">${t(l, 'out.fileLabel')}</label>
<input id="upload-file" name="file" type="file" required aria-describedby="upload-help" accept="${ACCEPTED}">
<p id="upload-help" class="muted">${t(l, 'out.fileHelp')}</p>
<button type="submit">${t(l, 'out.uploadButton')}</button></fieldset></form>`;
}

/** For a proposing step's completion: a checkbox per measure of the action plan. */
export function measureChoices(l: Locale, measures: MeasureRef[]): SafeHtml | string {
  if (!measures.length) return '';
  const label = (m: MeasureRef) => html`<label for="measure-${m.id}">${measureName(m)}</label>`;
  return html`<fieldset class="choices"><legend>${t(l, 'out.chooseMeasures')}</legend>
${measures.map((m) => html`<p><input type="checkbox" id="measure-${m.id}" name="measureIds" value="${m.id}"> ${label(m)}</p>`)}
</fieldset>`;
}

/**
 * A vote over a list: every candidate ticked (or as the voter last left it), with a comment
 * field each. `prefix` keeps ids unique when a page has several vote forms.
 */
export function candidateFields(
  l: Locale,
  candidates: MeasureRef[] | null,
  prefix: string,
  mine?: { approvedMeasureIds: string[] | null; itemComments: Record<string, string> },
): SafeHtml | string {
  if (!candidates?.length) return '';
  const ticked = (id: string) => !mine?.approvedMeasureIds || mine.approvedMeasureIds.includes(id);
  const checked = (id: string) => (ticked(id) ? html` checked` : '');
  const approve = (m: MeasureRef) =>
    html`<label for="${prefix}-approve-${m.id}">${t(l, 'out.approveMeasure', { code: m.code, title: m.title })}</label>`;
  return html`<fieldset class="candidates"><legend>${t(l, 'out.candidates')}</legend>
<input type="hidden" name="list" value="1">
<p class="muted">${t(l, 'out.candidatesHelp')}</p>
${candidates.map(
  (m) => html`<div class="candidate">
<p><input type="checkbox" id="${prefix}-approve-${m.id}" name="approve" value="${m.id}"${checked(m.id)}> ${approve(m)}</p>
<label for="${prefix}-note-${m.id}">${t(l, 'out.itemComment', { code: m.code })}</label>
<textarea id="${prefix}-note-${m.id}" name="note-${m.id}" rows="2" maxlength="5000">${mine?.itemComments[m.id] ?? ''}</textarea>
</div>`,
)}
</fieldset>`;
}

/** What a vote over a list said beyond its choice: the candidates left unticked, and the comments per measure. */
export function voteOnList(
  l: Locale,
  candidates: MeasureRef[] | null,
  vote: { choice: string; approvedMeasureIds: string[] | null; itemComments: Record<string, string> },
): SafeHtml | string {
  if (!candidates?.length) return '';
  const approved = vote.choice === 'approve' ? vote.approvedMeasureIds : null;
  const unticked = approved ? candidates.filter((m) => !approved.includes(m.id)) : [];
  const notes = candidates.filter((m) => vote.itemComments[m.id]?.trim());
  if (!unticked.length && !notes.length) return '';
  const notApproved = unticked.length ? html`<li>${t(l, 'out.notApproved', { codes: unticked.map((m) => m.code).join(', ') })}</li>` : '';
  const note = (m: MeasureRef) => t(l, 'out.itemNote', { code: m.code, title: m.title, comment: vote.itemComments[m.id]! });
  return html`<ul class="vote-items">${notApproved}${notes.map((m) => html`<li>${note(m)}</li>`)}</ul>`;
}

/** Once a decision over a list closed approved: the measures it decided. */
export function selectedSection(l: Locale, selected: MeasureRef[] | null): SafeHtml | string {
  if (!selected) return '';
  return html`<section aria-labelledby="selected-heading">
<h2 id="selected-heading">${t(l, 'out.selected')}</h2>
${
  selected.length
    ? html`<ul>${selected.map((m) => html`<li>${measureName(m)}</li>`)}</ul>`
    : html`<p class="muted">${t(l, 'out.noneSelected')}</p>`
}
</section>`;
}

/** Candidates as a plain list, for a reader who does not vote on them here. */
export function candidateList(l: Locale, candidates: MeasureRef[] | null): SafeHtml | string {
  if (!candidates?.length) return '';
  return html`<h2>${t(l, 'out.candidates')}</h2><ul>${candidates.map((m) => html`<li>${measureName(m)}</li>`)}</ul>`;
}

/** Added and deleted lines say so in words too: colour alone would not. */
export function diffBlock(l: Locale, d: OutputDiff): SafeHtml {
  return html`<figure class="diff-figure">
<figcaption>${t(l, 'out.changes', { title: d.stepTitle, from: d.fromVersion, to: d.toVersion })}</figcaption>
${
  hasChanges(d.lines)
    ? html`<div class="diff">${d.lines.map((x) =>
        x.op === 'add'
          ? html`<ins><span class="visually-hidden">${t(l, 'out.added')} </span>${x.text || ' '}</ins>`
          : x.op === 'del'
            ? html`<del><span class="visually-hidden">${t(l, 'out.deleted')} </span>${x.text || ' '}</del>`
            : html`<span>${x.text || ' '}</span>`,
      )}</div>`
    : html`<p class="muted">${t(l, 'out.noChanges')}</p>`
}
</figure>`;
}

/** Round 2 and later: who said what in the round that asked for this one, and what changed since. */
export function previousRoundSection(l: Locale, round: number, prev: PreviousRound | null): SafeHtml | string {
  if (!prev) return '';
  return html`<section aria-labelledby="previous-heading" class="previous-round">
<h2 id="previous-heading">${t(l, 'out.previous', { round: round - 1 })}</h2>
<h3>${t(l, 'out.comments')}</h3>
${
  prev.comments.length
    ? html`<ul class="comments">${prev.comments.map((c) => roundComment(l, c))}</ul>`
    : html`<p class="muted">${t(l, 'out.noComments')}</p>`
}
${prev.diffs.map((d) => diffBlock(l, d))}
</section>`;
}

function roundComment(l: Locale, c: PreviousRound['comments'][number]): SafeHtml {
  const by = t(l, 'out.commentBy', { org: c.voter.organisationName, who: c.voter.holderName ?? c.voter.seatTitle });
  const items = c.items.map((i) => html`<li>${t(l, 'out.itemNote', { code: i.code, title: i.title, comment: i.comment })}</li>`);
  return html`<li><strong>${by}</strong>: ${t(l, `choice.${c.choice}` as MessageKey)}${c.comment ? html` – ${c.comment}` : ''}
${c.items.length ? html`<ul>${items}</ul>` : ''}</li>`;
}

/** "… – beslutar om Förslag, version 2": what a decision on an agenda decides on. */
export function agendaSubject(l: Locale, outputs: ShownOutput[] | undefined): string {
  const names = [...new Set((outputs ?? []).map((o) => t(l, 'out.version', { title: o.stepTitle, version: o.version })))];
  return names.length ? ` – ${t(l, 'out.agenda.decidesOn', { subjects: names.join('; ') })}` : '';
}
