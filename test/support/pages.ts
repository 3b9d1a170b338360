/**
 * The coordinator's pages of a seeded register with the 2027 cycle started, by name and address:
 * the page checks (reflow at 320 px, the Nu Html Checker) walk the same list. `task` and `meeting`
 * are the addresses of one task and one meeting the test found.
 */
export const coordinatorPages = (found: { task: string; meeting: string }): [string, string][] => [
  ['home', '/'],
  ['cycles', '/cycles'],
  ['cycle', '/cycles/kvinnofrid-arshjul/2027'],
  ['report', '/cycles/kvinnofrid-arshjul/2027/report'],
  ['follow-up', '/cycles/kvinnofrid-arshjul/2027/follow-up'],
  ['start', '/cycles/new'],
  ['decision-request', '/decisions/new'],
  ['task-request', '/tasks/new'],
  ['party', '/parties/polisen?year=2027'],
  ['task', found.task],
  ['outbox', '/outbox'],
  ['meetings', '/meetings/samordningsgrupp'],
  ['meeting', found.meeting],
  ['admin', '/admin'],
  ['admin-organisations', '/admin/organisations'],
  ['admin-bodies', '/admin/bodies'],
  ['admin-body', '/admin/bodies/styrgrupp'],
  ['admin-strategy', '/admin/strategy'],
  ['admin-measures', '/admin/measures'],
  ['admin-indicators', '/admin/indicators'],
  ['admin-indicator', '/admin/indicators/ntu-sexualbrott'],
  ['admin-definitions', '/admin/definitions'],
  ['admin-audit', '/admin/audit'],
  ['admin-definition', '/admin/definitions/kvinnofrid-arshjul'],
  ['admin-organisation', '/admin/organisations/polisen'],
  ['admin-seat', '/admin/seats/styrgrupp/polisen'],
  ['admin-action-plan', '/admin/action-plans/handlingsplan-2023-2026'],
];
