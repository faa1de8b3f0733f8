import { Type, type Static } from 'typebox';
import { CHANNEL_TYPES, Uuid } from './domain';
import { Role } from './auth';
import { LeadView } from './widget';

/**
 * The console APIs (`/api/console/...`, admin session + CSRF): what the inbox console uses to
 * set up channels and the team, and to read leads, usage and telemetry. Bots: console-bots.ts.
 */

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Cursor = Type.String({ minLength: 1, maxLength: 200 });

// --- Channels ------------------------------------------------------------------------------------

export const ChannelTypeSchema = Type.Enum(CHANNEL_TYPES);
export const CreateChannelBody = Type.Object(
  { bot_id: Uuid, type: ChannelTypeSchema, name: Type.Optional(Name), push_preview_enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CreateChannelBody = Static<typeof CreateChannelBody>;
export const UpdateChannelBody = Type.Object(
  { name: Type.Optional(Name), push_preview_enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChannelBody = Static<typeof UpdateChannelBody>;
export const ChannelListQuery = Type.Object({ bot_id: Type.Optional(Uuid), type: Type.Optional(ChannelTypeSchema) }, { additionalProperties: false });
export type ChannelListQuery = Static<typeof ChannelListQuery>;

/** A mobile channel's push credential as listings show it: its kind and fingerprint, no secret. */
export const PushCredentialSummary = Type.Object({
  platform: Type.Enum(['fcm', 'apns'] as const),
  fingerprint: Type.String(),
  apns_environment: Type.Union([Type.Enum(['sandbox', 'production'] as const), Type.Null()]),
  deprecated: Type.Boolean(),
  updated_at: Timestamp,
});
export const ChannelView = Type.Object({
  id: Uuid,
  bot_id: Uuid,
  type: ChannelTypeSchema,
  name: Type.String(),
  push_preview_enabled: Type.Boolean(),
  push_credentials: Type.Array(PushCredentialSummary),
  created_at: Timestamp,
});
export type ChannelView = Static<typeof ChannelView>;
export const ChannelList = Type.Object({ channels: Type.Array(ChannelView) });

// --- Team members --------------------------------------------------------------------------------

export const MemberView = Type.Object({
  id: Uuid,
  email: Type.String(),
  display_name: Type.String(),
  role: Role,
  active: Type.Boolean(),
  deactivated_at: NullableTimestamp,
  last_login_at: NullableTimestamp,
  created_at: Timestamp,
});
export type MemberView = Static<typeof MemberView>;
export const MemberList = Type.Object({ members: Type.Array(MemberView) });
export const CreateMemberBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    display_name: Type.Optional(Name),
    role: Role,
    /** The first password; checked against the password policy. */
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type CreateMemberBody = Static<typeof CreateMemberBody>;
export const UpdateMemberBody = Type.Object(
  { display_name: Type.Optional(Name), role: Type.Optional(Role), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

// --- Leads ---------------------------------------------------------------------------------------

export const LeadListQuery = Type.Object(
  {
    bot_id: Type.Optional(Uuid),
    /** Part of the e-mail or name, case-insensitive. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Created at or after. */
    from: Type.Optional(Timestamp),
    /** Created before. */
    to: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;
export const LeadExportQuery = Type.Omit(LeadListQuery, ['limit', 'cursor'], { additionalProperties: false });
export type LeadExportQuery = Static<typeof LeadExportQuery>;
export const ConsoleLeadView = Type.Object({ ...LeadView.properties, bot_id: Uuid });
export type ConsoleLeadView = Static<typeof ConsoleLeadView>;
export const LeadList = Type.Object({ leads: Type.Array(ConsoleLeadView), next_cursor: Type.Union([Type.String(), Type.Null()]) });
/** `GET /api/console/leads/export.csv`: RFC 4180, UTF-8, a header row, newest first. */
export const LeadCsv = Type.String({ description: 'CSV: id,bot_id,email,name,phone,conversation_id,custom_fields (JSON),created_at,updated_at' });

// --- Usage and telemetry -------------------------------------------------------------------------

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (UTC)' });
export const UsageQuery = Type.Object({ from: Type.Optional(Month), to: Type.Optional(Month) }, { additionalProperties: false });
export type UsageQuery = Static<typeof UsageQuery>;
export const UsageMonth = Type.Object({
  period: Type.String(),
  text_message: Type.Integer(),
  preview_text_message: Type.Integer(),
  voice_minute: Type.Integer(),
  preview_voice_minute: Type.Integer(),
});
export type UsageMonth = Static<typeof UsageMonth>;
export const UsageResponse = Type.Object({ from: Type.String(), to: Type.String(), months: Type.Array(UsageMonth) });

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });
export const TelemetryQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    bot_id: Type.Optional(Uuid),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 71 })),
  },
  { additionalProperties: false },
);
export type TelemetryQuery = Static<typeof TelemetryQuery>;
export const TelemetryResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  counts: Type.Array(Type.Object({ day: Type.String(), name: Type.String(), count: Type.Integer({ minimum: 0 }) })),
});
