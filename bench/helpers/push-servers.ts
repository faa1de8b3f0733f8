// The local FCM and APNs of the push benchmark, in a process of their own so their CPU does not
// count against the worker's. Receives the public keys over IPC, answers with the endpoints, and
// reports how many requests each served when asked. Also serves the floor: an HTTP/2 server that
// checks nothing and answers 200, so the bench can time a no-op job plus one bare request.
import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate, startApnsServer, startFcmServer } from '@parley/testing';

export interface PushServersRequest {
  fcm: { clientEmail: string; projectId: string; privateKeyId: string; publicKeyPem: string };
  apns: { teamId: string; keyId: string; publicKeyPem: string };
}

export interface PushServersReady {
  fcmBaseUrl: string;
  fcmTokenUrl: string;
  apnsPort: number;
  /** The do-nothing HTTP/2 server: any POST there is read and answered 200. */
  floorUrl: string;
  ca: string[];
}

export interface PushServersCounts {
  fcmSends: number;
  apnsPushes: number;
  floorRequests: number;
  refusals: string[];
}

/** The least an HTTP/2 endpoint can do: read the request, answer 200 (core stream API, no checks). */
async function startFloorServer(): Promise<{ url: string; ca: string; count: () => number; close: () => void }> {
  const tls = createSelfSignedCertificate('parley-bench-floor');
  const server = http2.createSecureServer({ cert: tls.cert, key: tls.key, settings: { maxConcurrentStreams: 1000 } });
  let requests = 0;
  server.on('stream', (stream) => {
    stream.resume();
    stream.on('end', () => {
      requests++;
      stream.respond({ ':status': 200 }, { endStream: true });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: tls.cert, count: () => requests, close: () => server.close() };
}

process.once('message', (req: PushServersRequest) => {
  void (async () => {
    const floor = await startFloorServer();
    const fcm = await startFcmServer({ accounts: [{ ...req.fcm, publicKey: req.fcm.publicKeyPem }], keepRequests: false });
    const apns = await startApnsServer({ keys: [{ ...req.apns, publicKey: req.apns.publicKeyPem }], keepRequests: false });
    process.on('message', (msg: string) => {
      if (msg === 'counts') process.send!({ fcmSends: fcm.sends.length, apnsPushes: apns.pushes.length, floorRequests: floor.count(), refusals: [...fcm.refusals, ...apns.refusals] } satisfies PushServersCounts);
      if (msg !== 'stop') return;
      floor.close();
      void Promise.all([fcm.close(), apns.close()]).then(() => process.exit(0));
    });
    process.send!({ fcmBaseUrl: fcm.baseUrl, fcmTokenUrl: fcm.tokenUrl, apnsPort: apns.port, floorUrl: floor.url, ca: [fcm.ca, apns.ca, floor.ca] } satisfies PushServersReady);
  })();
});
