-- Keeps customer_revisions true, whichever process or code path writes: every change to what the
-- sidebar's first screen shows about a customer (tasks included), and an identifier leaving a
-- customer (deleted, or moved to another in a merge), moves that customer's revision. Messages
-- from the customer move only their count, which the first screen reads next to the revision.
CREATE TRIGGER `customers_revision_insert` AFTER INSERT ON customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_revision_update` AFTER UPDATE ON customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_revision_delete` AFTER DELETE ON customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `staff_customers_revision_insert` AFTER INSERT ON staff_customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `staff_customers_revision_update` AFTER UPDATE ON staff_customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `staff_customers_revision_delete` AFTER DELETE ON staff_customers
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_tags_revision_insert` AFTER INSERT ON customer_tags
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_tags_revision_update` AFTER UPDATE ON customer_tags
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_tags_revision_delete` AFTER DELETE ON customer_tags
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_revision_insert` AFTER INSERT ON orders
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_revision_update` AFTER UPDATE OF customer_id, status, paid_cents, ordered_at ON orders
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_revision_delete` AFTER DELETE ON orders
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_stages_revision_insert` AFTER INSERT ON customer_stages
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_stages_revision_update` AFTER UPDATE ON customer_stages WHEN OLD.customer_id IS NOT NEW.customer_id OR OLD.stage_key IS NOT NEW.stage_key OR OLD.reason IS NOT NEW.reason OR OLD.matched IS NOT NEW.matched OR OLD.entered_at IS NOT NEW.entered_at
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_stages_revision_delete` AFTER DELETE ON customer_stages
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_revision_update` AFTER UPDATE OF name, group_id, source ON tags
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT customer_id, 1 FROM customer_tags WHERE tag_id = NEW.id ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_groups_revision_update` AFTER UPDATE OF name, sort_order ON tag_groups
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT ct.customer_id, 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.group_id = NEW.id ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `staff_revision_update` AFTER UPDATE OF user_id, name ON staff
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT customer_id, 1 FROM staff_customers WHERE staff_id = NEW.id ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `channels_revision_insert` AFTER INSERT ON channels
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT customer_id, 1 FROM staff_customers WHERE state = NEW.state ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `channels_revision_update` AFTER UPDATE ON channels
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT customer_id, 1 FROM staff_customers WHERE state IN (OLD.state, NEW.state) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `channels_revision_delete` AFTER DELETE ON channels
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) SELECT customer_id, 1 FROM staff_customers WHERE state = OLD.state ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tasks_revision_insert` AFTER INSERT ON tasks
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tasks_revision_update` AFTER UPDATE ON tasks
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `tasks_revision_delete` AFTER DELETE ON tasks
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_identities_revision_update` AFTER UPDATE ON customer_identities
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_identities_revision_delete` AFTER DELETE ON customer_identities
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
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
-- Messages a database already holds.
INSERT INTO customer_revisions (customer_id, revision, messages_in)
  SELECT customer_id, 0, count(*) FROM events WHERE type = 'message_in' GROUP BY customer_id
  ON CONFLICT (customer_id) DO UPDATE SET messages_in = excluded.messages_in;
