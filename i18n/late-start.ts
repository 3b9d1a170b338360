/** Messages about starting a year whose dates have partly passed, merged into sv.ts and en.ts. */
export const sv = {
  'late.unknownPhase': 'det finns ingen fas {phase} i definitionen',
  'late.stepPassed': 'steget ”{step}” i {phase} har redan passerat sin tidsfrist: välj en senare fas, eller nya datum',
  'late.refused': 'Året kan inte starta så: {problems}',
  'late.choiceNeeded': 'start: tidsfrister i året har redan passerat. Välj att börja vid en fas (start.mode "fromPhase", med phase och reason) eller att ge passerade tidsfrister nya datum (start.mode "redate", med days). Förhandsgranskningen visar vilka datum som passerat.',
} as const;

export const en: Record<keyof typeof sv, string> = {
  'late.unknownPhase': 'the definition has no phase {phase}',
  'late.stepPassed': 'the deadline of step “{step}” in {phase} has passed: choose a later phase, or new dates',
  'late.refused': 'The year cannot start that way: {problems}',
  'late.choiceNeeded': 'start: deadlines of the year have passed. Choose to start at a phase (start.mode "fromPhase", with phase and reason) or to give passed deadlines new dates (start.mode "redate", with days). The preview shows which dates have passed.',
};
