-- Gateways cache embed tokens and bots per node (see apps/widget-gateway, widget-source.ts).
-- Whoever changes one (the auth-token API, the console, the admin CLI, a hand-written UPDATE),
-- Postgres tells every listening node at commit, so a revoked token stops starting widgets at once.
CREATE FUNCTION parley_notify_widget_source() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN org := OLD.organization_id; ELSE org := NEW.organization_id; END IF;
  PERFORM pg_notify('parley_widget_sources', org::text);
  RETURN NULL;
END;
$$;

-- Not on last_used_at: that one is written while widgets start and changes nothing they see.
CREATE TRIGGER embed_tokens_notify_widget_source
  AFTER UPDATE OF revoked_at, allowed_origins, bot_id, channel_id OR DELETE ON embed_tokens
  FOR EACH ROW EXECUTE FUNCTION parley_notify_widget_source();

CREATE TRIGGER bots_notify_widget_source
  AFTER UPDATE OR DELETE ON bots
  FOR EACH ROW EXECUTE FUNCTION parley_notify_widget_source();
