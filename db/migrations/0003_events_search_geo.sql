CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "events_created_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "geo_lat" double precision;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "geo_long" double precision;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "geo_country" text;--> statement-breakpoint
CREATE INDEX "events_created_action_idx" ON "events" USING btree ("created","action");--> statement-breakpoint
CREATE INDEX "events_context_username_idx" ON "events" USING btree (("context"->>'username'));--> statement-breakpoint
CREATE INDEX "events_brand_name_idx" ON "events" USING btree (("brand"->>'name'));--> statement-breakpoint
CREATE INDEX "events_geo_country_idx" ON "events" USING btree ("geo_country","created");--> statement-breakpoint
CREATE INDEX "events_search_trgm_idx" ON "events" USING gin (lower("event_uuid"::text || ' ' || "action" || ' ' || "app" || ' ' || coalesce("user"->>'username', '') || ' ' || coalesce(host("client_ip"), '') || ' ' || left("context"::text, 2000)) gin_trgm_ops);