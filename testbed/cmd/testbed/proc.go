package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one background process of the testbed. Its PID is recorded in
// <state>/run/<name>.json together with the binary path, so `down` only ever
// signals processes it started.
type proc struct {
	Name string   `json:"name"`
	Bin  string   `json:"bin"`
	Args []string `json:"args"`
	PID  int      `json:"pid"`
	// Order is the start order; down stops in reverse.
	Order int64 `json:"order"`
}

func (c *Config) runDir() string             { return c.path("run") }
func (c *Config) logPath(name string) string { return c.path("logs", name+".log") }
func (c *Config) pidFile(name string) string { return filepath.Join(c.runDir(), name+".json") }

func (c *Config) readProc(name string) (*proc, error) {
	b, err := os.ReadFile(c.pidFile(name))
	if err != nil {
		return nil, err
	}
	var p proc
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *Config) allProcs() []*proc {
	entries, _ := os.ReadDir(c.runDir())
	var out []*proc
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		if p, err := c.readProc(strings.TrimSuffix(e.Name(), ".json")); err == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

// stateMarker is the state folder of this launcher (set in loadConfig).
var stateMarker string

// alive reports whether pid is a live (non-zombie) process running bin.
func alive(pid int, bin string) bool {
	ok, _ := liveness(pid, bin)
	return ok
}

// liveness is alive with the reason a process counts as gone, for errors.
func liveness(pid int, bin string) (bool, string) {
	if pid <= 0 {
		return false, "no pid"
	}
	if err := syscall.Kill(pid, 0); err != nil {
		return false, fmt.Sprintf("pid %d: %v", pid, err)
	}
	if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		s := string(st)
		if i := strings.LastIndex(s, ")"); i > 0 && i+2 < len(s) && s[i+2] == 'Z' {
			return false, fmt.Sprintf("pid %d is a zombie", pid)
		}
	}
	// Guard against PID reuse: the process must run our binary. An empty
	// command line (a process in the middle of exec) proves nothing either way.
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(cmdline) == 0 {
		return true, ""
	}
	argv0 := strings.SplitN(string(cmdline), "\x00", 2)[0]
	// Between fork and exec a fresh child still shows the launcher's own
	// command line: it is starting, not gone.
	if self, err := os.Executable(); err == nil && filepath.Base(argv0) == filepath.Base(self) {
		return true, ""
	}
	if argv0 != bin && filepath.Base(argv0) != filepath.Base(bin) {
		return false, fmt.Sprintf("pid %d now runs %s", pid, argv0)
	}
	// Every testbed process names a file of its own state folder in its
	// arguments; this tells apart testbeds sharing the binary cache.
	if stateMarker != "" && !strings.Contains(string(cmdline), stateMarker) {
		return false, fmt.Sprintf("pid %d belongs to another testbed state", pid)
	}
	return true, ""
}

func (p *proc) running() bool { return p != nil && alive(p.PID, p.Bin) }

// start launches the process in its own session with output to its log,
// unless a live process with that name is already recorded.
func (c *Config) start(name, bin string, args ...string) (*proc, error) {
	return c.startWithEnv(name, bin, nil, args...)
}

// startWithEnv is start with extra environment variables (KEY=value).
func (c *Config) startWithEnv(name, bin string, env []string, args ...string) (*proc, error) {
	return c.startIn("", name, bin, env, args...)
}

// startIn is startWithEnv with the working directory dir; "" means the state
// folder, where every other process runs. istiod needs a folder of its own:
// it resolves ./var/lib/istio/inject and ./etc/cacerts against it.
func (c *Config) startIn(dir, name, bin string, env []string, args ...string) (*proc, error) {
	if dir == "" {
		dir = c.State
	}
	if old, err := c.readProc(name); err == nil && old.running() {
		return old, nil
	}
	if err := os.MkdirAll(c.runDir(), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.path("logs"), 0o755); err != nil {
		return nil, err
	}
	logf, err := os.OpenFile(c.logPath(name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	fmt.Fprintf(logf, "\n==== %s starting %s\n", time.Now().Format(time.RFC3339), name)
	cmd := exec.Command(bin, args...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.Dir = dir
	// Components get explicit --kubeconfig flags; a KUBECONFIG from the
	// caller's shell must not leak into them.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KUBECONFIG=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %v", name, err)
	}
	p := &proc{Name: name, Bin: bin, Args: args, PID: cmd.Process.Pid, Order: time.Now().UnixNano()}
	b, _ := json.MarshalIndent(p, "", "  ")
	if err := os.WriteFile(c.pidFile(name), b, 0o644); err != nil {
		return nil, err
	}
	// Reap the child if it exits while this launcher still runs, so that it
	// does not linger as a zombie that looks alive.
	go cmd.Wait()
	c.recordPID(p)
	logf2("started %s (pid %d)", name, p.PID)
	return p, nil
}

func logf2(format string, a ...any) { logf(format, a...) }

// stop terminates a recorded process: SIGTERM, then SIGKILL after a grace period.
func (c *Config) stop(name string) error {
	p, err := c.readProc(name)
	if err != nil {
		return nil
	}
	if p.running() {
		syscall.Kill(p.PID, syscall.SIGTERM)
		deadline := time.Now().Add(15 * time.Second)
		for p.running() && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if p.running() {
			syscall.Kill(p.PID, syscall.SIGKILL)
			for i := 0; i < 50 && p.running(); i++ {
				time.Sleep(100 * time.Millisecond)
			}
		}
		if p.running() {
			return fmt.Errorf("%s (pid %d) did not stop", name, p.PID)
		}
		logf("stopped %s (pid %d)", name, p.PID)
	}
	return os.Remove(c.pidFile(name))
}

func (c *Config) down() error {
	procs := c.allProcs()
	// Controllers and agents first, then API servers, etcd last; each group is
	// stopped in parallel (SIGTERM, SIGKILL after 15 s).
	groups := [][]*proc{nil, nil, nil}
	for _, p := range procs {
		switch {
		case p.Name == "etcd":
			groups[2] = append(groups[2], p)
		case strings.HasSuffix(p.Name, "-apiserver") && p.Name != "karmada-aggregated-apiserver":
			groups[1] = append(groups[1], p)
		default:
			groups[0] = append(groups[0], p)
		}
	}
	var mu sync.Mutex
	var errs []string
	for _, g := range groups {
		var wg sync.WaitGroup
		for _, p := range g {
			wg.Add(1)
			go func(name string) {
				defer wg.Done()
				if err := c.stop(name); err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
				}
			}(p.Name)
		}
		wg.Wait()
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	logf("testbed is down (%d processes stopped)", len(procs))
	return nil
}

// verifyDown fails if any recorded process is still alive. It also checks the
// PIDs recorded by the last `up` (run/last-up-pids), because `down` removes
// the per-process records.
func (c *Config) verifyDown() error {
	var live []string
	for _, p := range c.allProcs() {
		if p.running() {
			live = append(live, fmt.Sprintf("%s(pid %d)", p.Name, p.PID))
		}
	}
	if b, err := os.ReadFile(filepath.Join(c.runDir(), "all-pids.txt")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 {
				continue
			}
			pid, _ := strconv.Atoi(f[1])
			if alive(pid, f[2]) {
				live = append(live, fmt.Sprintf("%s(pid %d)", f[0], pid))
			}
		}
	}
	if len(live) > 0 {
		return fmt.Errorf("testbed processes still running: %s", strings.Join(live, ", "))
	}
	fmt.Println("no testbed process is running")
	return nil
}

// recordPID appends to run/all-pids.txt, the history used by verify-down.
func (c *Config) recordPID(p *proc) {
	f, err := os.OpenFile(filepath.Join(c.runDir(), "all-pids.txt"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s %d %s\n", p.Name, p.PID, p.Bin)
}

// httpClient trusts the testbed CA and presents the admin certificate.
func (c *Config) httpClient() (*http.Client, error) {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(mustRead(c.caCrt()))
	cert, err := tls.LoadX509KeyPair(c.adminCrt(), c.adminKey())
	if err != nil {
		return nil, err
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}},
	}}, nil
}

// waitHTTP polls url until it answers 200, the process dies, or timeout.
func (c *Config) waitHTTP(ctx context.Context, p *proc, url string, timeout time.Duration) error {
	hc, err := c.httpClient()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	var last string
	// "any+https://..." accepts any HTTP answer (the webhook server has no
	// health endpoint; an answer over TLS means it serves).
	anyStatus := strings.HasPrefix(url, "any+")
	url = strings.TrimPrefix(url, "any+")
	for {
		resp, err := hc.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 || anyStatus {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		if p != nil && !p.running() {
			// Confirm before giving up: one odd /proc read must not fail `up`
			// while the component is in fact starting.
			time.Sleep(500 * time.Millisecond)
			if ok, why := liveness(p.PID, p.Bin); !ok {
				return c.componentErr(p.Name, fmt.Errorf("%s exited (%s)", p.Name, why))
			}
		}
		if time.Now().After(deadline) {
			name := "?"
			if p != nil {
				name = p.Name
			}
			return c.componentErr(name, fmt.Errorf("%s not healthy at %s after %s (last: %s)", name, url, timeout, last))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func (c *Config) componentErr(name string, err error) error {
	return fmt.Errorf("%v\n---- last lines of %s ----\n%s", err, c.logPath(name), tailFile(c.logPath(name), 25))
}
