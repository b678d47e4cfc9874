CREATE TABLE `oauth_states_used` (
	`state` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_states_used_expires_idx` ON `oauth_states_used` (`expires_at`);