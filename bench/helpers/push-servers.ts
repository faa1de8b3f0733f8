// The local FCM and APNs of the push benchmark, in a process of their own so their CPU does not
// count against the worker's. Receives the public keys over IPC, answers with the endpoints, and
// reports how many requests each served when asked.
import { startApnsServer, startFcmServer } from '@parley/testing';

export interface PushServersRequest {
  fcm: { clientEmail: string; projectId: string; privateKeyId: string; publicKeyPem: string };
  apns: { teamId: string; keyId: string; publicKeyPem: string };
}

export interface PushServersReady {
  fcmBaseUrl: string;
  fcmTokenUrl: string;
  apnsPort: number;
  ca: string[];
}

export interface PushServersCounts {
  fcmSends: number;
  apnsPushes: number;
  refusals: string[];
}

process.once('message', (req: PushServersRequest) => {
  void (async () => {
    const fcm = await startFcmServer({ accounts: [{ ...req.fcm, publicKey: req.fcm.publicKeyPem }], keepRequests: false });
    const apns = await startApnsServer({ keys: [{ ...req.apns, publicKey: req.apns.publicKeyPem }], keepRequests: false });
    process.on('message', (msg: string) => {
      if (msg === 'counts') process.send!({ fcmSends: fcm.sends.length, apnsPushes: apns.pushes.length, refusals: [...fcm.refusals, ...apns.refusals] } satisfies PushServersCounts);
      if (msg === 'stop') void Promise.all([fcm.close(), apns.close()]).then(() => process.exit(0));
    });
    process.send!({ fcmBaseUrl: fcm.baseUrl, fcmTokenUrl: fcm.tokenUrl, apnsPort: apns.port, ca: [fcm.ca, apns.ca] } satisfies PushServersReady);
  })();
});
