import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { agentUser } from './pullObjects';
import { managedLabels } from './names';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const CSR_TIMEOUT_MS = 60_000;

/** A client certificate for the agent and its private key, PEM. */
export interface AgentCredentials {
  certificate: string;
  privateKey: string;
}

/**
 * Obtains the agent's client certificate the way `karmadactl register`
 * does: a CSR for `system:karmada:agent:<cluster>` in group
 * `system:karmada:agents`, posted with the bootstrap token so Karmada's
 * agent CSR approver approves it and the CSR signer signs it.
 */
export async function requestAgentCertificate(
  karmadaUrl: string,
  caData: string | undefined,
  bootstrapToken: string,
  cluster: string,
): Promise<AgentCredentials> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [agentUser(cluster)] }, { O: ['system:karmada:agents'] }],
    keys,
    signingAlgorithm: algorithm,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const privateKey = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');

  const bootstrap = new KubernetesConnection({
    name: `${cluster} bootstrap`,
    url: karmadaUrl,
    caData,
    dangerouslySkipTLSVerify: false,
    auth: { type: 'serviceAccount', token: bootstrapToken },
  });
  const name = `${cluster}-${randomBytes(3).toString('hex')}`;
  const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
  try {
    await bootstrap.requestJson({
      method: 'POST',
      path,
      body: {
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name, labels: managedLabels(cluster) },
        spec: {
          request: Buffer.from(csr.toString('pem')).toString('base64'),
          signerName: 'kubernetes.io/kube-apiserver-client',
          usages: ['digital signature', 'client auth'],
          expirationSeconds: 31_536_000,
        },
      },
      signal: AbortSignal.timeout(15_000),
    });
    const deadline = Date.now() + CSR_TIMEOUT_MS;
    for (;;) {
      const current = await bootstrap.requestJson<{
        status?: {
          certificate?: string;
          conditions?: Array<{ type: string; message?: string }>;
        };
      }>({ path: `${path}/${name}`, signal: AbortSignal.timeout(15_000) });
      const denied = current.status?.conditions?.find(
        c => c.type === 'Denied' || c.type === 'Failed',
      );
      if (denied) {
        throw new Error(
          `Karmada ${denied.type.toLowerCase()} the agent's certificate request ${name}: ${
            denied.message ?? ''
          }`,
        );
      }
      if (current.status?.certificate) {
        return {
          certificate: Buffer.from(
            current.status.certificate,
            'base64',
          ).toString('utf8'),
          privateKey,
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the agent's certificate request ${name} was not approved and signed within ${
            CSR_TIMEOUT_MS / 1000
          } s (does Karmada run the agentcsrapproving controller and a CSR signer?)`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 1_000));
    }
  } finally {
    await bootstrap.close();
  }
}
