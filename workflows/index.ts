export { taskWorkflow } from './task';
export { decisionWorkflow } from './decision';
export { cycleWorkflow } from './cycle';
export { scheduledCycleWorkflow } from './scheduled';
export { meetingSeriesWorkflow } from './meetings';
export { handoverWorkflow } from './handover';
export { mailWorkflow } from './mail';
export { compileReport } from './report';
