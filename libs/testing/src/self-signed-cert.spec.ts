import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from './self-signed-cert';

describe('createSelfSignedCertificate', () => {
  // Before the serial was forced minimal, about 1 in 512 certificates had a DER-illegal serial and
  // made the FCM/APNs test servers fail to start: 2,000 in a row leaves that no place to hide.
  it('always makes a certificate OpenSSL accepts', () => {
    for (let i = 0; i < 2000; i++) {
      const { cert } = createSelfSignedCertificate(`cert-${i}`);
      const parsed = new X509Certificate(cert);
      expect(parsed.serialNumber).not.toMatch(/^00/);
    }
  });
});
