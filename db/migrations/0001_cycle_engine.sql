ALTER TABLE "cycles" ADD COLUMN "steps" jsonb;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "voter_seat_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "target_kind" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "target_id" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "scheduled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "kind" text DEFAULT 'tasks' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "measure_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;