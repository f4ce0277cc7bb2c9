ALTER TABLE "deliveries" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "claimed_job" uuid;