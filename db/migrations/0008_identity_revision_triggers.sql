-- An identifier that leaves a customer (deleted, or moved to another in a merge) moves the revision
-- of both: a process may then remember which customer an external contact is, and trust it while
-- that customer's revision stands.
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

