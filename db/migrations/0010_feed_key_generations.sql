ALTER TABLE "bodies" ADD COLUMN "feed_key_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "feed_key_generation" integer DEFAULT 0 NOT NULL;