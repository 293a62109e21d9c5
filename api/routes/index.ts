import type { Endpoint } from '../endpoint';
import { cadreEndpoints } from './cadres';
import { calendarEndpoints } from './calendar';
import { delegationEndpoints } from './delegations';
import { documentEndpoints } from './documents';
import { caseActionEndpoints } from './case-actions';
import { nationalRuleEndpoints } from './national-rules';
import { notificationEndpoints } from './notifications';
import { planningEndpoints } from './planning';
import { policyEndpoints } from './policies';
import { reportEndpoints } from './reports';
import { rotationEndpoints } from './rotations';
import { supportEndpoints } from './support';
import { taskEndpoints } from './tasks';
import { unitEndpoints } from './units';
import { userEndpoints } from './users';

/** Every /v1 endpoint, in the order the document lists them. */
export const v1Endpoints: readonly Endpoint[] = [
  ...unitEndpoints,
  ...cadreEndpoints,
  ...userEndpoints,
  ...policyEndpoints,
  ...nationalRuleEndpoints,
  ...calendarEndpoints,
  ...rotationEndpoints,
  ...caseActionEndpoints,
  ...documentEndpoints,
  ...supportEndpoints,
  ...taskEndpoints,
  ...delegationEndpoints,
  ...reportEndpoints,
  ...planningEndpoints,
  ...notificationEndpoints,
];
