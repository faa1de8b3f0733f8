import type { ApnsCredentialBody, ApnsEnvironment } from '@parley/contracts';
import { invalidCredential, keyFingerprint, pkcs8Pem, readPrivateKey } from './credential-errors';
import type { ValidatedCredential } from './fcm-credential';

/** What is sealed in `push_credentials.secret_enc` for APNs token authentication. */
export interface ApnsSecret {
  platform: 'apns';
  teamId: string;
  keyId: string;
  bundleId: string;
  /** PKCS#8 PEM of the P-256 key from the .p8 file. */
  privateKey: string;
  environment: ApnsEnvironment;
}

// Apple's team and key ids are 10 uppercase letters or digits.
const APPLE_ID = /^[A-Z0-9]{10}$/;
// Reverse-DNS, at least two labels: com.example.app.
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Checks an APNs token-auth credential: ids in Apple's formats and a P-256 (ES256) .p8 key. */
export function validateApnsCredential(body: ApnsCredentialBody): ValidatedCredential<ApnsSecret> {
  const teamId = body.team_id.trim();
  const keyId = body.key_id.trim();
  const bundleId = body.bundle_id.trim();
  if (!APPLE_ID.test(teamId)) throw invalidCredential('team_id', 'must be the 10-character Team ID');
  if (!APPLE_ID.test(keyId)) throw invalidCredential('key_id', 'must be the 10-character Key ID of the APNs key');
  if (!BUNDLE_ID.test(bundleId)) throw invalidCredential('bundle_id', 'must be the app bundle identifier, e.g. com.example.app');
  const key = readPrivateKey(body.private_key, 'private_key');
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw invalidCredential('private_key', 'must be the P-256 key of an APNs .p8 file');
  }
  return {
    secret: { platform: 'apns', teamId, keyId, bundleId, privateKey: pkcs8Pem(key), environment: body.environment },
    fingerprint: keyFingerprint(key),
    metadata: { team_id: teamId, key_id: keyId, bundle_id: bundleId },
    deprecated: false,
  };
}
