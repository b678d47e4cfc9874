ALTER TABLE `customer_revisions` ADD `messages_in` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Messages no longer move the revision: the count lives next to it and the card leaves it out.
DROP TRIGGER `events_revision_insert`;
--> statement-breakpoint
DROP TRIGGER `events_revision_update`;
--> statement-breakpoint
DROP TRIGGER `events_revision_delete`;
--> statement-breakpoint
CREATE TRIGGER `events_messages_insert` AFTER INSERT ON events WHEN NEW.type = 'message_in'
BEGIN
  INSERT INTO customer_revisions (customer_id, revision, messages_in) VALUES (NEW.customer_id, 0, 1) ON CONFLICT (customer_id) DO UPDATE SET messages_in = messages_in + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_messages_update` AFTER UPDATE OF customer_id, type ON events WHEN OLD.type = 'message_in' OR NEW.type = 'message_in'
BEGIN
  UPDATE customer_revisions SET messages_in = messages_in - 1 WHERE customer_id = OLD.customer_id AND OLD.type = 'message_in';
  INSERT INTO customer_revisions (customer_id, revision, messages_in) SELECT NEW.customer_id, 0, 1 WHERE NEW.type = 'message_in' ON CONFLICT (customer_id) DO UPDATE SET messages_in = messages_in + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_messages_delete` AFTER DELETE ON events WHEN OLD.type = 'message_in'
BEGIN
  UPDATE customer_revisions SET messages_in = messages_in - 1 WHERE customer_id = OLD.customer_id;
END;
--> statement-breakpoint
INSERT INTO customer_revisions (customer_id, revision, messages_in)
  SELECT customer_id, 0, count(*) FROM events WHERE type = 'message_in' GROUP BY customer_id
  ON CONFLICT (customer_id) DO UPDATE SET messages_in = excluded.messages_in;
