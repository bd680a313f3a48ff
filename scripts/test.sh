#!/usr/bin/env bash
# Everything `make test` runs: install, testbed, type check, lint, unit and
# integration tests (jest), testbed integration tests (Go), browser tests
# (Playwright). Ends with one line `N passed, N failed` summed over all
# suites; tsc and lint count as one check each. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

out=.e2e
rm -rf "$out/results"
mkdir -p "$out/results"
passed=0
failed=0
started=$(date +%s)

log() { printf '\n==> [%4ss] %s\n' "$(($(date +%s) - started))" "$*"; }
check() { # name, command...: a check that counts as one test
  local name=$1
  shift
  log "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
  fi
}
count_json() { # file, node expression over r giving [passed, failed]
  node -e "
    const r = require(require('path').resolve(process.argv[1]));
    const [p, f] = $2;
    console.log(p + ' ' + f);
  " "$1" 2>/dev/null || echo "0 1"
}
add_counts() { # "passed failed" from one suite
  local p f
  read -r p f <<<"$1"
  passed=$((passed + p))
  failed=$((failed + f))
  echo "suite: $p passed, $f failed"
}

log "setup"
if ! bash scripts/setup.sh; then
  echo "setup failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The testbed, and the second one the Go tests start and stop themselves
# (left behind only if those tests were killed midway).
testbeds_down() {
  bash testbed/testbed down
  TESTBED_STATE="$PWD/testbed/.state/fresh-testbed" bash testbed/testbed down >/dev/null
}

testbed_up=false
if [ -x testbed/testbed ]; then
  log "testbed up"
  # Armed before `up`: a failed start leaves processes that must go too.
  trap 'log "testbed down"; testbeds_down' EXIT
  if bash testbed/testbed up; then
    testbed_up=true
    bash scripts/testbed-app-config.sh "$out/app-config.testbed.yaml"
  else
    echo "FAILED: testbed up"
    failed=$((failed + 1))
  fi
fi

check "type check (tsc)" yarn tsc
check "lint" yarn backstage-cli repo lint

log "unit and integration tests (jest)"
if $testbed_up; then
  eval "$(bash testbed/testbed env)"
  export MULTICLUSTER_TESTBED=1
  # The demo service: the mesh tests read it, the browser tests show it.
  bash scripts/demo-data.sh
fi
# The terraform provider tests need terraform or OpenTofu (built if absent).
export PATH="$(dirname "$(bash scripts/ensure-terraform.sh)"):$PATH"
CI=true yarn backstage-cli repo test --json --outputFile="$PWD/$out/results/jest.json"
add_counts "$(count_json "$out/results/jest.json" '[r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites]')"

if $testbed_up; then
  log "testbed integration tests (go test)"
  (cd testbed && go test -count=1 -json ./cmd/... ./integration/...) >"$out/results/go.json"
  node scripts/go-test-summary.js "$out/results/go.json" | tee "$out/results/go.txt"
  add_counts "$(sed -n 's/^GO_COUNTS //p' "$out/results/go.txt" || echo '0 1')"
fi

log "browser tests (playwright)"
if yarn workspace app build >"$out/results/app-build.log" 2>&1; then
  if $testbed_up; then
    export MULTICLUSTER_E2E_CONFIGS="$out/app-config.testbed.yaml"
    export MULTICLUSTER_E2E_TESTBED=1
  fi
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/results/playwright.json" \
    yarn test:e2e --reporter=list,json
  add_counts "$(count_json "$out/results/playwright.json" '[r.stats.expected + r.stats.flaky, r.stats.unexpected + (r.errors || []).length]')"
else
  tail -20 "$out/results/app-build.log"
  echo "FAILED: app build"
  failed=$((failed + 1))
fi

if $testbed_up; then
  log "testbed down"
  trap - EXIT
  testbeds_down
  # `down` must leave no testbed process behind (checked by PID).
  check "testbed down leaves no process" bash testbed/testbed verify-down
fi

log "done in $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
