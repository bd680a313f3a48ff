package integration

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The launcher's ports span BasePort … BasePort+399 (see `testbed help`).
const portSpan = 400

// freshStateDir is where TestFreshTestbedUpAndDown keeps its testbed, inside
// the running testbed's (ignored) state folder, so that scripts/test.sh can
// stop it too should the test be killed midway.
func freshStateDir(t testing.TB) string {
	return filepath.Join(stateDir(t), "fresh-testbed")
}

// TestFreshTestbedUpAndDown starts a second testbed from a fresh state folder
// on free ports (the binaries are cached by then: the running testbed built
// them), checks it is Ready within 90 s, then stops it and checks by PID that
// no process of it is left.
func TestFreshTestbedUpAndDown(t *testing.T) {
	newEnv(t) // fails, or skips, like the other tests without a running testbed
	state := freshStateDir(t)
	base := freePortRange(t)
	env := []string{fmt.Sprintf("TESTBED_BASE_PORT=%d", base), "TESTBED_STATE=" + state}
	// Leftovers of an interrupted earlier run go first.
	runTestbedWith(t, env, "down")
	if err := os.RemoveAll(state); err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			runTestbedWith(t, env, "down")
		}
		if t.Failed() {
			t.Logf("kept the fresh testbed's state and logs in %s", state)
		} else {
			os.RemoveAll(state)
		}
	})

	start := time.Now()
	runTestbedWith(t, env, "up")
	e := newEnvAt(t, state)
	for _, m := range members {
		// Whatever is left of the budget, but at least a last look.
		left := max(90*time.Second-time.Since(start), time.Second)
		waitClusterReady(t, e, m, "True", left)
	}
	ready := time.Since(start)
	t.Logf("fresh testbed on base port %d: up and all clusters Ready in %s", base, ready.Round(time.Second))
	if ready > 90*time.Second {
		t.Errorf("a fresh testbed took %s to be Ready with cached binaries; the budget is 90 s", ready)
	}

	before := pidsAt(t, state)
	// etcd, Karmada's API servers and controllers, and per member an API
	// server, controller-manager, KWOK and istiod: well over 20.
	if len(before) < 20 {
		t.Fatalf("expected at least 20 recorded processes, got %d: %v", len(before), before)
	}
	runTestbedWith(t, env, "down")
	stopped = true
	for name, pid := range before {
		if running(pid) {
			t.Errorf("%s (pid %d) still running after down", name, pid)
		}
	}
	runTestbedWith(t, env, "verify-down")
}

// running is true for a live process that is not a zombie.
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err == nil && !strings.Contains(string(stat), ") Z ")
}

// freePortRange finds a base port whose whole span is free on loopback,
// starting at a random range so that two checkouts testing at once rarely
// pick the same one.
func freePortRange(t *testing.T) int {
	t.Helper()
	const first, ranges = 23000, 20
	offset := rand.IntN(ranges)
	for i := range ranges {
		base := first + ((offset+i)%ranges)*portSpan
		if spanFree(base) {
			return base
		}
	}
	t.Fatalf("no free range of %d loopback ports from %d to %d", portSpan, first, first+ranges*portSpan-1)
	return 0
}

func spanFree(base int) bool {
	for port := base; port < base+portSpan; port++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}
