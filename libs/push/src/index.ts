/**
 * Mobile pushes. Producers (any service) call `schedulePush` after storing an agent or bot
 * message; the gateway's socket and the notification REST routes call `registerDevice` /
 * `unregisterDevice`; the console and the admin CLI call `pushCredentials`; the notification
 * service runs `startPushWorker`. See README.md.
 */
export * from './schedule-push';
export * from './devices';
export * from './send-outcome';
export * from './notification-content';
export * from './credentials/credential-errors';
export * from './credentials/fcm-credential';
export * from './credentials/apns-credential';
export * from './credentials/credential-service';
export * from './credentials/credential-cache';
export * from './transport/https-client';
export * from './fcm/fcm-access-tokens';
export * from './fcm/fcm-sender';
export * from './apns/apns-provider-tokens';
export * from './apns/apns-sender';
export * from './push-senders';
export * from './push-job';
export * from './push-worker';
export * from './micro-batch';
export * from './transport/http2-client';
