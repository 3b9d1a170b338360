/** Messages of the meetings pages and mail, merged into the catalogues in sv.ts and en.ts. */
export const sv = {
  'def.clock': 'ogiltigt klockslag: skriv TT:MM, t.ex. 09:00',
  'def.noMeetings': 'definitionen har inget mötessteg för organet {body}',
} as const;

export const en: Record<keyof typeof sv, string> = {
  'def.clock': 'invalid time of day: write HH:MM, e.g. 09:00',
  'def.noMeetings': 'the definition has no meetings step for the body {body}',
};
