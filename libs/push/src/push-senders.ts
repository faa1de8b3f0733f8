import { ApnsProviderTokens } from './apns/apns-provider-tokens';
import { ApnsSender, type ApnsEndpoints } from './apns/apns-sender';
import { FcmAccessTokens } from './fcm/fcm-access-tokens';
import { FcmSender } from './fcm/fcm-sender';
import { HttpClient } from './transport/https-client';
import { Http2Client } from './transport/http2-client';

/** FCM_BASE_URL, FCM_TOKEN_URL, APNS_*_HOST, APNS_PORT, PUSH_REQUEST_TIMEOUT_MS. */
export interface PushEndpoints {
  fcmBaseUrl: string;
  fcmTokenUrl: string;
  apns: ApnsEndpoints;
  timeoutMs: number;
  /** Extra CA certificates (PEM) to trust, e.g. an egress proxy's; production uses the system's. */
  ca?: string | string[];
  /** Token caches read this clock; tests move it to check the refresh schedule. */
  clock?: () => number;
}

export const DEFAULT_PUSH_ENDPOINTS: PushEndpoints = {
  fcmBaseUrl: 'https://fcm.googleapis.com',
  fcmTokenUrl: 'https://oauth2.googleapis.com/token',
  apns: { productionHost: 'api.push.apple.com', sandboxHost: 'api.sandbox.push.apple.com', port: 443 },
  timeoutMs: 10_000,
};

export interface PushSenders {
  fcm: FcmSender;
  apns: ApnsSender;
  /** Closes pooled sockets and HTTP/2 sessions; call after the worker stopped. */
  close(): void;
}

/** One set per process: pooled connections and token caches are shared by every job. */
export function createPushSenders(endpoints: PushEndpoints): PushSenders {
  const tls = { timeoutMs: endpoints.timeoutMs, ...(endpoints.ca ? { ca: endpoints.ca } : {}) };
  // The OAuth token endpoint is called once an hour: HTTP/1.1 is plenty. Sends go over HTTP/2.
  const http = new HttpClient(tls);
  const fcmStreams = new Http2Client(tls);
  const fcm = new FcmSender(fcmStreams, endpoints.fcmBaseUrl, new FcmAccessTokens(http, endpoints.fcmTokenUrl, endpoints.clock));
  const apns = new ApnsSender(
    { endpoints: endpoints.apns, timeoutMs: endpoints.timeoutMs, ...(endpoints.ca ? { ca: endpoints.ca } : {}) },
    new ApnsProviderTokens(endpoints.clock),
  );
  return {
    fcm,
    apns,
    close() {
      apns.close();
      fcmStreams.close();
      http.close();
    },
  };
}
