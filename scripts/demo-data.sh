#!/usr/bin/env bash
# Applies the demo workloads (examples/workloads/) to the running testbed's
# Karmada, so the example component has real placement to show.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash testbed/testbed env)"
kubectl --kubeconfig "$TESTBED_KARMADA_KUBECONFIG" apply -f examples/workloads/
