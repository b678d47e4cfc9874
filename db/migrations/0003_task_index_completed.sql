DROP INDEX `tasks_staff_status_due_idx`;--> statement-breakpoint
CREATE INDEX `tasks_staff_status_due_idx` ON `tasks` (`staff_id`,`status`,`due_at`,`completed_at`);