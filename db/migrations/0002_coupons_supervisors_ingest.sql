CREATE TABLE `chat_sends` (
	`id` integer PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` integer,
	`payload` text NOT NULL,
	`sent_at` integer NOT NULL,
	`idempotency_key` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_sends_idempotency_key_unique` ON `chat_sends` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `chat_sends_customer_sent_idx` ON `chat_sends` (`customer_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `chat_sends_staff_sent_idx` ON `chat_sends` (`staff_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `coupon_templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`value_kind` text NOT NULL,
	`amount_off_cents` integer,
	`percent_off` integer,
	`gift_name` text,
	`threshold_cents` integer DEFAULT 0 NOT NULL,
	`scope_kind` text DEFAULT 'all' NOT NULL,
	`scope_value` text,
	`purpose` text DEFAULT 'marketing' NOT NULL,
	`valid_days` integer NOT NULL,
	`available_from` integer,
	`available_until` integer,
	`audience` text DEFAULT '{}' NOT NULL,
	`stock_total` integer,
	`budget_cents` integer,
	`issued_count` integer DEFAULT 0 NOT NULL,
	`spent_cents` integer DEFAULT 0 NOT NULL,
	`claim_url` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_templates_code_unique` ON `coupon_templates` (`code`);--> statement-breakpoint
CREATE TABLE `customer_coupons` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`code` text NOT NULL,
	`status` text NOT NULL,
	`issued_at` integer NOT NULL,
	`claimed_at` integer,
	`used_at` integer,
	`expires_at` integer NOT NULL,
	`order_id` integer,
	`send_id` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_coupons_code_unique` ON `customer_coupons` (`code`);--> statement-breakpoint
CREATE INDEX `customer_coupons_customer_status_idx` ON `customer_coupons` (`customer_id`,`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `customer_coupons_template_idx` ON `customer_coupons` (`template_id`);--> statement-breakpoint
CREATE TABLE `customer_merges` (
	`id` integer PRIMARY KEY NOT NULL,
	`survivor_id` integer NOT NULL,
	`merged_id` integer NOT NULL,
	`merged_name` text NOT NULL,
	`rule` text NOT NULL,
	`detail` text NOT NULL,
	`merged_at` integer NOT NULL,
	FOREIGN KEY (`survivor_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_merges_survivor_idx` ON `customer_merges` (`survivor_id`);--> statement-breakpoint
CREATE TABLE `department_leaders` (
	`department_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	PRIMARY KEY(`department_id`, `staff_id`),
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `department_leaders_staff_idx` ON `department_leaders` (`staff_id`);--> statement-breakpoint
CREATE TABLE `nudges` (
	`id` integer PRIMARY KEY NOT NULL,
	`from_staff_id` integer NOT NULL,
	`to_staff_id` integer NOT NULL,
	`day` text NOT NULL,
	`overdue_count` integer NOT NULL,
	`message` text NOT NULL,
	`channel` text NOT NULL,
	`wecom_msg_id` text,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`from_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nudges_to_day_idx` ON `nudges` (`to_staff_id`,`day`);--> statement-breakpoint
CREATE TABLE `wecom_callbacks` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_key` text NOT NULL,
	`event` text NOT NULL,
	`change_type` text,
	`xml` text NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`processed_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wecom_callbacks_event_key_unique` ON `wecom_callbacks` (`event_key`);--> statement-breakpoint
CREATE INDEX `wecom_callbacks_status_idx` ON `wecom_callbacks` (`status`,`received_at`);--> statement-breakpoint
ALTER TABLE `orders` ADD `coupon_code` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `brand` text;--> statement-breakpoint
ALTER TABLE `products` ADD `cycle_days` integer;--> statement-breakpoint
CREATE INDEX `events_staff_type_occurred_idx` ON `events` (`staff_id`,`type`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `tasks_staff_due_idx` ON `tasks` (`staff_id`,`due_at`);