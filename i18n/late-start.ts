/** Messages about starting a year whose dates have partly passed, merged into sv.ts and en.ts. */
export const sv = {
  'late.unknownPhase': 'det finns ingen fas {phase} i definitionen',
  'late.stepPassed': 'steget ”{step}” i {phase} har redan passerat sin tidsfrist: välj en senare fas, eller nya datum',
  'late.refused': 'Året kan inte starta så: {problems}',
  'late.choiceNeeded':
    'start: tidsfrister i året har redan passerat. Välj att börja vid en fas (start.mode "fromPhase", med phase och reason) eller att ge passerade tidsfrister nya datum (start.mode "redate", med days). Förhandsgranskningen visar vilka datum som passerat.',
  'late.warningTitle': 'Året har redan börjat',
  'late.warningIntro':
    'Idag är det {today}. De här tidsfristerna i året har redan passerat. Utan ett val skulle uppgifter gå ut med tidsfrister som redan har varit, så cykeln kan inte starta förrän du har valt hur året ska börja.',
  'late.passedDue': 'tidsfristen var {date}',
  'late.passedReminders': '{count} påminnelser före idag skickas inte',
  'late.choiceLegend': 'Hur ska året börja?',
  'late.fromPhase': 'Börja vid en fas',
  'late.fromPhaseHint':
    'Stegen i faserna före den registreras som överhoppade, med skälet. Mötesserierna löper ändå: de fortsätter efter året.',
  'late.phase': 'Fas att börja vid',
  'late.reason': 'Skäl till att stegen hoppas över',
  'late.redate': 'Ge tidsfristerna nya datum',
  'late.redateHint':
    'Varje tidsfrist som har passerat, eller som infaller inom antalet dagar, flyttas till den dagen. Steg som väntar på varandra behåller sin ordning. Ett beslut vars möte har passerat fattas via länk.',
  'late.days': 'Antal dagar från idag (1–90)',
  'late.previewAgain': 'Förhandsgranska igen',
  'late.chooseFirst': 'Välj hur året ska börja och förhandsgranska igen; sedan kan du starta.',
  'late.chosenFromPhase': 'Året börjar vid {phase}. Steg som hoppas över: {steps}. Skäl: {reason}',
  'late.chosenRedate': 'Tidsfrister före {date} får det nya datumet {date}.',
  'late.meetingsTitle': 'Årets möten',
  'late.meetingsCaption': '{title}: datum och värd',
  'late.meeting': 'Möte',
  'late.host': 'Värd',
  'late.meetingPassed': 'har redan varit (hålls inte här)',
  'late.hostInTurn': 'i tur och ordning',
  'late.hostConvenor': 'sammankallande',
  'late.redatedFrom': '{what} (flyttad från {date})',
} as const;

export const en: Record<keyof typeof sv, string> = {
  'late.unknownPhase': 'the definition has no phase {phase}',
  'late.stepPassed': 'the deadline of step “{step}” in {phase} has passed: choose a later phase, or new dates',
  'late.refused': 'The year cannot start that way: {problems}',
  'late.choiceNeeded':
    'start: deadlines of the year have passed. Choose to start at a phase (start.mode "fromPhase", with phase and reason) or to give passed deadlines new dates (start.mode "redate", with days). The preview shows which dates have passed.',
  'late.warningTitle': 'The year has already begun',
  'late.warningIntro':
    'Today is {today}. These deadlines of the year have already passed. Without a choice, tasks would go out with deadlines that are over, so the cycle cannot start until you choose how the year begins.',
  'late.passedDue': 'the deadline was {date}',
  'late.passedReminders': '{count} reminders before today are not sent',
  'late.choiceLegend': 'How should the year begin?',
  'late.fromPhase': 'Start at a phase',
  'late.fromPhaseHint':
    'The steps of the phases before it are recorded as skipped, with the reason. The meeting series run anyway: they go on after the year.',
  'late.phase': 'Phase to start at',
  'late.reason': 'Why the steps are skipped',
  'late.redate': 'Give the deadlines new dates',
  'late.redateHint':
    'Every deadline that has passed, or falls within the number of days, moves to that day. Steps that wait for each other keep their order. A decision whose meeting has passed is taken by link.',
  'late.days': 'Number of days from today (1–90)',
  'late.previewAgain': 'Preview again',
  'late.chooseFirst': 'Choose how the year begins and preview again; then you can start.',
  'late.chosenFromPhase': 'The year starts at {phase}. Steps skipped: {steps}. Reason: {reason}',
  'late.chosenRedate': 'Deadlines before {date} get the new date {date}.',
  'late.meetingsTitle': "The year's meetings",
  'late.meetingsCaption': '{title}: dates and hosts',
  'late.meeting': 'Meeting',
  'late.host': 'Host',
  'late.meetingPassed': 'already over (not held here)',
  'late.hostInTurn': 'in turn',
  'late.hostConvenor': 'the convenor',
  'late.redatedFrom': '{what} (moved from {date})',
};
