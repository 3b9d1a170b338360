CREATE TYPE "public"."door" AS ENUM('page', 'api', 'link');--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "door" "door";