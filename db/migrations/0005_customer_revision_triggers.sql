-- Keeps customer_revisions true: every change to what the sidebar's first screen shows about a
-- customer (tasks included) moves that customer's counter, whichever process or code path writes it.
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
CREATE TRIGGER `events_revision_insert` AFTER INSERT ON events WHEN NEW.type = 'message_in'
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_revision_update` AFTER UPDATE OF customer_id, type ON events WHEN OLD.type = 'message_in' OR NEW.type = 'message_in'
BEGIN
  INSERT INTO customer_revisions (customer_id, revision) VALUES (OLD.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
  INSERT INTO customer_revisions (customer_id, revision) VALUES (NEW.customer_id, 1) ON CONFLICT (customer_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_revision_delete` AFTER DELETE ON events WHEN OLD.type = 'message_in'
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
