CREATE TABLE "user_identities" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" integer NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login" timestamp with time zone,
	CONSTRAINT "user_identities_issuer_subject_pk" PRIMARY KEY("issuer","subject")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user" integer NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" integer,
	"requested_on" timestamp with time zone DEFAULT now() NOT NULL,
	"content_type" text NOT NULL,
	"query_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"file_name" text,
	"rows_written" bigint DEFAULT 0 NOT NULL,
	"rows_total" bigint,
	"bytes_written" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user" integer PRIMARY KEY NOT NULL,
	"bell_min_severity" text DEFAULT 'notice' NOT NULL,
	"email_min_severity" text DEFAULT 'notice' NOT NULL,
	"webhook_min_severity" text DEFAULT 'notice' NOT NULL,
	"quiet_hours_enabled" boolean DEFAULT false NOT NULL,
	"quiet_days" integer[] DEFAULT '{0,1,2,3,4,5,6}'::integer[] NOT NULL,
	"quiet_start_minute" integer DEFAULT 1320 NOT NULL,
	"quiet_end_minute" integer DEFAULT 420 NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_rule_opt_outs" (
	"user" integer NOT NULL,
	"rule" uuid NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_rule_opt_outs_user_rule_pk" PRIMARY KEY("user","rule")
);
--> statement-breakpoint
DROP INDEX "notifications_user_created_idx";--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "scopes" text[] DEFAULT '{admin}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "hold_reason" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "digest" uuid;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD COLUMN "critical" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rule_opt_outs" ADD CONSTRAINT "notification_rule_opt_outs_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rule_opt_outs" ADD CONSTRAINT "notification_rule_opt_outs_rule_notification_rules_pbm_uuid_fk" FOREIGN KEY ("rule") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_searches_user_name_key" ON "saved_searches" USING btree ("user","name");--> statement-breakpoint
CREATE INDEX "data_exports_requested_by_idx" ON "data_exports" USING btree ("requested_by","requested_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_rule_opt_outs_rule_idx" ON "notification_rule_opt_outs" USING btree ("rule");--> statement-breakpoint
CREATE INDEX "events_created_uuid_idx" ON "events" USING btree ("created" DESC NULLS LAST,"event_uuid" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_user_email_idx" ON "events" USING btree (("user"->>'email'));--> statement-breakpoint
CREATE INDEX "deliveries_created_uuid_idx" ON "deliveries" USING btree ("created" DESC NULLS LAST,"uuid" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_held_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" = 'held';--> statement-breakpoint
CREATE INDEX "deliveries_digest_idx" ON "deliveries" USING btree ("digest") WHERE "deliveries"."digest" is not null;--> statement-breakpoint
CREATE INDEX "notifications_event_idx" ON "notifications" USING btree ("event");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user","created" DESC NULLS LAST,"uuid" DESC NULLS LAST);