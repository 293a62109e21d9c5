import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import type { ApiConfig } from './config';

/** What the API runs on; the start scripts build these. */
export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  config: ApiConfig;
  logger: Logger;
}
