/** What the dashboard and the coordinator's mail say about a failing workflow, merged into sv.ts and en.ts. */
export const sv = {
  'problem.status': 'Behöver åtgärd',
  'problem.heading': 'Behöver åtgärd',
  'problem.intro': 'Något i processen har stannat och går inte vidare av sig självt. Samordningskoordinatorn får e-post om det.',
  'problem.concerns': 'Gäller',
  'problem.what': 'Vad som hänt',
  'problem.since': 'Sedan',
  'problem.what.cycle': 'Själva cykeln',
  'problem.what.task': 'Uppgiften {title} ({party})',
  'problem.what.decision': 'Beslutet {title}',
  'problem.what.meetings': 'Mötesserien för {body}',
  'problem.what.other': 'Arbetsflödet {id}',
  'problem.workflow_task':
    'Programmet stannade på ett fel och kan inte gå vidare förrän felet är rättat; Temporal försöker igen under tiden. Felet: {reason}',
  'problem.activity':
    'Det går inte att {action}: {attempts} försök i rad har misslyckats, och Temporal fortsätter att försöka. Senaste felet: {reason}',
  'problem.action.deliver': 'skicka e-post',
  'problem.action.notify': 'lägga e-post i utkorgen',
  'problem.action.record': 'spara läget i databasen',
  'problem.action.other': 'köra steget {name}',
  'notice.problem.subject': 'Behöver åtgärd: {title}',
  'notice.problem.lead': '{title} behöver åtgärd. {reason}',
};

export const en: Record<keyof typeof sv, string> = {
  'problem.status': 'Needs action',
  'problem.heading': 'Needs action',
  'problem.intro': 'Something in the process has stopped and will not move on by itself. The coordinator is sent an e-mail about it.',
  'problem.concerns': 'Concerns',
  'problem.what': 'What happened',
  'problem.since': 'Since',
  'problem.what.cycle': 'The cycle itself',
  'problem.what.task': 'The task {title} ({party})',
  'problem.what.decision': 'The decision {title}',
  'problem.what.meetings': 'The meeting series of {body}',
  'problem.what.other': 'The workflow {id}',
  'problem.workflow_task':
    'The program stopped on an error and cannot go on until the error is fixed; Temporal keeps trying meanwhile. The error: {reason}',
  'problem.activity': 'Cannot {action}: {attempts} attempts in a row have failed, and Temporal keeps trying. The last error: {reason}',
  'problem.action.deliver': 'send e-mail',
  'problem.action.notify': 'put e-mail in the outbox',
  'problem.action.record': 'save the state in the database',
  'problem.action.other': 'run the step {name}',
  'notice.problem.subject': 'Needs action: {title}',
  'notice.problem.lead': '{title} needs action. {reason}',
};
