#!/usr/bin/env bash
# Applies the demo workloads (examples/workloads/) to the running testbed's
# Karmada, so the example component has real placement to show.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash testbed/testbed env)"
kc=(kubectl --kubeconfig "$TESTBED_KARMADA_KUBECONFIG")

# Karmada schedules only to Ready, untainted clusters; a member that was
# just (re)started keeps its not-ready taint for a few seconds.
for _ in $(seq 1 60); do
  pending=$("${kc[@]}" get clusters -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{.spec.taints}{"\n"}{end}' | grep -v '=True$' || true)
  [ -z "$pending" ] && break
  sleep 2
done
[ -z "$pending" ] || echo "demo-data: clusters not schedulable yet: $pending" >&2

"${kc[@]}" apply -f examples/workloads/
