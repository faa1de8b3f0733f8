import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export interface TestServiceAccount {
  /** The file Firebase hands out, as the console and CLI receive it. */
  json: Record<string, string>;
  clientEmail: string;
  projectId: string;
  privateKeyId: string;
  /** For the local FCM server to verify assertions with. */
  publicKey: KeyObject;
}

/** A Google service-account key file with a fresh RSA-2048 key (the shape Firebase downloads). */
export function createTestServiceAccount(projectId = 'parley-test-app'): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyId = randomBytes(20).toString('hex');
  const clientEmail = `firebase-adminsdk-${randomBytes(3).toString('hex')}@${projectId}.iam.gserviceaccount.com`;
  return {
    json: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: privateKeyId,
      private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      client_email: clientEmail,
      client_id: String(Math.floor(Math.random() * 1e20)),
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    clientEmail,
    projectId,
    privateKeyId,
    publicKey,
  };
}

export interface TestApnsKey {
  /** The console/CLI form: team_id, key_id, bundle_id, private_key (.p8 contents), environment. */
  body: { team_id: string; key_id: string; bundle_id: string; private_key: string; environment: 'sandbox' | 'production' };
  /** For the local APNs server to verify provider tokens with. */
  publicKey: KeyObject;
}

/** An APNs auth key (.p8: PKCS#8 P-256) with Apple-shaped team and key ids. */
export function createTestApnsKey(environment: 'sandbox' | 'production' = 'sandbox', bundleId = 'com.example.parley'): TestApnsKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const id = () => randomBytes(8).toString('hex').toUpperCase().slice(0, 10);
  return {
    body: { team_id: id(), key_id: id(), bundle_id: bundleId, private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), environment },
    publicKey,
  };
}
