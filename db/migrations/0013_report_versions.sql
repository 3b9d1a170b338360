CREATE TYPE "public"."follow_up_status" AS ENUM('not_started', 'ongoing', 'done', 'changed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."report_version_status" AS ENUM('compiling', 'compiled', 'failed', 'approved', 'frozen');--> statement-breakpoint
CREATE TABLE "measure_follow_ups" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"status" "follow_up_status" NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holder_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"section" text NOT NULL,
	"seat_id" uuid,
	"holder_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" "report_version_status" DEFAULT 'compiling' NOT NULL,
	"analysis" jsonb NOT NULL,
	"document" jsonb,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 3 NOT NULL,
	"failure" text,
	"pdf" "bytea",
	"docx" "bytea",
	"pdf_sha256" text,
	"docx_sha256" text,
	"compiled_by_holder_id" uuid,
	"compiled_at" timestamp with time zone,
	"submitted_task_id" uuid,
	"approved_by_decision_id" uuid,
	"approved_at" timestamp with time zone,
	"frozen_at" timestamp with time zone,
	"handed_off_to_seat_id" uuid,
	"handed_off_at" timestamp with time zone,
	"receipt_at" timestamp with time zone,
	"receipt_by_holder_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "cycle_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attach_report_version_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "analysis" jsonb DEFAULT '{"summary":"","overall":"","goals":{}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "saved_by_holder_id" uuid;--> statement-breakpoint
ALTER TABLE "measure_follow_ups" ADD CONSTRAINT "measure_follow_ups_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_follow_ups" ADD CONSTRAINT "measure_follow_ups_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_follow_ups" ADD CONSTRAINT "measure_follow_ups_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_comments" ADD CONSTRAINT "report_comments_version_id_report_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."report_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_comments" ADD CONSTRAINT "report_comments_seat_id_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_comments" ADD CONSTRAINT "report_comments_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_compiled_by_holder_id_holders_id_fk" FOREIGN KEY ("compiled_by_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_submitted_task_id_tasks_id_fk" FOREIGN KEY ("submitted_task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_approved_by_decision_id_decisions_id_fk" FOREIGN KEY ("approved_by_decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_handed_off_to_seat_id_seats_id_fk" FOREIGN KEY ("handed_off_to_seat_id") REFERENCES "public"."seats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_receipt_by_holder_id_holders_id_fk" FOREIGN KEY ("receipt_by_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_comments_version_idx" ON "report_comments" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_versions_number_uq" ON "report_versions" USING btree ("report_id","number");--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_attach_report_version_id_report_versions_id_fk" FOREIGN KEY ("attach_report_version_id") REFERENCES "public"."report_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_saved_by_holder_id_holders_id_fk" FOREIGN KEY ("saved_by_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" DROP COLUMN "content";--> statement-breakpoint
ALTER TABLE "reports" DROP COLUMN "status";--> statement-breakpoint
DROP TYPE "public"."report_status";--> statement-breakpoint
-- A frozen version is what Länsstyrelsen received: nothing of it changes and it is not removed.
-- Only its receipt is written later, once.
CREATE FUNCTION report_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'frozen' THEN
    IF TG_OP = 'DELETE'
      OR OLD.receipt_at IS NOT NULL
      OR (to_jsonb(NEW) - 'receipt_at' - 'receipt_by_holder_id') IS DISTINCT FROM (to_jsonb(OLD) - 'receipt_at' - 'receipt_by_holder_id') THEN
      RAISE EXCEPTION 'report version % is frozen: % is refused', OLD.number, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_versions_frozen BEFORE UPDATE OR DELETE ON report_versions
  FOR EACH ROW EXECUTE FUNCTION report_versions_frozen();
