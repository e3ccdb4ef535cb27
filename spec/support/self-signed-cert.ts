/** A throwaway self-signed certificate for TLS specs, made with openssl at spec time. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  key: Buffer;
  cert: Buffer;
}

/**
 * An EC P-256 key and a one-day certificate for CN=localhost, or undefined (with the reason
 * printed) when openssl cannot make one; the caller then skips its TLS specs.
 */
export function selfSignedCert(): KeyAndCert | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'wirework-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (err) {
    console.log(`      (TLS specs skipped: openssl could not make a certificate: ${(err as Error).message})`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
