ALTER TABLE "notification_transports" DROP COLUMN "consecutive_failures";--> statement-breakpoint
ALTER TABLE "notification_transports" DROP COLUMN "circuit_open_until";