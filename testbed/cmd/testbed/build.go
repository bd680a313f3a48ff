package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// buildModule is one Go module under build/ and the packages it builds.
type buildModule struct {
	Dir  string
	Pkgs []string
	Bins []string // resulting binary names
}

var buildModules = []buildModule{
	{Dir: "etcd", Pkgs: []string{"./cmd/testbed-etcd"}, Bins: []string{"testbed-etcd"}},
	{Dir: "kubernetes", Pkgs: []string{
		"k8s.io/kubernetes/cmd/kube-apiserver",
		"k8s.io/kubernetes/cmd/kube-controller-manager",
		"k8s.io/kubernetes/cmd/kube-scheduler",
	}, Bins: []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler"}},
	{Dir: "karmada", Pkgs: []string{
		"github.com/karmada-io/karmada/cmd/aggregated-apiserver",
		"github.com/karmada-io/karmada/cmd/controller-manager",
		"github.com/karmada-io/karmada/cmd/scheduler",
		"github.com/karmada-io/karmada/cmd/webhook",
		"github.com/karmada-io/karmada/cmd/agent",
	}, Bins: []string{"aggregated-apiserver", "controller-manager", "scheduler", "webhook", "agent"}},
	{Dir: "kwok", Pkgs: []string{"sigs.k8s.io/kwok/cmd/kwok"}, Bins: []string{"kwok"}},
	{Dir: "istio", Pkgs: []string{"istio.io/istio/pilot/cmd/pilot-discovery"}, Bins: []string{"pilot-discovery"}},
}

// buildRecipe is part of the cache key; change it when the way binaries are
// built changes (flags, ldflags).
const buildRecipe = "2: trimpath, -s -w, CGO_ENABLED=0, version ldflags"

// ldflags stamps the pinned versions into the binaries, so that /version
// (and Karmada's Cluster.status.kubernetesVersion) report real versions.
func (c *Config) ldflags(module string) (string, error) {
	v, err := c.versions()
	if err != nil {
		return "", err
	}
	ld := "-s -w"
	switch module {
	case "kubernetes":
		kv := v["KUBERNETES_VERSION"]
		parts := strings.Split(strings.TrimPrefix(kv, "v"), ".")
		if len(parts) < 2 {
			return "", fmt.Errorf("bad KUBERNETES_VERSION %q", kv)
		}
		for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
			ld += fmt.Sprintf(" -X %[1]s.gitVersion=%[2]s -X %[1]s.gitMajor=%[3]s -X %[1]s.gitMinor=%[4]s -X %[1]s.gitTreeState=clean", pkg, kv, parts[0], parts[1])
		}
	case "karmada":
		ld += " -X github.com/karmada-io/karmada/pkg/version.gitVersion=" + v["KARMADA_VERSION"]
	case "istio":
		// istio.io/istio has only pseudo-versions: stamp the commit.
		iv := v["ISTIO_VERSION"]
		rev := iv[strings.LastIndex(iv, "-")+1:]
		pkg := "istio.io/istio/pkg/version"
		ld += fmt.Sprintf(" -X %[1]s.buildVersion=%[2]s -X %[1]s.buildGitRevision=%[3]s -X %[1]s.buildStatus=Clean -X %[1]s.buildTag=%[4]s", pkg, "1.31-dev+"+rev, rev, iv)
	}
	return ld, nil
}

// versions reads versions.env.
func (c *Config) versions() (map[string]string, error) {
	f, err := os.Open(filepath.Join(c.Root, "versions.env"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out, sc.Err()
}

// versionsHash is the cache key: versions.env, every go.mod/go.sum/*.go under
// build/, and the Go toolchain version.
func (c *Config) versionsHash() (string, error) {
	h := sha256.New()
	var files []string
	files = append(files, filepath.Join(c.Root, "versions.env"))
	err := filepath.WalkDir(filepath.Join(c.Root, "build"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		n := d.Name()
		if n == "go.mod" || n == "go.sum" || strings.HasSuffix(n, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(c.Root, f)
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(b))
		h.Write(b)
	}
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %v", err)
	}
	fmt.Fprintf(h, "recipe=%s\x00", buildRecipe)
	fmt.Fprintf(h, "go=%s arch=%s/%s", strings.TrimSpace(string(goVersion)), runtime.GOOS, runtime.GOARCH)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// checkPins verifies that versions.env and the go.mod files agree.
func (c *Config) checkPins() error {
	v, err := c.versions()
	if err != nil {
		return err
	}
	want := map[string]string{
		"kubernetes": "k8s.io/kubernetes " + v["KUBERNETES_VERSION"],
		"karmada":    "github.com/karmada-io/karmada " + v["KARMADA_VERSION"],
		"etcd":       "go.etcd.io/etcd/server/v3 " + v["ETCD_VERSION"],
		"kwok":       "sigs.k8s.io/kwok " + v["KWOK_VERSION"],
		"istio":      "istio.io/istio " + v["ISTIO_VERSION"],
	}
	for dir, req := range want {
		b, err := os.ReadFile(filepath.Join(c.Root, "build", dir, "go.mod"))
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), req) {
			return fmt.Errorf("build/%s/go.mod does not require %s (versions.env and go.mod disagree)", dir, req)
		}
	}
	b, _ := os.ReadFile(filepath.Join(c.Root, "build", "kubernetes", "go.mod"))
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "=>") && !strings.HasSuffix(strings.TrimSpace(line), v["KUBERNETES_STAGING_VERSION"]) {
			return fmt.Errorf("build/kubernetes/go.mod replace line %q is not at %s", strings.TrimSpace(line), v["KUBERNETES_STAGING_VERSION"])
		}
	}
	return nil
}

type buildRecord struct {
	Module  string  `json:"module"`
	Seconds float64 `json:"seconds"`
}

// ensureBinaries builds every missing binary into the cache folder keyed by
// the versions hash and sets c.BinDir.
func (c *Config) ensureBinaries(ctx context.Context, verbose bool) (string, error) {
	if err := c.checkPins(); err != nil {
		return "", err
	}
	key, err := c.versionsHash()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(c.Cache, "bin", key)
	c.BinDir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var records []buildRecord
	for _, m := range buildModules {
		missing := false
		for _, b := range m.Bins {
			if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
				missing = true
			}
		}
		if !missing {
			if verbose {
				logf("build/%s: cached in %s", m.Dir, dir)
			}
			continue
		}
		logf("building build/%s (%s) into %s ...", m.Dir, strings.Join(m.Bins, ", "), dir)
		tmp, err := os.MkdirTemp(dir, ".build-")
		if err != nil {
			return "", err
		}
		start := time.Now()
		ld, err := c.ldflags(m.Dir)
		if err != nil {
			return "", err
		}
		args := append([]string{"build", "-trimpath", "-ldflags=" + ld, "-o", tmp + "/"}, m.Pkgs...)
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = filepath.Join(c.Root, "build", m.Dir)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("go build in build/%s failed: %v\n%s", m.Dir, err, tail(string(out), 40))
		}
		for _, b := range m.Bins {
			if err := os.Rename(filepath.Join(tmp, b), filepath.Join(dir, b)); err != nil {
				os.RemoveAll(tmp)
				return "", err
			}
		}
		os.RemoveAll(tmp)
		secs := time.Since(start).Seconds()
		records = append(records, buildRecord{Module: m.Dir, Seconds: secs})
		logf("built build/%s in %.0fs", m.Dir, secs)
	}
	if len(records) > 0 {
		f, err := os.OpenFile(filepath.Join(dir, "build-times.jsonl"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err == nil {
			for _, r := range records {
				b, _ := json.Marshal(r)
				f.Write(append(b, '\n'))
			}
			f.Close()
		}
	}
	return dir, nil
}

// karmadaModuleDir returns the folder of the pinned Karmada module in GOMODCACHE
// (downloading it when needed); the CRDs and deploy manifests are read from it.
func (c *Config) karmadaModuleDir(ctx context.Context) (string, error) {
	v, err := c.versions()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", "github.com/karmada-io/karmada@"+v["KARMADA_VERSION"])
	cmd.Dir = filepath.Join(c.Root, "build", "karmada")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download karmada: %v", err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download karmada: no Dir in %s", out)
	}
	return info.Dir, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	st, _ := f.Stat()
	const max = 64 << 10
	if st != nil && st.Size() > max {
		f.Seek(st.Size()-max, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return tail(string(b), n)
}
