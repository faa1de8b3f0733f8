import { Type, type Static } from 'typebox';
import { ContentType, ConversationSummary, SenderType, Uuid } from './domain';
import { Role } from './auth';
import { SessionView } from './inbox';
import { LeadView } from './widget';

/**
 * What the inbox single-page app reads beyond the reference's agent API (`/api/inbox/...`, any
 * agent's session) and the console's activity charts (`/api/console/activity`, admins). The
 * reference shapes stay as they are; these add what a list or a side panel needs in one request.
 */

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

// --- /api/inbox/conversations ---------------------------------------------------------------------

/** Longest preview text sent with a list item: enough for one line, never a whole message. */
export const PREVIEW_CHARS = 200;
/** Unread counts stop here: the list shows "99+" beyond. */
export const MAX_UNREAD_COUNT = 99;

export const LastMessagePreview = Type.Object({
  sender_type: SenderType,
  content_type: ContentType,
  /** The first PREVIEW_CHARS characters. */
  content: Type.String(),
  created_at: Timestamp,
});
export type LastMessagePreview = Static<typeof LastMessagePreview>;

/** A list item of the inbox: the reference's summary, the newest message and the unread count. */
export const InboxConversation = Type.Object({
  ...ConversationSummary.properties,
  last_message: Type.Union([LastMessagePreview, Type.Null()]),
  /** End-user messages of the open session that no agent has read yet (0 without an open session), at most MAX_UNREAD_COUNT. */
  unread_count: Type.Integer({ minimum: 0 }),
});
export type InboxConversation = Static<typeof InboxConversation>;
export const InboxConversationList = Type.Object({
  conversations: Type.Array(InboxConversation),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type InboxConversationList = Static<typeof InboxConversationList>;

// --- /api/inbox/conversations/:id/details -------------------------------------------------------

export const ConversationDetails = Type.Object({
  conversation_id: Uuid,
  end_user: Type.Object({
    id: Uuid,
    external_id: Type.String(),
    display_name: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    /** Vouched for by the integrator's identity assertion. */
    verified: Type.Boolean(),
    /** A socket of this end user is connected right now. */
    online: Type.Boolean(),
    created_at: Timestamp,
    last_seen_at: NullableTimestamp,
  }),
  bot: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  channel: Type.Object({ id: Uuid, type: Type.String(), name: Type.String() }),
  /** The open session, or null when the conversation is resolved. */
  session: Type.Union([SessionView, Type.Null()]),
  /** Earlier sessions, newest first (at most 5). */
  previous_sessions: Type.Array(SessionView),
  session_count: Type.Integer({ minimum: 0 }),
  /** Leads this end user left (newest first, at most 5). */
  leads: Type.Array(LeadView),
});
export type ConversationDetails = Static<typeof ConversationDetails>;

// --- /api/inbox/team ----------------------------------------------------------------------------

/** Colleagues as every agent may see them: names for "assigned to", and who is online. */
export const TeamDirectory = Type.Object({
  members: Type.Array(Type.Object({ id: Uuid, display_name: Type.String(), role: Role, online: Type.Boolean() })),
});
export type TeamDirectory = Static<typeof TeamDirectory>;

// --- /api/console/activity ----------------------------------------------------------------------

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });
export const ActivityQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
export type ActivityQuery = Static<typeof ActivityQuery>;

export const ActivityDay = Type.Object({
  day: Type.String(),
  messages: Type.Object({ end_user: Type.Integer(), agent: Type.Integer(), bot: Type.Integer() }),
  /** Sessions whose first end-user message fell on this day. */
  conversations_opened: Type.Integer(),
  conversations_resolved: Type.Integer(),
  /** Of the sessions opened this day, those a human agent answered, and the median and 90th percentile wait in seconds. */
  first_responses: Type.Integer(),
  median_first_response_s: Type.Union([Type.Number(), Type.Null()]),
  p90_first_response_s: Type.Union([Type.Number(), Type.Null()]),
});
export type ActivityDay = Static<typeof ActivityDay>;
export const ActivityResponse = Type.Object({ from: Type.String(), to: Type.String(), days: Type.Array(ActivityDay) });
export type ActivityResponse = Static<typeof ActivityResponse>;
