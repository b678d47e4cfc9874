CREATE TABLE `channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`name` text NOT NULL,
	`product_id` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_state_unique` ON `channels` (`state`);--> statement-breakpoint
CREATE TABLE `customer_identities` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_identities_kind_value_uq` ON `customer_identities` (`kind`,`value`);--> statement-breakpoint
CREATE INDEX `customer_identities_customer_idx` ON `customer_identities` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_tags` (
	`customer_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`staff_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `tag_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`avatar` text,
	`gender` integer DEFAULT 0 NOT NULL,
	`province` text,
	`city` text,
	`birth_year` integer,
	`birthday` text,
	`member_level` text,
	`points` integer DEFAULT 0 NOT NULL,
	`phone` text,
	`marketing_averse` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` (`phone`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`wecom_department_id` integer
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`type` text NOT NULL,
	`touchpoint` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`title` text,
	`url` text,
	`product_id` integer,
	`duration_seconds` integer,
	`amount_cents` integer,
	`content` text,
	`staff_id` integer,
	`idempotency_key` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_idempotency_key_unique` ON `events` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `events_customer_occurred_idx` ON `events` (`customer_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_customer_type_occurred_idx` ON `events` (`customer_id`,`type`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`source` text NOT NULL,
	`source_order_id` text NOT NULL,
	`status` text NOT NULL,
	`total_cents` integer NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`paid_cents` integer NOT NULL,
	`coupon_name` text,
	`ordered_at` integer NOT NULL,
	`paid_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_source_order_uq` ON `orders` (`source`,`source_order_id`);--> statement-breakpoint
CREATE INDEX `orders_customer_ordered_idx` ON `orders` (`customer_id`,`ordered_at`);--> statement-breakpoint
CREATE TABLE `phone_reveals` (
	`id` integer PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`revealed_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `phone_reveals_customer_idx` ON `phone_reveals` (`customer_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`price_cents` integer NOT NULL,
	`image_url` text,
	`url` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`avatar` text,
	`position` text,
	`department_id` integer NOT NULL,
	`role` text DEFAULT 'staff' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_user_id_unique` ON `staff` (`user_id`);--> statement-breakpoint
CREATE INDEX `staff_department_idx` ON `staff` (`department_id`);--> statement-breakpoint
CREATE TABLE `staff_customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`remark` text,
	`description` text,
	`first_added_at` integer NOT NULL,
	`state` text,
	`add_way` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`status_changed_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_customers_staff_customer_uq` ON `staff_customers` (`staff_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `staff_customers_customer_idx` ON `staff_customers` (`customer_id`);--> statement-breakpoint
CREATE TABLE `tag_groups` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_groups_name_unique` ON `tag_groups` (`name`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY NOT NULL,
	`group_id` integer NOT NULL,
	`name` text NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`wecom_tag_id` text,
	FOREIGN KEY (`group_id`) REFERENCES `tag_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_wecom_tag_id_unique` ON `tags` (`wecom_tag_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tags_group_name_uq` ON `tags` (`group_id`,`name`);