ALTER TYPE "public"."mail_status" ADD VALUE 'held';--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "show_tally" boolean DEFAULT true NOT NULL;