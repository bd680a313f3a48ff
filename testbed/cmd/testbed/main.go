// Command testbed runs a local Karmada control plane and regional member
// clusters on loopback, without containers. It is normally run through the
// ../../testbed wrapper script, which builds this command and sets TESTBED_ROOT.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const usage = `usage: testbed <command>

commands:
  build                  build (or reuse) the pinned binaries in the cache
  up                     build if needed, start everything, wait until all clusters are Ready
  down                   stop every process the testbed started (by PID)
  status                 show processes and Karmada clusters
  env [--json]           print what clients need (URLs and file paths, never secrets)
  member stop <name>     stop a member's API server, controller-manager, scheduler and KWOK
  member start <name>    start them again
  member add <name> --region R --zones a,b [--owner REF]
                         start a new member (not registered in Karmada); prints endpoint and kubeconfig
  verify-down            exit non-zero if any process recorded by the testbed is still running
  traffic-sim            (started by up) simulated mesh traffic as Istio metrics; see README

environment:
  TESTBED_BASE_PORT  first port (default 17000); the testbed uses BASE..BASE+399 on 127.0.0.1
  TESTBED_STATE      state folder (default <testbed>/.state)
  TESTBED_CACHE      binary cache (default ~/.cache/multicluster-testbed)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cfg, err := loadConfig()
	if err != nil {
		fatalf("%v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	args := os.Args[2:]
	switch os.Args[1] {
	case "up", "down", "member":
		// One launcher at a time per state folder: concurrent up/down runs
		// would otherwise stop each other's processes.
		unlock, err := cfg.lock()
		if err != nil {
			fatalf("%v", err)
		}
		defer unlock()
	}
	switch os.Args[1] {
	case "build":
		_, err = cfg.ensureBinaries(ctx, true)
	case "up":
		err = cfg.up(ctx)
	case "down":
		err = cfg.down()
	case "status":
		err = cfg.status(ctx)
	case "env":
		err = cfg.printEnv(len(args) > 0 && args[0] == "--json")
	case "verify-down":
		err = cfg.verifyDown()
	case "member":
		err = cfg.memberCmd(ctx, args)
	case "traffic-sim":
		err = runTrafficSim(ctx, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fatalf("%v", err)
	}
}

// lock takes an exclusive lock on <state>/.lock, waiting up to 10 minutes.
func (c *Config) lock() (func(), error) {
	if err := os.MkdirAll(c.State, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(c.State, ".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(10 * time.Minute)
	warned := false
	for {
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err == nil {
			return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if !warned {
			logf("another testbed command holds %s; waiting", f.Name())
			warned = true
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("timed out waiting for the lock %s", f.Name())
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "testbed: "+format+"\n", a...)
	os.Exit(1)
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}

// Config holds the paths and ports of one testbed.
type Config struct {
	Root     string // the testbed/ folder of the repo
	State    string
	Cache    string
	BasePort int
	BinDir   string // filled by ensureBinaries
}

func loadConfig() (*Config, error) {
	root := os.Getenv("TESTBED_ROOT")
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		root = wd
	}
	root, _ = filepath.Abs(root)
	if _, err := os.Stat(filepath.Join(root, "versions.env")); err != nil {
		return nil, fmt.Errorf("TESTBED_ROOT %s has no versions.env; run through the testbed script", root)
	}
	c := &Config{Root: root, BasePort: 17000}
	if v := os.Getenv("TESTBED_BASE_PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1024 || p > 65000 {
			return nil, fmt.Errorf("bad TESTBED_BASE_PORT %q", v)
		}
		c.BasePort = p
	}
	c.State = os.Getenv("TESTBED_STATE")
	if c.State == "" {
		c.State = filepath.Join(root, ".state")
	}
	c.State, _ = filepath.Abs(c.State)
	stateMarker = c.State + "/"
	c.Cache = os.Getenv("TESTBED_CACHE")
	if c.Cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, err
		}
		c.Cache = filepath.Join(home, ".cache", "multicluster-testbed")
	}
	return c, nil
}

func (c *Config) path(parts ...string) string {
	return filepath.Join(append([]string{c.State}, parts...)...)
}

// Ports. Everything listens on 127.0.0.1.
func (c *Config) etcdPort() int          { return c.BasePort }
func (c *Config) etcdPeerPort() int      { return c.BasePort + 1 }
func (c *Config) karmadaAPIPort() int    { return c.BasePort + 10 }
func (c *Config) aggregatedPort() int    { return c.BasePort + 11 }
func (c *Config) webhookPort() int       { return c.BasePort + 12 }
func (c *Config) webhookMetrics() int    { return c.BasePort + 13 }
func (c *Config) webhookHealth() int     { return c.BasePort + 14 }
func (c *Config) karmadaKCMPort() int    { return c.BasePort + 15 }
func (c *Config) cmMetrics() int         { return c.BasePort + 16 }
func (c *Config) cmHealth() int          { return c.BasePort + 17 }
func (c *Config) schedMetrics() int      { return c.BasePort + 18 }
func (c *Config) schedHealth() int       { return c.BasePort + 19 }
func (c *Config) trafficSimPort() int    { return c.BasePort + 30 }
func (c *Config) prometheusPort() int    { return c.BasePort + 31 }
func (c *Config) memberBase(idx int) int { return c.BasePort + 100 + 20*idx }

func (c *Config) karmadaURL() string { return fmt.Sprintf("https://127.0.0.1:%d", c.karmadaAPIPort()) }

func (c *Config) memberCmd(ctx context.Context, args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: member stop|start|show|remove|run-agent <name> | member add <name> --region R --zones a,b [--owner REF]")
	}
	switch args[0] {
	case "show":
		return c.memberShow(args[1])
	case "remove":
		return c.memberRemove(args[1])
	case "run-agent":
		return c.memberRunAgent(ctx, args[1])
	case "stop":
		return c.memberStop(args[1])
	case "start":
		return c.memberStart(ctx, args[1])
	case "add":
		name := args[1]
		var region, zones, owner string
		rest := args[2:]
		for i := 0; i < len(rest); i++ {
			switch {
			case rest[i] == "--region" && i+1 < len(rest):
				region = rest[i+1]
				i++
			case rest[i] == "--zones" && i+1 < len(rest):
				zones = rest[i+1]
				i++
			case rest[i] == "--owner" && i+1 < len(rest):
				owner = rest[i+1]
				i++
			case strings.HasPrefix(rest[i], "--owner="):
				owner = strings.TrimPrefix(rest[i], "--owner=")
			case strings.HasPrefix(rest[i], "--region="):
				region = strings.TrimPrefix(rest[i], "--region=")
			case strings.HasPrefix(rest[i], "--zones="):
				zones = strings.TrimPrefix(rest[i], "--zones=")
			default:
				return fmt.Errorf("unknown argument %q", rest[i])
			}
		}
		if region == "" || zones == "" {
			return fmt.Errorf("member add needs --region and --zones")
		}
		return c.memberAdd(ctx, name, region, strings.Split(zones, ","), owner)
	}
	return fmt.Errorf("unknown member command %q", args[0])
}
