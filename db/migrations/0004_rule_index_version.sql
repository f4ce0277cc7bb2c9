CREATE TABLE "rule_index_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint NOT NULL,
	"instance" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "rule_index_version_single_row" CHECK ("rule_index_version"."id" = 1)
);
--> statement-breakpoint
CREATE SEQUENCE "rule_index_version_seq";--> statement-breakpoint
INSERT INTO "rule_index_version" ("id", "version") VALUES (1, nextval('rule_index_version_seq'));--> statement-breakpoint
CREATE FUNCTION "bump_rule_index_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "rule_index_version" SET "version" = nextval('rule_index_version_seq') WHERE "id" = 1;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "notification_rules_rule_index" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notification_rules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "notification_rule_transports_rule_index" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notification_rule_transports" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "notification_transports_rule_index" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notification_transports" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "policies_rule_index" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policies" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "policy_bindings_rule_index" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_bindings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "groups_rule_index" AFTER UPDATE OF "name" OR DELETE ON "groups" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();--> statement-breakpoint
CREATE TRIGGER "users_rule_index" AFTER UPDATE OF "username" OR DELETE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_rule_index_version"();
