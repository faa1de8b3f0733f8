import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A self-signed TLS certificate for 127.0.0.1 and localhost, made at test time with node:crypto
 * alone (no openssl binary, nothing downloaded). The local FCM and APNs servers serve it, and
 * clients trust it by passing `cert` as their CA, exactly as they would an egress proxy's CA.
 */
export interface TestCertificate {
  /** PEM of the certificate: the server's `cert` and the client's `ca`. */
  cert: string;
  /** PEM (PKCS#8) of its private key: the server's `key`. */
  key: string;
}

// --- A minimal DER writer: just the types an X.509 v3 certificate needs. ------------------------

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag]), len(value.length), value]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const integer = (value: Buffer) => tlv(0x02, value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
const octets = (value: Buffer) => tlv(0x04, value);
const bits = (value: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      chunk.unshift((v % 128) | (chunk.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;

/**
 * An EC P-256 certificate valid from an hour ago for `days`, with SANs 127.0.0.1, ::1 and localhost.
 * Give each server its own `commonName`: a client trusting several such certificates finds the
 * issuer by name, and two certificates both named "localhost" would shadow each other.
 */
/**
 * A random positive serial in minimal DER form: a leading zero byte (1 in 256 random serials)
 * would be "illegal padding" to OpenSSL, which then refuses the certificate.
 */
function serialNumber(): Buffer {
  const serial = randomBytes(12);
  serial[0] = 1 + (serial[0]! % 0x7f);
  return serial;
}

export function createSelfSignedCertificate(commonName = 'localhost', days = 2): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
  const now = Date.now();
  const altNames = seq(
    tlv(0x82, Buffer.from('localhost', 'ascii')),
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([...Array(15).fill(0), 1])),
  );
  const extensions = explicit(
    3,
    seq(seq(oid('2.5.29.17'), octets(altNames)), seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true))))),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serialNumber()),
    ecdsaSha256,
    name,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ format: 'der', type: 'spki' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  return {
    cert: pem('CERTIFICATE', seq(tbs, ecdsaSha256, bits(signature))),
    key: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })).export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
