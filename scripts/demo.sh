#!/usr/bin/env bash
# `make demo`: installs everything, starts the testbed (Karmada + regional
# member clusters), points the app at it and serves the app: frontend on
# :3000, backend on :7007. Ctrl-C stops the app; `yarn testbed down` stops
# the testbed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/setup.sh
bash testbed/testbed up
bash scripts/testbed-app-config.sh app-config.local.yaml
bash scripts/demo-data.sh
exec yarn start
