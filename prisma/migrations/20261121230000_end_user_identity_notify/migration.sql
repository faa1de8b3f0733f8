-- Gateways keep a returning visitor's /init answer per node (apps/widget-gateway, visit-cache.ts),
-- keyed by the end user's external id. When that id or the verified flag changes (an identity
-- assertion sets an anonymous visitor aside, an admin edits a user), every node must forget the
-- old answer at once: an anonymous request must never resume a verified user's conversation.
-- The payload is "<organization id>:<external id before the change>".
CREATE FUNCTION parley_notify_end_user_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('parley_end_user_identity', OLD.organization_id::text || ':' || OLD.external_id);
  ELSIF NEW.external_id IS DISTINCT FROM OLD.external_id OR NEW.verified IS DISTINCT FROM OLD.verified THEN
    PERFORM pg_notify('parley_end_user_identity', OLD.organization_id::text || ':' || OLD.external_id);
  END IF;
  RETURN NULL;
END;
$$;

-- Not on last_seen_at or display_name: those are written all the time and change no cached answer.
CREATE TRIGGER end_users_notify_identity
  AFTER UPDATE OF external_id, verified OR DELETE ON end_users
  FOR EACH ROW EXECUTE FUNCTION parley_notify_end_user_identity();
