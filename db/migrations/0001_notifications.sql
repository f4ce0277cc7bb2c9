CREATE TABLE "notification_transports" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"mode" text DEFAULT 'local' NOT NULL,
	"send_once" boolean DEFAULT false NOT NULL,
	"webhook_url" text DEFAULT '' NOT NULL,
	"webhook_ca_pem" text,
	"webhook_mapping_body" uuid,
	"webhook_mapping_headers" uuid,
	"email_subject_prefix" text DEFAULT 'Herald Notification: ' NOT NULL,
	"email_template" text DEFAULT 'default' NOT NULL,
	"signing_secret" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"circuit_open_until" timestamp with time zone,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_webhook_mappings" (
	"pm_uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"expression" text NOT NULL,
	"managed" text,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_rule_transports" (
	"rule" uuid NOT NULL,
	"transport" uuid NOT NULL,
	CONSTRAINT "notification_rule_transports_rule_transport_pk" PRIMARY KEY("rule","transport")
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"pbm_uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"severity" text DEFAULT 'notice' NOT NULL,
	"destination_group" uuid,
	"destination_event_user" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"policy_engine_mode" text DEFAULT 'any' NOT NULL,
	"managed" text,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"policy_uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"execution_logging" boolean DEFAULT false NOT NULL,
	"match_action" text,
	"match_client_ip" text,
	"match_app" text,
	"match_model" text,
	"expression" text,
	"managed" text,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_bindings" (
	"policy_binding_uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target" uuid NOT NULL,
	"policy" uuid,
	"group" uuid,
	"user" integer,
	"negate" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"order" integer NOT NULL,
	"timeout" integer DEFAULT 30 NOT NULL,
	"failure_result" boolean DEFAULT false NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_bindings_exactly_one_subject" CHECK ((case when "policy_bindings"."policy" is null then 0 else 1 end + case when "policy_bindings"."group" is null then 0 else 1 end + case when "policy_bindings"."user" is null then 0 else 1 end) = 1)
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" uuid,
	"rule" uuid,
	"transport" uuid,
	"user" integer,
	"notification" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"webhook_id" text NOT NULL,
	"dedup_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer NOT NULL,
	"ok" boolean NOT NULL,
	"http_status" integer,
	"smtp_response" text,
	"error" text,
	"response_excerpt" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"severity" text NOT NULL,
	"body" text NOT NULL,
	"hyperlink" text,
	"hyperlink_label" text,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"event" uuid,
	"rule" uuid,
	"seen" boolean DEFAULT false NOT NULL,
	"user" integer NOT NULL,
	"dedup_key" text
);
--> statement-breakpoint
CREATE TABLE "rule_decisions" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" uuid,
	"rule" uuid,
	"passing" boolean NOT NULL,
	"messages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_transports" ADD CONSTRAINT "notification_transports_webhook_mapping_body_notification_webhook_mappings_pm_uuid_fk" FOREIGN KEY ("webhook_mapping_body") REFERENCES "public"."notification_webhook_mappings"("pm_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_transports" ADD CONSTRAINT "notification_transports_webhook_mapping_headers_notification_webhook_mappings_pm_uuid_fk" FOREIGN KEY ("webhook_mapping_headers") REFERENCES "public"."notification_webhook_mappings"("pm_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rule_transports" ADD CONSTRAINT "notification_rule_transports_rule_notification_rules_pbm_uuid_fk" FOREIGN KEY ("rule") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rule_transports" ADD CONSTRAINT "notification_rule_transports_transport_notification_transports_uuid_fk" FOREIGN KEY ("transport") REFERENCES "public"."notification_transports"("uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_destination_group_groups_uuid_fk" FOREIGN KEY ("destination_group") REFERENCES "public"."groups"("uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_bindings" ADD CONSTRAINT "policy_bindings_target_notification_rules_pbm_uuid_fk" FOREIGN KEY ("target") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_bindings" ADD CONSTRAINT "policy_bindings_policy_policies_policy_uuid_fk" FOREIGN KEY ("policy") REFERENCES "public"."policies"("policy_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_bindings" ADD CONSTRAINT "policy_bindings_group_groups_uuid_fk" FOREIGN KEY ("group") REFERENCES "public"."groups"("uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_bindings" ADD CONSTRAINT "policy_bindings_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_events_event_uuid_fk" FOREIGN KEY ("event") REFERENCES "public"."events"("event_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_rule_notification_rules_pbm_uuid_fk" FOREIGN KEY ("rule") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_transport_notification_transports_uuid_fk" FOREIGN KEY ("transport") REFERENCES "public"."notification_transports"("uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_deliveries_uuid_fk" FOREIGN KEY ("delivery") REFERENCES "public"."deliveries"("uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_events_event_uuid_fk" FOREIGN KEY ("event") REFERENCES "public"."events"("event_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_rule_notification_rules_pbm_uuid_fk" FOREIGN KEY ("rule") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_decisions" ADD CONSTRAINT "rule_decisions_event_events_event_uuid_fk" FOREIGN KEY ("event") REFERENCES "public"."events"("event_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_decisions" ADD CONSTRAINT "rule_decisions_rule_notification_rules_pbm_uuid_fk" FOREIGN KEY ("rule") REFERENCES "public"."notification_rules"("pbm_uuid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_transports_name_key" ON "notification_transports" USING btree ("name");--> statement-breakpoint
CREATE INDEX "notification_transports_mode_idx" ON "notification_transports" USING btree ("mode");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_webhook_mappings_name_key" ON "notification_webhook_mappings" USING btree ("name");--> statement-breakpoint
CREATE INDEX "notification_rule_transports_transport_idx" ON "notification_rule_transports" USING btree ("transport");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_rules_name_key" ON "notification_rules" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_name_key" ON "policies" USING btree ("name");--> statement-breakpoint
CREATE INDEX "policies_match_action_idx" ON "policies" USING btree ("match_action");--> statement-breakpoint
CREATE INDEX "policies_match_app_idx" ON "policies" USING btree ("match_app");--> statement-breakpoint
CREATE INDEX "policies_match_model_idx" ON "policies" USING btree ("match_model");--> statement-breakpoint
CREATE INDEX "policy_bindings_target_idx" ON "policy_bindings" USING btree ("target");--> statement-breakpoint
CREATE INDEX "policy_bindings_policy_idx" ON "policy_bindings" USING btree ("policy");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_bindings_policy_target_order_key" ON "policy_bindings" USING btree ("policy","target","order");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_dedup_key" ON "deliveries" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "deliveries_status_created_idx" ON "deliveries" USING btree ("status","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_transport_idx" ON "deliveries" USING btree ("transport","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_rule_idx" ON "deliveries" USING btree ("rule","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_event_idx" ON "deliveries" USING btree ("event");--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery_idx" ON "delivery_attempts" USING btree ("delivery","attempt");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_user_unseen_idx" ON "notifications" USING btree ("user") WHERE not "notifications"."seen";--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedup_key" ON "notifications" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "rule_decisions_event_idx" ON "rule_decisions" USING btree ("event");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_decisions_event_rule_key" ON "rule_decisions" USING btree ("event","rule");