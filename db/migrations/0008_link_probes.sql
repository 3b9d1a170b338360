CREATE TABLE "link_probes" (
	"day" date NOT NULL,
	"address" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "link_probes_day_address_pk" PRIMARY KEY("day","address")
);
