// The worker's workflowsPath: workflow functions and their message definitions.
export { rotationCaseWorkflow } from './rotation-case';
export { supportWorkflow } from './support';
export { notificationDeliveryWorkflow } from './notification-delivery';
export * from './definitions';
