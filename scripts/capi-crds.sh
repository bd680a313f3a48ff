#!/usr/bin/env bash
# Prints a folder holding the Cluster API CRDs that
# examples/clusterapi/cluster-template.yaml uses (Cluster, KubeadmControlPlane,
# DockerCluster, DockerMachineTemplate), taken from the Cluster API Go modules
# (kept in Go's module cache) so tests can install them on a plain API server:
#
#   kubectl apply --server-side -f "$(bash scripts/capi-crds.sh)"
#
# Progress goes to stderr; stdout carries the folder only.
set -euo pipefail

CAPI_VERSION="${CAPI_VERSION:-v1.14.2}"
out="${TESTBED_CACHE:-$HOME/.cache/multicluster-testbed}/capi-crds/$CAPI_VERSION"

module_dir() { # module@version -> its folder in the module cache
  local dir
  # Outside any go.mod, so no module's requirements get in the way.
  dir="$(cd "$tmp" && go mod download -json "$1" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "capi-crds: go mod download $1 failed" >&2
    return 1
  fi
  echo "$dir"
}

if [ ! -f "$out/.complete" ]; then
  command -v go >/dev/null 2>&1 || {
    echo "capi-crds: Go is needed to download the Cluster API modules" >&2
    exit 1
  }
  echo "capi-crds: reading CRDs of Cluster API $CAPI_VERSION" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  core="$(module_dir "sigs.k8s.io/cluster-api@$CAPI_VERSION")"
  # The Docker infrastructure provider (CAPD) lives in the test module.
  docker="$(module_dir "sigs.k8s.io/cluster-api/test@$CAPI_VERSION")"
  rm -rf "$out"
  mkdir -p "$out"
  cp "$core/core/config/crd/bases/cluster.x-k8s.io_clusters.yaml" \
    "$core/controlplane/kubeadm/config/crd/bases/controlplane.cluster.x-k8s.io_kubeadmcontrolplanes.yaml" \
    "$docker/infrastructure/docker/config/crd/bases/infrastructure.cluster.x-k8s.io_dockerclusters.yaml" \
    "$docker/infrastructure/docker/config/crd/bases/infrastructure.cluster.x-k8s.io_dockermachinetemplates.yaml" \
    "$out/"
  chmod u+w "$out"/*.yaml # copies of read-only module cache files
  touch "$out/.complete"
fi
echo "$out"
