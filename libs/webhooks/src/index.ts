/**
 * Signed webhooks: endpoint management (`webhookEndpoints`), the delivery log and redelivery
 * (`webhookDeliveries`), the fan-out from pub/sub topics (`startWebhookFanOut`), the
 * `deliver-webhook` worker (`startWebhookWorker`) and the receiver-side check
 * (`verifyWebhookSignature`). See README.md.
 */
export * from './signing';
export * from './webhook-events';
export * from './retry-schedule';
export * from './network-guard';
export * from './webhook-http';
export * from './fan-out';
export * from './delivery-worker';
export * from './endpoint-service';
export * from './delivery-service';
