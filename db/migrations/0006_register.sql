ALTER TABLE "action_plans" ADD COLUMN "copied_from_id" uuid;--> statement-breakpoint
ALTER TABLE "action_plans" ADD COLUMN "retired_on" date;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "retired_on" date;--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "retired_on" date;--> statement-breakpoint
ALTER TABLE "seats" ADD COLUMN "retired_on" date;