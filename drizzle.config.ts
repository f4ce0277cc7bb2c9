import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from db/schema; the app applies them at start-up
// (PGlite and PostgreSQL alike), so drizzle-kit needs no live database here.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
