CREATE TYPE "public"."problem_kind" AS ENUM('workflow_task', 'activity');--> statement-breakpoint
CREATE TABLE "workflow_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_type" text NOT NULL,
	"cycle_id" text,
	"kind" "problem_kind" NOT NULL,
	"activity" text DEFAULT '' NOT NULL,
	"reason" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_problems_uq" ON "workflow_problems" USING btree ("workflow_id","kind","activity");--> statement-breakpoint
CREATE INDEX "workflow_problems_cycle_idx" ON "workflow_problems" USING btree ("cycle_id","resolved_at");