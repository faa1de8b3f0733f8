import { Type, type Static } from 'typebox';
import { Uuid } from './domain';

/** Push services a device token belongs to (`devices.platform`, `push_credentials.platform`). */
export const PUSH_PLATFORMS = ['fcm', 'apns'] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];
export const PushPlatformSchema = Type.Union([Type.Literal('fcm'), Type.Literal('apns')]);

export const APNS_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type ApnsEnvironment = (typeof APNS_ENVIRONMENTS)[number];

const Timestamp = Type.String({ format: 'date-time' });

// --- Devices (widget token): POST /v1/push/devices, POST /v1/push/devices/unregister --------------

/** FCM registration tokens are ~150–200 characters, APNs tokens 64 hex digits; neither has spaces. */
export const DeviceToken = Type.String({ minLength: 8, maxLength: 4096, pattern: '^[\\x21-\\x7e]+$' });

export const RegisterDeviceBody = Type.Object({ platform: PushPlatformSchema, token: DeviceToken }, { additionalProperties: false });
export type RegisterDeviceBody = Static<typeof RegisterDeviceBody>;

export const DeviceView = Type.Object({
  id: Uuid,
  platform: PushPlatformSchema,
  channel_id: Uuid,
  active: Type.Boolean(),
  registered_at: Timestamp,
});
export type DeviceView = Static<typeof DeviceView>;

// --- Push credentials of a mobile channel (admin console): /api/push/channels/:channelId/credentials

/**
 * FCM: the service-account JSON (HTTP v1, what sends), and/or the reference's legacy Server Key
 * and Sender ID. Google shut the legacy API down in 2024: legacy-only credentials are stored,
 * marked `deprecated`, and never used to send.
 */
export const FcmCredentialBody = Type.Object(
  {
    /** The downloaded JSON file, as an object or as its text. */
    service_account: Type.Optional(Type.Union([Type.String({ maxLength: 16384 }), Type.Record(Type.String(), Type.Unknown())])),
    server_key: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    sender_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type FcmCredentialBody = Static<typeof FcmCredentialBody>;

/** APNs token authentication (reference: Push Notifications, APNs table). */
export const ApnsCredentialBody = Type.Object(
  {
    team_id: Type.String({ minLength: 1, maxLength: 32 }),
    bundle_id: Type.String({ minLength: 1, maxLength: 255 }),
    key_id: Type.String({ minLength: 1, maxLength: 32 }),
    /** The `.p8` file's contents, PEM block included. */
    private_key: Type.String({ minLength: 1, maxLength: 8192 }),
    environment: Type.Union([Type.Literal('sandbox'), Type.Literal('production')]),
  },
  { additionalProperties: false },
);
export type ApnsCredentialBody = Static<typeof ApnsCredentialBody>;

/** What is ever shown of a saved credential: identifiers and a fingerprint, never the secret. */
export const PushCredentialView = Type.Object({
  platform: PushPlatformSchema,
  /** First 16 hex digits of the secret's SHA-256: tells two uploads apart, reveals nothing. */
  fingerprint: Type.String(),
  /** Legacy FCM server key only: kept for the record, not used to send. */
  deprecated: Type.Boolean(),
  /** FCM: project_id, client_email, sender_id; APNs: team_id, bundle_id, key_id. */
  details: Type.Record(Type.String(), Type.String()),
  environment: Type.Union([Type.Literal('sandbox'), Type.Literal('production'), Type.Null()]),
  updated_at: Timestamp,
});
export type PushCredentialView = Static<typeof PushCredentialView>;

export const PushCredentialList = Type.Object({ credentials: Type.Array(PushCredentialView) });

export const ChannelParams = Type.Object({ channelId: Uuid });
export const ChannelPlatformParams = Type.Object({ channelId: Uuid, platform: PushPlatformSchema });

// --- Dead letters (both queues): jobs BullMQ gave up on ------------------------------------------

export const DeadLetterView = Type.Object({
  job_id: Type.String(),
  name: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  failed_reason: Type.String(),
  attempts: Type.Integer({ minimum: 0 }),
  failed_at: Type.Union([Timestamp, Type.Null()]),
});
export type DeadLetterView = Static<typeof DeadLetterView>;
export const DeadLetterList = Type.Object({ dead_letters: Type.Array(DeadLetterView) });
export const JobIdParams = Type.Object({ jobId: Type.String({ minLength: 1, maxLength: 200 }) });
