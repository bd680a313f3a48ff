#!/usr/bin/env bash
# Installs everything the demo and the tests need, on a fresh machine or an
# already prepared one (each step is skipped when its work is done).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# OS packages: Debian's Chromium for the browser tests (nothing here can
# download Playwright's own browser build), and Debian's Prometheus, which the
# testbed runs (it scrapes the testbed's simulated Istio metrics).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  # prometheus' postinst starts its own daemon through its init script
  # (invoke-rc.d) where systemd does not run it; the testbed starts its own,
  # so service starts are denied during the install, as Docker images do.
  policy_rc_d=/usr/sbin/policy-rc.d
  deny_starts=false
  if [ ! -e "$policy_rc_d" ] && [ ! -d /run/systemd/system ]; then
    deny_starts=true
    printf '#!/bin/sh\n# written by scripts/setup.sh during apt-get install\nexit 101\n' | as_root tee "$policy_rc_d" >/dev/null
    as_root chmod 755 "$policy_rc_d"
    trap 'as_root rm -f "$policy_rc_d"' EXIT
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if $deny_starts; then
    as_root rm -f "$policy_rc_d"
    trap - EXIT
  fi
fi

command -v go >/dev/null 2>&1 || { echo "setup: Go is required to build the testbed" >&2; exit 1; }
command -v kubectl >/dev/null 2>&1 || { echo "setup: kubectl is required (it applies the demo workloads)" >&2; exit 1; }
# terraform or OpenTofu for the terraform cluster provider, and the Cluster
# API CRDs its tests install: fetched once, cached under ~/.cache.
bash scripts/ensure-terraform.sh >/dev/null
bash scripts/capi-crds.sh >/dev/null

corepack enable
if [ "${CI:-}" = true ]; then
  yarn install --immutable
else
  yarn install
fi
