ALTER TABLE `nudges` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `nudges_idempotency_key_unique` ON `nudges` (`idempotency_key`);