#!/usr/bin/env bash
# Prints the path of a Terraform-compatible CLI for the terraform cluster
# provider and its tests: `terraform` or `tofu` from PATH, else OpenTofu built
# from its Go module (release binaries cannot be downloaded here). The build
# takes a few minutes once and is cached per version.
#
#   export PATH="$(dirname "$(bash scripts/ensure-terraform.sh)"):$PATH"
#
# Progress goes to stderr; stdout carries the path only. OpenTofu v1.12.6
# needs Go 1.26.6 or newer; with an older Go, export GOTOOLCHAIN=go1.27.3.
set -euo pipefail

TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
cache="${TESTBED_CACHE:-$HOME/.cache/multicluster-testbed}/tofu/$TOFU_VERSION"

for candidate in terraform tofu; do
  if path="$(command -v "$candidate")"; then
    echo "$path"
    exit 0
  fi
done

if [ -x "$cache/tofu" ]; then
  echo "$cache/tofu"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "ensure-terraform: neither terraform nor tofu is on PATH, and Go is needed to build OpenTofu" >&2
  exit 1
}

echo "ensure-terraform: building OpenTofu $TOFU_VERSION from its Go module (a few minutes, once)" >&2
# `go install module@version` refuses modules with replace directives, which
# OpenTofu has: download the module and build inside it instead.
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
dir="$(cd "$workdir" && go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "ensure-terraform: go mod download github.com/opentofu/opentofu@$TOFU_VERSION failed" >&2
  exit 1
fi
mkdir -p "$cache"
# The module cache is read-only: build from it, write the binary elsewhere.
# dev=no drops the "-dev" suffix from `tofu version`, as in release builds.
(cd "$dir" && CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
  -o "$workdir/tofu" ./cmd/tofu) >&2
mv "$workdir/tofu" "$cache/tofu"
echo "$cache/tofu"
