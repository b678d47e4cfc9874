CREATE TABLE `customer_stages` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`stage_key` text NOT NULL,
	`reason` text NOT NULL,
	`matched` text NOT NULL,
	`entered_at` integer NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_stages_stage_idx` ON `customer_stages` (`stage_key`);--> statement-breakpoint
CREATE TABLE `stage_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`stage_key` text NOT NULL,
	`reason` text NOT NULL,
	`entered_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stage_history_customer_entered_idx` ON `stage_history` (`customer_id`,`entered_at`);--> statement-breakpoint
CREATE TABLE `task_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` integer NOT NULL,
	`staff_id` integer,
	`action` text NOT NULL,
	`at` integer NOT NULL,
	`detail` text,
	`idempotency_key` text,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_events_idempotency_key_unique` ON `task_events` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `task_events_task_at_idx` ON `task_events` (`task_id`,`at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`sop_key` text NOT NULL,
	`sop_name` text NOT NULL,
	`step_key` text NOT NULL,
	`step_name` text NOT NULL,
	`goal` text NOT NULL,
	`kind` text NOT NULL,
	`touchpoint` text NOT NULL,
	`marketing` integer NOT NULL,
	`content` text NOT NULL,
	`reason` text NOT NULL,
	`due_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`snoozed_until` integer,
	`completed_at` integer,
	`completion_method` text,
	`sent_text` text,
	`skip_reason` text,
	`skip_note` text,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_key_unique` ON `tasks` (`key`);--> statement-breakpoint
CREATE INDEX `tasks_staff_status_due_idx` ON `tasks` (`staff_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_customer_staff_status_idx` ON `tasks` (`customer_id`,`staff_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_staff_completed_idx` ON `tasks` (`staff_id`,`completed_at`);