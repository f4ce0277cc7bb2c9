// `npm run db:migrate`: applies the migrations to the configured database (DATABASE_URL, else the
// PGlite directory, which must not be in use by a running server) and exits. Servers also migrate
// at start-up; this is for deploy pipelines that migrate first.
import { openDatabase, optionsFromEnv } from "@/db/client";

// tsx runs scripts as CommonJS: no top-level await.
async function main(): Promise<void> {
  const handle = await openDatabase(optionsFromEnv());
  console.log(`Migrations applied (${handle.backend}).`);
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
