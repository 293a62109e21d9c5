// `npm run migrate`: applies pending migrations to DATABASE_URL (or the PGlite database in
// DATA_DIR) and says which ran.
import { loadConfigOrExit } from '../infra/config';
import { openDatabase } from '../infra/db';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await db.close();
  const target = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  if (db.appliedMigrations.length === 0) {
    console.log(`${target}: up to date, no migration to apply`);
  } else {
    console.log(`${target}: applied ${db.appliedMigrations.length} migration(s):`);
    for (const name of db.appliedMigrations) console.log(`  ${name}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
