import type { CycleDefinitionInput } from '../../../core/definition';
import { coordinated } from './coordinated';

/**
 * The coordination's yearly duties the declaration of intent names: the dissemination conference
 * and the Kvinnofrid prize (the website is ongoing work, not a step). The seeds name no jury for
 * the prize, so the styrgrupp decides it; a jury body could replace it in a new version.
 */
const coordinator = { kind: 'role' as const, role: 'coordinator' };

export const samordningArsuppgifter: CycleDefinitionInput = {
  key: 'samordning-arsuppgifter',
  name: 'Samordningskoordineringens årsuppgifter',
  description: 'Operation Kvinnofrids årliga spridningskonferens och Kvinnofridspriset, som samordningskoordineringen administrerar.',
  ...coordinated,
  phases: [
    {
      key: 'konferens',
      title: 'Spridningskonferens',
      steps: [
        {
          key: 'konferensdatum',
          kind: 'tasks',
          title: 'Spridningskonferensens datum och lokal',
          instructions: 'Bestäm datum för årets spridningskonferens och boka lokal. Ange datum och plats i rapporten.',
          assignees: coordinator,
          due: 'Y-02-28',
        },
        {
          key: 'konferensprogram',
          kind: 'tasks',
          title: 'Spridningskonferensens program',
          instructions: 'Ta fram programmet: talare, teman från årets arbete och utdelningen av Kvinnofridspriset.',
          assignees: coordinator,
          due: 'Y-08-31',
          shows: ['konferensdatum'],
        },
        {
          key: 'konferensinbjudan',
          kind: 'tasks',
          title: 'Inbjudningar till spridningskonferensen',
          instructions: 'Skicka inbjudan med program och anmälan till parterna, länets kommuner och andra aktörer.',
          assignees: coordinator,
          due: 'Y-09-15',
          shows: ['konferensprogram'],
        },
      ],
    },
    {
      key: 'pris',
      title: 'Kvinnofridspriset',
      steps: [
        {
          key: 'nomineringar',
          kind: 'form',
          title: 'Nomineringar till Kvinnofridspriset',
          instructions: 'Nominera en organisation eller person i länet som gjort en betydande insats mot våld, och motivera.',
          assignees: { kind: 'body', body: 'samordningsgrupp', mandates: ['member'] },
          due: 'Y-09-30',
          fields: [
            {
              key: 'nomineeOrganisation',
              kind: 'text',
              required: true,
              label: { sv: 'Nominerad organisation', en: 'Nominated organisation' },
            },
            {
              key: 'nomineeName',
              kind: 'text',
              label: { sv: 'Nominerad person (om en person)', en: 'Nominated person (if a person)' },
            },
            {
              key: 'motivation',
              kind: 'longText',
              maxChars: 1000,
              required: true,
              label: { sv: 'Motivering', en: 'Motivation' },
              help: {
                sv: 'Varför ska den nominerade få priset? (max 1000 tecken)',
                en: 'Why should the nominee get the prize? (at most 1000 characters)',
              },
            },
          ],
        },
        {
          key: 'jurybeslut',
          kind: 'decision',
          title: 'Juryns beslut om Kvinnofridspriset',
          question: 'Beslutar styrgruppen, som jury, att tilldela årets Kvinnofridspris enligt den nominering som föreslås?',
          body: 'styrgrupp',
          rule: { kind: 'majority' },
          due: 'Y-10-15',
          shows: ['nomineringar'],
        },
        {
          key: 'prisutdelning',
          kind: 'tasks',
          title: 'Dela ut Kvinnofridspriset på spridningskonferensen',
          instructions: 'Meddela pristagaren, förbered utdelningen och dela ut priset på spridningskonferensen.',
          assignees: coordinator,
          due: 'Y-11-15',
          // The nominations and what the jury decided about them.
          shows: ['nomineringar', 'jurybeslut'],
        },
      ],
    },
    {
      key: 'uppfoljning',
      title: 'Uppföljning',
      steps: [
        {
          key: 'konferensuppfoljning',
          kind: 'tasks',
          title: 'Uppföljning av spridningskonferensen',
          instructions: 'Sammanfatta deltagarnas utvärdering och lärdomar inför nästa år, och publicera material på webbplatsen.',
          assignees: coordinator,
          due: 'Y-12-15',
        },
      ],
    },
  ],
};
