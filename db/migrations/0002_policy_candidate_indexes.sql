DROP INDEX "policies_match_app_idx";--> statement-breakpoint
DROP INDEX "policies_match_model_idx";--> statement-breakpoint
CREATE INDEX "policies_match_client_ip_idx" ON "policies" USING btree ("match_client_ip") WHERE "policies"."match_action" is null and "policies"."match_app" is null and "policies"."match_model" is null;--> statement-breakpoint
CREATE INDEX "policies_non_matcher_idx" ON "policies" USING btree ("kind") WHERE "policies"."kind" <> 'event_matcher';--> statement-breakpoint
CREATE INDEX "policy_bindings_unconditional_idx" ON "policy_bindings" USING btree ("target") WHERE "policy_bindings"."policy" is null or "policy_bindings"."negate";--> statement-breakpoint
CREATE INDEX "policies_match_app_idx" ON "policies" USING btree ("match_app") WHERE "policies"."match_action" is null;--> statement-breakpoint
CREATE INDEX "policies_match_model_idx" ON "policies" USING btree ("match_model") WHERE "policies"."match_action" is null and "policies"."match_app" is null;