import type { CycleDefinitionInput } from '../../../core/definition';

/**
 * Operation Kvinnofrid's yearly cycle: the strategy's implementation model (phases I–IV), the
 * Regional lägesrapport, and its inclusion in Länsstyrelsen's annual report by 22 February.
 * The samordningsgrupp meets monthly except July with hosting rotating among the parties and
 * reviews phases II–IV and the report's draft; Länsstyrelsen convenes and hosts the styrgrupp four
 * times a year, which decides the year's priorities in May and approves the report in February.
 * The samordningsgrupp's proposal picks measures of the action plan; the styrgrupp decides over
 * that list, and Fas III and IV go to the owners of exactly the measures it selected.
 * `Y` is the cycle's year; every date is Europe/Stockholm and editable in a new version.
 */
/** The host writes minutes within a week; the coordinator hears of them three days late. */
const minutes = {
  title: 'Minnesanteckningar',
  due: '7d',
  reminders: { before: ['2d'], onTheDay: true },
  escalation: [{ after: '3d', to: { kind: 'role' as const, role: 'coordinator' } }],
};

export const kvinnofridArshjul: CycleDefinitionInput = {
  key: 'kvinnofrid-arshjul',
  name: 'Operation Kvinnofrids årshjul',
  description:
    'Analys och behovsinventering, val av åtgärder, genomförande, uppföljning, regional lägesrapport och ' +
    'inrapportering till Länsstyrelsens årsredovisning.',
  roles: {
    coordinator: 'samordningskoordinering/samordningskoordinator',
    chair: 'samordningsgrupp/ordforande',
    analyst: 'samordningskoordinering/utredare',
    'steering-convenor': 'styrgrupp/lansstyrelsen',
    /** Länsstyrelsen's seat that takes the approved lägesrapport into its annual report. */
    'annual-report': 'styrgrupp/lansstyrelsen',
  },
  defaults: {
    reminders: { before: ['14d', '3d'], onTheDay: true, thenEvery: '7d' },
    escalation: [
      { after: '3d', to: { kind: 'role', role: 'coordinator' } },
      { after: '10d', to: { kind: 'role', role: 'steering-convenor' } },
    ],
  },
  phases: [
    {
      key: 'analysera',
      title: 'Fas I: Analysera',
      steps: [
        {
          key: 'behovsinventering',
          kind: 'tasks',
          title: 'Behovsinventering: regionala och lokala behov',
          instructions:
            'Beskriv er organisations behov och iakttagelser inom strategins målområden inför årets prioriteringar. ' +
            'Förankra i er egen organisation.',
          assignees: { kind: 'body', body: 'samordningsgrupp', mandates: ['member'] },
          due: 'Y-03-15',
        },
        {
          key: 'lagesbeskrivning',
          kind: 'report',
          title: 'Lägesbeskrivning för länet',
          instructions: 'Sammanfatta läget i länet utifrån strategins målområden och behovsinventeringen.',
          assignees: { kind: 'role', role: 'coordinator' },
          due: 'Y-03-31',
          concurrent: true,
        },
        {
          key: 'samordningsgruppens-moten',
          kind: 'meetings',
          title: 'Samordningsgruppens möten',
          instructions:
            'Samordningsgruppen möts andra tisdagen varje månad utom juli. Värdskapet roterar mellan parterna: ' +
            'värden bokar lokal, skickar dagordningen och skriver minnesanteckningar. Varje deltagare återför ' +
            'information till och från sin organisation.',
          concurrent: true,
          body: 'samordningsgrupp',
          schedule: { months: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], weekday: 2, nth: 2, start: '09:00', minutes: 180 },
          hosting: 'rotating',
          hostMandates: ['member'],
          noticeBefore: '21d',
          hostReminderBefore: '14d',
          minutes,
        },
        {
          key: 'styrgruppens-moten',
          kind: 'meetings',
          title: 'Styrgruppens möten',
          instructions:
            'Länsstyrelsen är sammankallande och värd för styrgruppens fyra möten om året: beslut om budget och ' +
            'inriktning, årets prioriterade åtgärder i maj och Regional lägesrapport i februari.',
          concurrent: true,
          body: 'styrgrupp',
          schedule: { months: [2, 5, 9, 11], weekday: 4, nth: 3, start: '13:00', minutes: 120 },
          hosting: 'convenor',
          hostMandates: ['convenor'],
          location: 'Länsstyrelsen i Stockholms län',
          noticeBefore: '28d',
          hostReminderBefore: '21d',
          minutes,
        },
      ],
    },
    {
      key: 'valja-atgarder',
      title: 'Fas II: Välja åtgärder',
      reviewAt: 'samordningsgrupp',
      steps: [
        {
          key: 'forslag',
          kind: 'report',
          title: 'Samordningsgruppens förslag till prioriterade åtgärder',
          instructions:
            'Formulera förslaget till årets prioriterade inriktning och välj de åtgärder i handlingsplanen som ' +
            'föreslås prioriteras. Bifoga gärna underlag.',
          assignees: { kind: 'role', role: 'chair' },
          due: 'Y-04-30',
          shows: ['behovsinventering', 'lagesbeskrivning'],
          proposes: { actionPlan: 'handlingsplan-2023-2026' },
        },
        {
          key: 'prioriteringsbeslut',
          kind: 'decision',
          title: 'Styrgruppens beslut om årets prioriterade åtgärder',
          question: 'Beslutar styrgruppen att prioritera åtgärderna enligt samordningsgruppens förslag?',
          body: 'styrgrupp',
          over: 'forslag',
          shows: ['forslag'],
          rule: { kind: 'majority' },
          tie: 'changes_requested',
          due: 'Y-05-15',
          atMeeting: 'styrgrupp',
          reminders: { before: ['7d', '2d'], onTheDay: true },
          escalation: [{ after: '1d', to: { kind: 'role', role: 'steering-convenor' } }],
          onChanges: { goTo: 'forslag', window: '14d' },
          onReject: { goTo: 'forslag', window: '21d' },
        },
      ],
    },
    {
      key: 'genomfora',
      title: 'Fas III: Genomföra',
      reviewAt: 'samordningsgrupp',
      steps: [
        {
          key: 'halvarsrapport',
          kind: 'tasks',
          title: 'Halvårsrapport',
          instructions: 'Rapportera kort hur genomförandet av åtgärden går: vad är gjort, vad återstår, hinder.',
          assignees: { kind: 'measureOwners', of: 'prioriteringsbeslut', via: 'samordningsgrupp' },
          due: 'Y-08-31',
        },
        {
          key: 'genomforande',
          kind: 'tasks',
          title: 'Genomförande',
          instructions: 'Rapportera att åtgärden är genomförd för året, eller varför inte.',
          assignees: { kind: 'measureOwners', of: 'prioriteringsbeslut', via: 'samordningsgrupp' },
          due: 'Y-11-30',
        },
      ],
    },
    {
      key: 'folja-upp',
      title: 'Fas IV: Följa upp',
      reviewAt: 'samordningsgrupp',
      steps: [
        {
          key: 'uppfoljning',
          kind: 'tasks',
          title: 'Uppföljning',
          instructions: 'Följ upp åtgärden: resultat, erfarenheter och förslag till justering inför nästa år.',
          assignees: { kind: 'measureOwners', of: 'prioriteringsbeslut', via: 'samordningsgrupp' },
          due: 'Y+1-01-15',
        },
        {
          key: 'indikatorer',
          kind: 'tasks',
          title: 'Sammanställ indikatorvärden',
          instructions:
            'Hämta årets värden från Öppna jämförelser (stöd till brottsoffer), NTU, kriminalstatistiken och ' +
            'Kriminalvårdens statistik. Parterna rapporterar inte indikatorer själva.',
          assignees: { kind: 'role', role: 'analyst' },
          due: 'Y+1-01-15',
          concurrent: true,
        },
      ],
    },
    {
      key: 'lagesrapport',
      title: 'Regional lägesrapport',
      steps: [
        {
          key: 'rapportutkast',
          kind: 'report',
          title: 'Utkast till Regional lägesrapport',
          instructions: 'Analys av länets utveckling och uppföljning av handlingsplanens åtgärder med regionala och lokala indikatorer.',
          assignees: { kind: 'role', role: 'coordinator' },
          due: 'Y+1-01-31',
          shows: ['uppfoljning', 'indikatorer'],
        },
        {
          key: 'rapportgranskning',
          kind: 'decision',
          title: 'Samordningsgruppens granskning av lägesrapporten',
          question: 'Kan utkastet till Regional lägesrapport gå vidare till styrgruppen?',
          body: 'samordningsgrupp',
          shows: ['rapportutkast'],
          voters: ['member'],
          rule: { kind: 'majority' },
          due: 'Y+1-02-07',
          atMeeting: 'samordningsgrupp',
          reminders: { before: ['3d'], onTheDay: true },
          escalation: [{ after: '1d', to: { kind: 'role', role: 'coordinator' } }],
          onChanges: { goTo: 'rapportutkast', window: '5d' },
        },
        {
          key: 'rapportbeslut',
          kind: 'decision',
          title: 'Styrgruppens godkännande av lägesrapporten',
          question: 'Godkänner styrgruppen Regional lägesrapport?',
          body: 'styrgrupp',
          shows: ['rapportutkast'],
          rule: { kind: 'majority' },
          due: 'Y+1-02-15',
          atMeeting: 'styrgrupp',
          reminders: { before: ['3d'], onTheDay: true },
          escalation: [{ after: '1d', to: { kind: 'role', role: 'steering-convenor' } }],
          onChanges: { goTo: 'rapportutkast', window: '4d' },
        },
      ],
    },
    {
      key: 'arsredovisning',
      title: 'Länsstyrelsens årsredovisning',
      steps: [
        {
          key: 'overlamning',
          kind: 'handoff',
          title: 'Lägesrapporten till Länsstyrelsens årsredovisning',
          instructions: 'Lämna den godkända lägesrapporten till årsredovisningen och ange diarienummer eller mottagare som kvitto.',
          assignees: { kind: 'role', role: 'coordinator' },
          recipient: 'Länsstyrelsen i Stockholms läns årsredovisning: uppdraget om mäns våld mot kvinnor',
          recipientRole: 'annual-report',
          due: 'Y+1-02-22',
          reminders: { before: ['7d', '2d'], onTheDay: true },
          escalation: [{ after: '1d', to: { kind: 'role', role: 'steering-convenor' } }],
        },
      ],
    },
  ],
};
