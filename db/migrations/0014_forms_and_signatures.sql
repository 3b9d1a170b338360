CREATE TYPE "public"."form_state" AS ENUM('draft', 'awaiting_signature', 'signed', 'submitted', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."signature_outcome" AS ENUM('signed', 'refused');--> statement-breakpoint
ALTER TYPE "public"."participation" ADD VALUE 'programme';--> statement-breakpoint
CREATE TABLE "decision_effects" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"effect" jsonb NOT NULL,
	"applied_at" timestamp with time zone,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "form_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"path" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"seat_id" uuid,
	"holder_id" uuid,
	"door" "door" DEFAULT 'page' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "form_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" text NOT NULL,
	"step_key" text NOT NULL,
	"seat_id" uuid NOT NULL,
	"organisation_id" uuid,
	"task_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"state" "form_state" DEFAULT 'draft' NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prefilled_from_id" uuid,
	"content_sha256" text,
	"reopened_by_decision_id" uuid,
	"saved_by_holder_id" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_by_holder_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_amounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"amount_sek" integer NOT NULL,
	"example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid,
	"task_id" uuid,
	"seat_id" uuid NOT NULL,
	"holder_id" uuid,
	"outcome" "signature_outcome" NOT NULL,
	"reason" text,
	"content_sha256" text NOT NULL,
	"door" "door" DEFAULT 'link' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP TABLE "form_submissions" CASCADE;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "example" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "example" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "form_changes" ADD CONSTRAINT "form_changes_form_id_form_instances_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."form_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_changes" ADD CONSTRAINT "form_changes_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_changes" ADD CONSTRAINT "form_changes_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_reopened_by_decision_id_decisions_id_fk" FOREIGN KEY ("reopened_by_decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_saved_by_holder_id_holders_id_fk" FOREIGN KEY ("saved_by_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_instances" ADD CONSTRAINT "form_instances_submitted_by_holder_id_holders_id_fk" FOREIGN KEY ("submitted_by_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_amounts" ADD CONSTRAINT "funding_amounts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_form_id_form_instances_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."form_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_changes_form_idx" ON "form_changes" USING btree ("form_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "form_instances_version_uq" ON "form_instances" USING btree ("cycle_id","step_key","seat_id","version");--> statement-breakpoint
CREATE INDEX "form_instances_task_idx" ON "form_instances" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_amounts_uq" ON "funding_amounts" USING btree ("programme","organisation_id","year");--> statement-breakpoint
CREATE INDEX "signatures_form_idx" ON "signatures" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "signatures_task_idx" ON "signatures" USING btree ("task_id");--> statement-breakpoint
DROP TYPE "public"."form_submission_status";