import type { CycleDefinitionInput } from '../../../core/definition';
import type { FormFieldsInput } from '../../../core/form-fields';
import { rssAnsokan } from '../forms/rss-ansokan';

/**
 * SKR's kvinnofrid programme as run here: each county's regional support structure (RSS) applies
 * with SKR's template by 31 May, signed by its head; SKR reviews the applications; each RSS reports
 * back by 1 February the year after. The amounts granted are data (funding_amounts), not fields.
 */

const fieldOf = (key: string) => rssAnsokan.find((f) => f.key === key)!;

/** What was done in one of the application's four goal areas, measured against that year's priority. */
const doneIn = (key: string, sv: string, en: string): FormFieldsInput[number] => ({
  key: `${key}Done`,
  kind: 'longText',
  maxChars: 1000,
  required: true,
  label: { sv: `${sv}: vad har gjorts`, en: `${en}: what was done` },
  help: {
    sv: 'Beskriv vad som har gjorts under året utifrån prioriteringen i genomförandeplanen, och resultat hittills (max 1000 tecken).',
    en: "Describe what was done this year against the implementation plan's priority, and results so far (at most 1000 characters).",
  },
});

/** The yearly re-report SKR asks for by 1 February (template section 6): what was done, and what it cost. */
export const rssAterrapport: FormFieldsInput = [
  fieldOf('county'),
  fieldOf('organisation'),
  doneIn('honour', 'Förhindra och förebygga hedersrelaterat våld och förtryck', 'Preventing honour-related violence and oppression'),
  doneIn('integration', 'Integrera kvinnofridsområdet i RSS ordinarie struktur', "Making kvinnofrid part of the RSS's regular structure"),
  doneIn(
    'development',
    'Kunskaps- och verksamhetsutveckling med tydligt barnperspektiv',
    "Developing knowledge and practice with a clear children's perspective",
  ),
  doneIn('followUp', 'Systematisk uppföljning av kvalitet och resultat', 'Systematic follow-up of quality and results'),
  {
    key: 'costs',
    kind: 'number',
    required: true,
    min: 0,
    label: { sv: 'Kostnader under året (kronor)', en: 'Costs during the year (SEK)' },
    help: { sv: 'Använda medel från satsningen, i hela kronor.', en: 'Funds from the programme spent, in whole kronor.' },
  },
  {
    key: 'costsComment',
    kind: 'longText',
    maxChars: 1000,
    label: { sv: 'Kommentar till kostnaderna', en: 'Comment on the costs' },
    help: {
      sv: 'Vad medlen har använts till, t.ex. personell resurs motsvarande halvtid (max 1000 tecken).',
      en: 'What the funds were used for, e.g. staff equivalent to a half-time position (at most 1000 characters).',
    },
  },
];

/** The head of the county's RSS signs, and SKR receives; a reopening is SKR's decision. */
const signedAndReceived = { signedBy: { body: 'rss-chefer' }, receiver: 'skr' };

export const skrRss: CycleDefinitionInput = {
  key: 'skr-rss',
  name: 'SKR:s kvinnofridssatsning för regionala stödstrukturer (RSS)',
  description:
    'Varje läns regionala samverkans- och stödstruktur ansöker om medel med SKR:s mall senast 31 maj, undertecknad av ' +
    'chefen för RSS. SKR granskar ansökningarna. Varje RSS återrapporterar till SKR senast 1 februari året efter.',
  roles: { 'skr-coordinator': 'skr/samordnare' },
  defaults: {
    reminders: { before: ['14d', '3d'], onTheDay: true, thenEvery: '7d' },
    escalation: [{ after: '3d', to: { kind: 'role', role: 'skr-coordinator' } }],
  },
  phases: [
    {
      key: 'ansokan',
      title: 'Ansökan och genomförandeplan',
      steps: [
        {
          key: 'ansokan',
          kind: 'form',
          title: 'Ansökan och genomförandeplan till SKR',
          instructions: 'Fyll i SKR:s mall. Chefen för RSS undertecknar den innan ni skickar in den till SKR senast 31 maj.',
          assignees: { kind: 'body', body: 'rss' },
          fields: rssAnsokan,
          due: 'Y-05-31',
          reminders: { before: ['21d', '7d'], onTheDay: true, thenEvery: '3d' },
          escalation: [{ after: '2d', to: { kind: 'role', role: 'skr-coordinator' } }],
          ...signedAndReceived,
          // Last year's plan is where this year's starts: the goals are three-year goals.
          prefill: 'previous',
        },
        {
          key: 'granskning',
          kind: 'decision',
          title: 'SKR:s granskning av ansökningarna',
          question: 'Godkänner SKR årets ansökningar och genomförandeplaner från länens RSS?',
          body: 'skr',
          rule: { kind: 'majority' },
          due: 'Y-06-30',
          shows: ['ansokan'],
        },
      ],
    },
    {
      key: 'aterrapportering',
      title: 'Återrapportering',
      steps: [
        {
          key: 'aterrapport',
          kind: 'form',
          title: 'Återrapport till SKR',
          instructions: 'Beskriv vad som har gjorts inom varje målområde och vad det har kostat. Chefen för RSS undertecknar.',
          assignees: { kind: 'body', body: 'rss' },
          fields: rssAterrapport,
          due: 'Y+1-02-01',
          ...signedAndReceived,
        },
      ],
    },
  ],
};
