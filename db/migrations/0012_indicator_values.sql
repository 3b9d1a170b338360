CREATE TYPE "public"."indicator_direction" AS ENUM('higher', 'lower');--> statement-breakpoint
CREATE TYPE "public"."indicator_gender" AS ENUM('T', 'K', 'M');--> statement-breakpoint
CREATE TABLE "indicator_value_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"indicator_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"area" text NOT NULL,
	"gender" "indicator_gender" NOT NULL,
	"value" double precision NOT NULL,
	"count" double precision,
	"status" text,
	"source" text NOT NULL,
	"retrieved_at" timestamp with time zone NOT NULL,
	"retrieved_by" uuid,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicator_values" DROP CONSTRAINT "indicator_values_indicator_id_year_area_pk";--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "gender" "indicator_gender" DEFAULT 'T' NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_year_area_gender_pk" PRIMARY KEY("indicator_id","year","area","gender");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "count" double precision;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "source" text DEFAULT 'manuell' NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "retrieved_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "retrieved_by" uuid;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "direction" "indicator_direction" DEFAULT 'higher' NOT NULL;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "kolada_kpi" text;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "baseline_year" integer;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "baseline_value" double precision;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "target_year" integer;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "target_value" double precision;--> statement-breakpoint
ALTER TABLE "indicator_value_history" ADD CONSTRAINT "indicator_value_history_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value_history" ADD CONSTRAINT "indicator_value_history_retrieved_by_holders_id_fk" FOREIGN KEY ("retrieved_by") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_value_history_key_idx" ON "indicator_value_history" USING btree ("indicator_id","year","area","gender");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_retrieved_by_holders_id_fk" FOREIGN KEY ("retrieved_by") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;