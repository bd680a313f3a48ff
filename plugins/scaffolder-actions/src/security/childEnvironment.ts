/**
 * What a child process (terraform, the testbed launcher) inherits from the
 * backend: the basics a CLI needs to run and reach the network, never the
 * rest. The backend's environment holds its own secrets (database password,
 * tokens referenced from app-config), which a Terraform module or provider
 * plugin must not be able to read.
 */
const INHERITED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/**
 * The allow-listed part of this process's environment, plus `extra` names
 * a caller needs (e.g. the Go toolchain for the testbed launcher), plus the
 * configured `environment`, which wins.
 */
export function childEnvironment(
  environment: Record<string, string>,
  extra: RegExp[] = [],
): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (INHERITED.includes(name) || extra.some(pattern => pattern.test(name))) {
      inherited[name] = value;
    }
  }
  return { ...inherited, ...environment };
}
