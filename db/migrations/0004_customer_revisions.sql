CREATE TABLE `customer_revisions` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	`messages_in` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_identities_resolve_idx` ON `customer_identities` (`kind`,`value`,`customer_id`);