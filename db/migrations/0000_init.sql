CREATE TABLE "group_members" (
	"group_uuid" uuid NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "group_members_group_uuid_user_id_pk" PRIMARY KEY("group_uuid","user_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"num_pk" serial NOT NULL,
	"name" text NOT NULL,
	"is_superuser" boolean DEFAULT false NOT NULL,
	"parent_uuid" uuid,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"intent" text DEFAULT 'api' NOT NULL,
	"user_id" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"expiring" boolean DEFAULT true NOT NULL,
	"expires" timestamp with time zone,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"managed" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"password_hash" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_superuser" boolean DEFAULT false NOT NULL,
	"type" text DEFAULT 'internal' NOT NULL,
	"path" text DEFAULT 'users' NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"date_joined" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login" timestamp with time zone,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"password_change_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"event_uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"action" text NOT NULL,
	"app" text NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"client_ip" "inet",
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"expiring" boolean DEFAULT true NOT NULL,
	"brand" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_uuid_groups_uuid_fk" FOREIGN KEY ("group_uuid") REFERENCES "public"."groups"("uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_parent_uuid_groups_uuid_fk" FOREIGN KEY ("parent_uuid") REFERENCES "public"."groups"("uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_members_user_idx" ON "group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_name_key" ON "groups" USING btree ("name");--> statement-breakpoint
CREATE INDEX "groups_parent_idx" ON "groups" USING btree ("parent_uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_identifier_key" ON "tokens" USING btree ("identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_key_hash_key" ON "tokens" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "tokens_user_idx" ON "tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_uuid_key" ON "users" USING btree ("uuid");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_action_created_idx" ON "events" USING btree ("action","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_client_ip_idx" ON "events" USING btree ("client_ip");--> statement-breakpoint
CREATE INDEX "events_username_idx" ON "events" USING btree (("user"->>'username'));--> statement-breakpoint
CREATE INDEX "events_user_pk_idx" ON "events" USING btree (("user"->>'pk'));--> statement-breakpoint
CREATE INDEX "events_context_model_pk_idx" ON "events" USING btree ((("context"->'model')->>'pk'));--> statement-breakpoint
CREATE INDEX "events_authorized_app_idx" ON "events" USING btree ((("context"->'authorized_application')->>'pk'));--> statement-breakpoint
CREATE INDEX "events_expires_idx" ON "events" USING btree ("expires") WHERE "events"."expiring";