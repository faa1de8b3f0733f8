-- Storing a message is the hottest write in Parley (every visitor, agent and bot message). It used
-- to be an interactive transaction of seven round trips holding a pooled connection while Node
-- worked between statements; this function does the same steps in one call (libs/db,
-- repositories/messages.ts, explains the rules). Each statement inside it still reads fresh data
-- after the row lock, as the transaction did (READ COMMITTED takes a snapshot per statement).
CREATE FUNCTION parley_append_message(
  p_org uuid,
  p_conversation uuid,
  p_sender_type "SenderType",
  p_sender_id text,
  p_content_type "ContentType",
  p_content text,
  p_rich_media jsonb,
  p_client_message_id text,
  p_require_open_session boolean,
  p_usage_metric "UsageMetric",
  p_usage_period text
) RETURNS TABLE (
  kind text,
  m_id uuid,
  m_session_id uuid,
  m_seq integer,
  m_client_message_id text,
  m_sender_type "SenderType",
  m_sender_id text,
  m_content_type "ContentType",
  m_content text,
  m_rich_media jsonb,
  m_read_by jsonb,
  m_created_at timestamptz,
  session_assignee uuid
) LANGUAGE plpgsql AS $$
DECLARE
  v_last_seq integer;
  v_session conversation_sessions%ROWTYPE;
  v_msg messages%ROWTYPE;
  v_now timestamptz := now();
BEGIN
  -- 1. The conversation row lock serializes writers of one conversation: seq has no gaps, and a
  --    retried client_message_id is seen below before a second row could be made.
  SELECT c.last_seq INTO v_last_seq
    FROM conversations c
    WHERE c.id = p_conversation AND c.organization_id = p_org
    FOR UPDATE;
  IF NOT FOUND THEN
    kind := 'not_found';
    RETURN NEXT;
    RETURN;
  END IF;

  IF p_client_message_id IS NOT NULL THEN
    SELECT * INTO v_msg FROM messages m
      WHERE m.conversation_id = p_conversation AND m.client_message_id = p_client_message_id;
    IF FOUND THEN
      kind := 'duplicate';
      SELECT s.assigned_agent_id INTO session_assignee
        FROM conversation_sessions s WHERE s.id = v_msg.session_id AND s.status = 'open';
    END IF;
  END IF;

  IF kind IS NULL THEN
    -- 2. The open session, or a new one (an end user writing after a resolve). Agents and bots
    --    never open one: their message must not bring a resolved conversation back on its own.
    SELECT * INTO v_session FROM conversation_sessions s WHERE s.open_conversation_id = p_conversation;
    IF NOT FOUND THEN
      IF p_require_open_session THEN
        kind := 'no_open_session';
        RETURN NEXT;
        RETURN;
      END IF;
      INSERT INTO conversation_sessions (id, organization_id, conversation_id, open_conversation_id, first_message_at, created_at, updated_at)
        VALUES (gen_random_uuid(), p_org, p_conversation, p_conversation, v_now, v_now, v_now)
        RETURNING * INTO v_session;
    ELSE
      UPDATE conversation_sessions
        SET updated_at = v_now, first_message_at = COALESCE(first_message_at, v_now)
        WHERE id = v_session.id;
    END IF;

    -- 3. The message, the conversation's new last_seq, and the usage meter, all in this commit.
    INSERT INTO messages (id, organization_id, conversation_id, session_id, seq, client_message_id,
                          sender_type, sender_id, content_type, content, rich_media, created_at)
      VALUES (gen_random_uuid(), p_org, p_conversation, v_session.id, v_last_seq + 1, p_client_message_id,
              p_sender_type, p_sender_id, p_content_type, p_content, p_rich_media, v_now)
      RETURNING * INTO v_msg;
    UPDATE conversations SET last_seq = v_last_seq + 1, last_message_at = v_now, updated_at = v_now
      WHERE id = p_conversation;
    IF p_usage_metric IS NOT NULL THEN
      INSERT INTO usage_counters (id, organization_id, period, metric, count, updated_at)
        VALUES (gen_random_uuid(), p_org, p_usage_period, p_usage_metric, 1, v_now)
        ON CONFLICT (organization_id, period, metric)
        DO UPDATE SET count = usage_counters.count + 1, updated_at = v_now;
    END IF;
    kind := 'created';
    session_assignee := v_session.assigned_agent_id;
  END IF;

  m_id := v_msg.id;
  m_session_id := v_msg.session_id;
  m_seq := v_msg.seq;
  m_client_message_id := v_msg.client_message_id;
  m_sender_type := v_msg.sender_type;
  m_sender_id := v_msg.sender_id;
  m_content_type := v_msg.content_type;
  m_content := v_msg.content;
  m_rich_media := v_msg.rich_media;
  m_read_by := v_msg.read_by;
  m_created_at := v_msg.created_at;
  RETURN NEXT;
END;
$$;
