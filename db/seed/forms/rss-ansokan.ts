import type { FormFieldsInput } from '../../../core/form-fields';

/**
 * SKR's application and implementation-plan template for the kvinnofrid programme, filled in by each
 * county's regional support structure (RSS) and signed by its head (the signature is a step of its
 * own, not a field). Years are left out of the wording so the same fields serve each year of the
 * three-year programme.
 */

const counties = [
  'Blekinge',
  'Dalarna',
  'Gotland',
  'Gävleborg',
  'Halland',
  'Jämtland',
  'Jönköping',
  'Kalmar',
  'Kronoberg',
  'Norrbotten',
  'Skåne',
  'Stockholm',
  'Södermanland',
  'Uppsala',
  'Värmland',
  'Västerbotten',
  'Västernorrland',
  'Västmanland',
  'Västra Götaland',
  'Örebro',
  'Östergötland',
];

const optionValueOf = (name: string) => name.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o').replace(/\s+/g, '-');

const goalHelp = {
  sv: 'Beskriv ett eller flera treåriga mål för arbetet under satsningen (max 1000 tecken).',
  en: 'Describe one or more three-year goals for the work during the programme (at most 1000 characters).',
};
const priorityHelp = {
  sv: 'Beskriv prioritering och mål för arbetet i år (max 1000 tecken).',
  en: "Describe this year's priorities and goals for the work (at most 1000 characters).",
};

/** One of the programme's four goal areas: a three-year goal and this year's priority. */
function goalArea(key: string, sv: string, en: string): FormFieldsInput {
  return [
    {
      key: `${key}Goal`,
      kind: 'longText',
      maxChars: 1000,
      required: true,
      label: { sv: `${sv}: treåriga mål`, en: `${en}: three-year goals` },
      help: goalHelp,
    },
    {
      key: `${key}Priority`,
      kind: 'longText',
      maxChars: 1000,
      required: true,
      label: { sv: `${sv}: prioritering för året`, en: `${en}: priorities for the year` },
      help: priorityHelp,
    },
  ];
}

const confirmation = (key: string, sv: [string, string], en: [string, string]): FormFieldsInput[number] => ({
  key,
  kind: 'tick',
  required: true,
  label: { sv: sv[0], en: en[0] },
  help: { sv: sv[1], en: en[1] },
});

export const rssAnsokan: FormFieldsInput = [
  {
    key: 'county',
    kind: 'choice',
    required: true,
    label: { sv: 'Län', en: 'County' },
    options: counties.map((name) => ({ value: optionValueOf(name), label: { sv: name, en: name } })),
  },
  { key: 'organisation', kind: 'text', required: true, label: { sv: 'Organisation', en: 'Organisation' } },
  {
    key: 'contacts',
    kind: 'group',
    required: true,
    minRows: 1,
    maxRows: 10,
    label: { sv: 'Kontaktuppgifter RSS', en: 'RSS contacts' },
    fields: [
      { key: 'name', kind: 'text', required: true, label: { sv: 'Namn', en: 'Name' } },
      { key: 'email', kind: 'email', required: true, label: { sv: 'E-post', en: 'E-mail' } },
    ],
  },
  confirmation(
    'staffing',
    [
      'Personell resurs',
      'Ja, vi kommer att använda medlen för personella resurser inom kvinnofridsområdet motsvarande halvtidsanställning.',
    ],
    ['Staffing', 'Yes, we will use the funds for staff in the kvinnofrid field equivalent to a half-time position.'],
  ),
  confirmation(
    'network',
    ['Deltagande i SKR:s nätverk', 'Ja, vi kommer att delta i SKR:s nätverk för kvinnofridssatsningen.'],
    ["Taking part in SKR's network", "Yes, we will take part in SKR's network for the kvinnofrid programme."],
  ),
  confirmation(
    'reporting',
    ['Återrapportering', 'Ja, vi kommer att årsvis följa upp arbetet och återrapportera till SKR senast 1 februari.'],
    ['Reporting back', 'Yes, we will follow up the work each year and report back to SKR by 1 February.'],
  ),
  ...goalArea('honour', 'Förhindra och förebygga hedersrelaterat våld och förtryck', 'Preventing honour-related violence and oppression'),
  ...goalArea(
    'integration',
    'Integrera kvinnofridsområdet i RSS ordinarie struktur',
    "Making kvinnofrid part of the RSS's regular structure",
  ),
  ...goalArea(
    'development',
    'Kunskaps- och verksamhetsutveckling med tydligt barnperspektiv',
    "Developing knowledge and practice with a clear children's perspective",
  ),
  ...goalArea('followUp', 'Systematisk uppföljning av kvalitet och resultat', 'Systematic follow-up of quality and results'),
  {
    key: 'plan',
    kind: 'choice',
    required: true,
    label: { sv: 'Genomförandeplan', en: 'Implementation plan' },
    help: {
      sv: 'Den ifyllda mallen kan vara er årliga genomförandeplan, eller så bifogar ni en mer utförlig egen plan.',
      en: 'The completed template can be your yearly implementation plan, or you can attach a more detailed plan of your own.',
    },
    options: [
      {
        value: 'template',
        label: { sv: 'Denna ifyllda mall är vår genomförandeplan', en: 'This completed template is our implementation plan' },
      },
      { value: 'attached', label: { sv: 'Vi bifogar vår genomförandeplan', en: 'We attach our implementation plan' } },
    ],
  },
  {
    key: 'planAttachment',
    kind: 'attachment',
    required: true,
    showIf: { field: 'plan', equals: 'attached' },
    label: { sv: 'Bifogad genomförandeplan', en: 'Attached implementation plan' },
    help: { sv: 'PDF eller Word-dokument, högst 20 MB.', en: 'PDF or Word document, at most 20 MB.' },
    accept: [
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.oasis.opendocument.text',
    ],
    maxBytes: 20_000_000,
  },
  {
    key: 'supportWanted',
    kind: 'longText',
    maxChars: 500,
    label: { sv: 'Önskat stöd från SKR', en: 'Support wanted from SKR' },
    help: {
      sv: 'Vilket stöd önskar ni inom er RSS från SKR för att på bästa sätt kunna genomföra satsningen? (max 500 tecken)',
      en: 'What support would your RSS like from SKR to carry out the programme as well as possible? (at most 500 characters)',
    },
  },
];
