package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// member is one regional member cluster.
type member struct {
	Name   string   `json:"name"`
	Region string   `json:"region"`
	Zones  []string `json:"zones"`
	Index  int      `json:"index"`
	// Mode is Push or Pull for members that `up` registers in Karmada, and
	// empty for members made by `member add` (registered later by a scaffolder action).
	Mode string `json:"mode,omitempty"`
	// Owner is who `member add --owner` made it for (a Backstage entity ref),
	// as a cloud account would record a cluster's creator.
	Owner string `json:"owner,omitempty"`
}

var defaultMembers = []member{
	{Name: "na", Region: "na", Zones: []string{"na-1a", "na-1b"}, Index: 0, Mode: "Push"},
	{Name: "eu", Region: "eu", Zones: []string{"eu-1a", "eu-1b"}, Index: 1, Mode: "Push"},
	{Name: "sea", Region: "sea", Zones: []string{"sea-1a", "sea-1b"}, Index: 2, Mode: "Pull"},
}

func (c *Config) membersFile() string { return c.path("members.json") }

func (c *Config) members() ([]member, error) {
	b, err := os.ReadFile(c.membersFile())
	if os.IsNotExist(err) {
		return append([]member(nil), defaultMembers...), nil
	}
	if err != nil {
		return nil, err
	}
	var ms []member
	if err := json.Unmarshal(b, &ms); err != nil {
		return nil, err
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Index < ms[j].Index })
	return ms, nil
}

func (c *Config) saveMembers(ms []member) error {
	b, _ := json.MarshalIndent(ms, "", "  ")
	return os.WriteFile(c.membersFile(), b, 0o644)
}

func (c *Config) findMember(name string) (*member, error) {
	ms, err := c.members()
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].Name == name {
			return &ms[i], nil
		}
	}
	return nil, fmt.Errorf("no member %q (known: %v)", name, memberNames(ms))
}

func memberNames(ms []member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

// Per-member ports.
func (c *Config) mAPIPort(m member) int   { return c.memberBase(m.Index) }
func (c *Config) mKCMPort(m member) int   { return c.memberBase(m.Index) + 1 }
func (c *Config) mSchedPort(m member) int { return c.memberBase(m.Index) + 2 }
func (c *Config) mKwokPort(m member) int  { return c.memberBase(m.Index) + 3 }
func (c *Config) mAgentMetrics(m member) int {
	return c.memberBase(m.Index) + 4
}
func (c *Config) mAgentHealth(m member) int { return c.memberBase(m.Index) + 5 }
func (c *Config) memberURL(m member) string {
	return fmt.Sprintf("https://127.0.0.1:%d", c.mAPIPort(m))
}

func (c *Config) bin(name string) string { return filepath.Join(c.BinDir, name) }

func (c *Config) up(ctx context.Context) error {
	t0 := time.Now()
	if _, err := c.ensureBinaries(ctx, false); err != nil {
		return err
	}
	if _, err := prometheusBinary(); err != nil {
		return err
	}
	tBuilt := time.Now()
	for _, d := range []string{"", "logs", "run", "kubeconfig", "tokens"} {
		if err := os.MkdirAll(c.path(d), 0o700); err != nil {
			return err
		}
	}
	ms, err := c.members()
	if err != nil {
		return err
	}
	if err := c.saveMembers(ms); err != nil {
		return err
	}
	if err := c.ensurePKI(memberNames(ms)); err != nil {
		return fmt.Errorf("pki: %v", err)
	}
	for _, m := range ms {
		if err := c.ensureMemberPKI(m.Name, m.Mode == "Pull"); err != nil {
			return err
		}
	}
	if err := c.writeKubeconfig(c.kubeconfigPath("karmada-admin"), "karmada", c.karmadaURL(), c.adminCrt(), c.adminKey()); err != nil {
		return err
	}
	kmod, err := c.karmadaModuleDir(ctx)
	if err != nil {
		return err
	}
	stages, err := c.kwokStages(ctx)
	if err != nil {
		return err
	}

	// 1. etcd
	etcd, err := c.start("etcd", c.bin("testbed-etcd"),
		"--data-dir="+c.path("etcd"),
		fmt.Sprintf("--listen-client-url=http://127.0.0.1:%d", c.etcdPort()),
		fmt.Sprintf("--listen-peer-url=http://127.0.0.1:%d", c.etcdPeerPort()))
	if err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, etcd, fmt.Sprintf("http://127.0.0.1:%d/health", c.etcdPort()), 60*time.Second); err != nil {
		return err
	}

	// 2. all API servers at once (they are the slow part of a warm start)
	kapi, err := c.startKarmadaAPIServer()
	if err != nil {
		return err
	}
	mapis := map[string]*proc{}
	for _, m := range ms {
		p, err := c.startMemberAPIServer(m)
		if err != nil {
			return err
		}
		mapis[m.Name] = p
	}
	if err := c.waitHTTP(ctx, kapi, c.karmadaURL()+"/readyz", 120*time.Second); err != nil {
		return err
	}
	logf("karmada-apiserver ready (%.0fs)", time.Since(tBuilt).Seconds())

	// 3. Karmada control plane objects and components
	k, err := newClients(c.restConfig(c.karmadaURL()))
	if err != nil {
		return err
	}
	if err := c.installKarmadaObjects(ctx, k, kmod); err != nil {
		return err
	}
	if err := c.installIstioCRDs(ctx, k); err != nil {
		return err
	}
	if err := c.startKarmadaComponents(ctx); err != nil {
		return err
	}

	// 4. members: controllers, scheduler, KWOK, nodes
	for _, m := range ms {
		if err := c.waitHTTP(ctx, mapis[m.Name], c.memberURL(m)+"/readyz", 120*time.Second); err != nil {
			return err
		}
		if err := c.startMemberComponents(ctx, m, stages); err != nil {
			return err
		}
	}
	logf("member API servers ready (%.0fs)", time.Since(tBuilt).Seconds())

	// Aggregated API (Cluster objects) must be available before registration.
	if err := c.waitAPIService(ctx, k); err != nil {
		return err
	}
	if err := c.setupBootstrapTokens(ctx, k); err != nil {
		return err
	}
	if err := c.setupBackstageAccess(ctx, k); err != nil {
		return err
	}

	// 5. registration, in parallel
	var wg sync.WaitGroup
	errs := make([]error, len(ms))
	for i, m := range ms {
		wg.Add(1)
		go func(i int, m member) {
			defer wg.Done()
			mk, err := newClients(c.restConfig(c.memberURL(m)))
			if err != nil {
				errs[i] = err
				return
			}
			if err := c.ensureNodes(ctx, mk, m); err != nil {
				errs[i] = fmt.Errorf("%s nodes: %v", m.Name, err)
				return
			}
			if err := c.memberRBAC(ctx, mk); err != nil {
				errs[i] = fmt.Errorf("%s rbac: %v", m.Name, err)
				return
			}
			if err := c.installIstioCRDs(ctx, mk); err != nil {
				errs[i] = fmt.Errorf("%s istio CRDs: %v", m.Name, err)
				return
			}
			if err := c.setupIstio(ctx, mk, m); err != nil {
				errs[i] = fmt.Errorf("%s istiod: %v", m.Name, err)
				return
			}
			switch m.Mode {
			case "Push":
				errs[i] = c.registerPush(ctx, k, mk, m)
			case "Pull":
				errs[i] = c.startAgent(m)
			}
		}(i, m)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if err := c.linkMesh(ctx, ms); err != nil {
		return fmt.Errorf("mesh: %v", err)
	}

	// 6. wait until every registered cluster is Ready with summaries filled.
	var regs []string
	for _, m := range ms {
		if m.Mode != "" {
			regs = append(regs, m.Name)
		}
	}
	if err := c.waitClustersReady(ctx, k, regs, 120*time.Second); err != nil {
		return err
	}
	// 7. simulated mesh traffic (Istio metrics) and Prometheus scraping it.
	if err := c.startTrafficSim(ctx); err != nil {
		return err
	}
	if err := c.startPrometheus(ctx); err != nil {
		return err
	}
	logf("testbed is up: %d clusters Ready; start %.0fs (build/cache check %.0fs)", len(regs), time.Since(tBuilt).Seconds(), tBuilt.Sub(t0).Seconds())
	fmt.Fprintf(os.Stderr, "  karmada: %s  (kubeconfig %s)\n  eval \"$(%s env)\" for client settings\n",
		c.karmadaURL(), c.kubeconfigPath("karmada-admin"), filepath.Join(c.Root, "testbed"))
	return nil
}

func (c *Config) startKarmadaAPIServer() (*proc, error) {
	return c.start("karmada-apiserver", c.bin("kube-apiserver"),
		"--etcd-servers="+fmt.Sprintf("http://127.0.0.1:%d", c.etcdPort()),
		"--etcd-prefix=/karmada",
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.karmadaAPIPort()),
		"--tls-cert-file="+c.serverCrt(),
		"--tls-private-key-file="+c.serverKey(),
		"--client-ca-file="+c.caCrt(),
		"--authorization-mode=RBAC",
		"--enable-bootstrap-token-auth=true",
		"--allow-privileged=true",
		"--disable-admission-plugins=StorageObjectInUseProtection,ServiceAccount",
		"--service-account-issuer=https://karmada.testbed.local",
		"--service-account-key-file="+c.saPub("karmada"),
		"--service-account-signing-key-file="+c.saKey("karmada"),
		"--service-account-max-token-expiration=8760h",
		"--service-cluster-ip-range=10.96.0.0/16",
		"--endpoint-reconciler-type=none",
		"--proxy-client-cert-file="+c.frontCrt(),
		"--proxy-client-key-file="+c.frontKey(),
		"--requestheader-client-ca-file="+c.frontCA(),
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
	)
}

func (c *Config) startMemberAPIServer(m member) (*proc, error) {
	return c.start(m.Name+"-apiserver", c.bin("kube-apiserver"),
		"--etcd-servers="+fmt.Sprintf("http://127.0.0.1:%d", c.etcdPort()),
		"--etcd-prefix=/member-"+m.Name,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.mAPIPort(m)),
		"--tls-cert-file="+c.serverCrt(),
		"--tls-private-key-file="+c.serverKey(),
		"--client-ca-file="+c.caCrt(),
		"--authorization-mode=RBAC",
		"--allow-privileged=true",
		"--service-account-issuer=https://"+m.Name+".testbed.local",
		"--service-account-key-file="+c.saPub(m.Name),
		"--service-account-signing-key-file="+c.saKey(m.Name),
		"--service-cluster-ip-range=10.96.0.0/16",
		"--endpoint-reconciler-type=none",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
	)
}

// installKarmadaObjects applies, from the Karmada module in GOMODCACHE, the
// namespace, CRDs, webhook configuration and RBAC, and creates the APIService
// and ExternalName Service for the aggregated API server.
func (c *Config) installKarmadaObjects(ctx context.Context, k *kclients, kmod string) error {
	deploy := filepath.Join(kmod, "artifacts", "deploy")
	if err := c.applyFile(ctx, k, filepath.Join(deploy, "namespace.yaml"), nil); err != nil {
		return err
	}
	var crds []string
	filepath.WalkDir(filepath.Join(kmod, "charts", "karmada", "_crds", "bases"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			crds = append(crds, p)
		}
		return nil
	})
	if len(crds) == 0 {
		return fmt.Errorf("no CRDs found under %s", kmod)
	}
	for _, f := range crds {
		if err := c.applyFile(ctx, k, f, nil); err != nil {
			return err
		}
	}
	caB64 := base64.StdEncoding.EncodeToString(mustRead(c.caCrt()))
	webhookURL := fmt.Sprintf("https://127.0.0.1:%d/", c.webhookPort())
	if err := c.applyFile(ctx, k, filepath.Join(deploy, "webhook-configuration.yaml"), func(b []byte) []byte {
		s := strings.ReplaceAll(string(b), "{{caBundle}}", caB64)
		s = strings.ReplaceAll(s, "https://karmada-webhook.karmada-system.svc:443/", webhookURL)
		return []byte(s)
	}); err != nil {
		return err
	}
	for _, f := range []string{"cluster-proxy-admin-rbac.yaml", "admin-clusterrole-aggregation.yaml"} {
		if err := c.applyFile(ctx, k, filepath.Join(deploy, f), nil); err != nil {
			return err
		}
	}
	svc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Service",
		"metadata": map[string]any{"name": "karmada-aggregated-apiserver", "namespace": "karmada-system"},
		"spec":     map[string]any{"type": "ExternalName", "externalName": "localhost"},
	}}
	apisvc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
		"metadata": map[string]any{"name": "v1alpha1.cluster.karmada.io", "labels": map[string]any{"app": "karmada-aggregated-apiserver", "apiserver": "true"}},
		"spec": map[string]any{
			"caBundle": caB64, "group": "cluster.karmada.io", "version": "v1alpha1",
			"groupPriorityMinimum": int64(2000), "versionPriority": int64(10),
			"service": map[string]any{"name": "karmada-aggregated-apiserver", "namespace": "karmada-system", "port": int64(c.aggregatedPort())},
		},
	}}
	return k.apply(ctx, []*unstructured.Unstructured{svc, apisvc}, 60*time.Second)
}

func (c *Config) startKarmadaComponents(ctx context.Context) error {
	kcfg := c.kubeconfigPath("karmada-admin")
	etcd := fmt.Sprintf("http://127.0.0.1:%d", c.etcdPort())
	steps := []struct {
		name, bin string
		args      []string
		health    string
	}{
		{"karmada-kcm", "kube-controller-manager", []string{
			"--kubeconfig=" + kcfg, "--authentication-kubeconfig=" + kcfg, "--authorization-kubeconfig=" + kcfg,
			"--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", c.karmadaKCMPort()),
			"--tls-cert-file=" + c.serverCrt(), "--tls-private-key-file=" + c.serverKey(),
			"--client-ca-file=" + c.caCrt(), "--root-ca-file=" + c.caCrt(),
			"--service-account-private-key-file=" + c.saKey("karmada"),
			"--cluster-name=karmada", "--leader-elect=false",
			// As Karmada's own install: bootstrap tokens and the CSR signer
			// let Pull-mode agents obtain client certificates.
			"--controllers=namespace-controller,garbage-collector-controller,serviceaccount-token-controller,ttl-after-finished-controller,clusterrole-aggregation-controller," +
				"bootstrap-signer-controller,token-cleaner-controller,certificatesigningrequest-signing-controller," +
				"certificatesigningrequest-approving-controller,certificatesigningrequest-cleaner-controller",
			"--cluster-signing-cert-file=" + c.caCrt(), "--cluster-signing-key-file=" + c.caKey(),
		}, fmt.Sprintf("https://127.0.0.1:%d/healthz", c.karmadaKCMPort())},
		{"karmada-aggregated-apiserver", "aggregated-apiserver", []string{
			"--kubeconfig=" + kcfg, "--authentication-kubeconfig=" + kcfg, "--authorization-kubeconfig=" + kcfg,
			"--etcd-servers=" + etcd, "--etcd-prefix=/karmada-aggregated",
			"--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", c.aggregatedPort()),
			"--tls-cert-file=" + c.serverCrt(), "--tls-private-key-file=" + c.serverKey(),
			"--audit-log-path=-", "--audit-log-maxage=0", "--audit-log-maxbackup=0",
		}, fmt.Sprintf("https://127.0.0.1:%d/readyz", c.aggregatedPort())},
		{"karmada-webhook", "webhook", []string{
			"--kubeconfig=" + kcfg, "--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", c.webhookPort()),
			"--cert-dir=" + c.webhookCertDir(),
			fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", c.webhookMetrics()),
			fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", c.webhookHealth()),
		}, fmt.Sprintf("any+https://127.0.0.1:%d/readyz", c.webhookPort())},
		{"karmada-controller-manager", "controller-manager", []string{
			"--kubeconfig=" + kcfg, "--cluster-status-update-frequency=10s",
			"--leader-elect=false",
			fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", c.cmMetrics()),
			fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", c.cmHealth()),
		}, fmt.Sprintf("http://127.0.0.1:%d/healthz", c.cmHealth())},
		{"karmada-scheduler", "scheduler", []string{
			"--kubeconfig=" + kcfg, "--leader-elect=false",
			fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", c.schedMetrics()),
			fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", c.schedHealth()),
		}, fmt.Sprintf("http://127.0.0.1:%d/healthz", c.schedHealth())},
	}
	procs := make([]*proc, len(steps))
	for i, s := range steps {
		p, err := c.start(s.name, c.bin(s.bin), s.args...)
		if err != nil {
			return err
		}
		procs[i] = p
	}
	for i, s := range steps {
		if err := c.waitHTTP(ctx, procs[i], s.health, 120*time.Second); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) waitAPIService(ctx context.Context, k *kclients) error {
	return poll(ctx, 90*time.Second, "APIService v1alpha1.cluster.karmada.io Available", func() (bool, error) {
		_, err := k.kube.Discovery().ServerResourcesForGroupVersion("cluster.karmada.io/v1alpha1")
		return err == nil, err
	})
}

// podReadyAgainStage plays the kubelet after a member restart: the node
// lifecycle controller marks pods Ready=False while the member is down, and
// KWOK's stages, which only move pods forward from Pending, never mark them
// Ready again. A real kubelet would, once its node reports again.
const podReadyAgainStage = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready-again
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Running'
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values:
      - 'False'
  delay:
    durationMilliseconds: 1000
  next:
    statusTemplate: |
      conditions:
      - lastProbeTime: null
        lastTransitionTime: {{ Now | Quote }}
        message: ''
        reason: ''
        status: "True"
        type: Ready
`

// kwokStages concatenates KWOK's default node and pod stages, read from the
// pinned KWOK module in GOMODCACHE, into one config file for the kwok process.
func (c *Config) kwokStages(ctx context.Context) (string, error) {
	v, err := c.versions()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", "sigs.k8s.io/kwok@"+v["KWOK_VERSION"])
	cmd.Dir = filepath.Join(c.Root, "build", "kwok")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download kwok: %v", err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download kwok: no Dir")
	}
	var docs []string
	for _, f := range []string{
		"kustomize/stage/node/fast/node-initialize.yaml",
		"kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
		"kustomize/stage/pod/fast/pod-ready.yaml",
		"kustomize/stage/pod/fast/pod-complete.yaml",
		"kustomize/stage/pod/fast/pod-delete.yaml",
	} {
		b, err := os.ReadFile(filepath.Join(info.Dir, f))
		if err != nil {
			return "", err
		}
		docs = append(docs, string(b))
	}
	docs = append(docs, podReadyAgainStage)
	path := c.path("kwok-stages.yaml")
	return path, os.WriteFile(path, []byte(strings.Join(docs, "\n---\n")), 0o644)
}

func (c *Config) startMemberComponents(ctx context.Context, m member, stages string) error {
	kcfg := c.kubeconfigPath(m.Name)
	if err := c.writeKubeconfig(kcfg, m.Name, c.memberURL(m), c.adminCrt(), c.adminKey()); err != nil {
		return err
	}
	kcm, err := c.start(m.Name+"-kcm", c.bin("kube-controller-manager"),
		"--kubeconfig="+kcfg, "--authentication-kubeconfig="+kcfg, "--authorization-kubeconfig="+kcfg,
		"--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", c.mKCMPort(m)),
		"--tls-cert-file="+c.serverCrt(), "--tls-private-key-file="+c.serverKey(),
		"--client-ca-file="+c.caCrt(), "--root-ca-file="+c.caCrt(),
		"--service-account-private-key-file="+c.saKey(m.Name),
		"--cluster-name="+m.Name, "--leader-elect=false",
		"--controllers="+memberControllers,
	)
	if err != nil {
		return err
	}
	sched, err := c.start(m.Name+"-scheduler", c.bin("kube-scheduler"),
		"--kubeconfig="+kcfg, "--authentication-kubeconfig="+kcfg, "--authorization-kubeconfig="+kcfg,
		"--bind-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", c.mSchedPort(m)),
		"--tls-cert-file="+c.serverCrt(), "--tls-private-key-file="+c.serverKey(),
		"--leader-elect=false",
	)
	if err != nil {
		return err
	}
	cidr, err := c.nextPodCIDR(m)
	if err != nil {
		return err
	}
	kw, err := c.start(m.Name+"-kwok", c.bin("kwok"),
		"--kubeconfig="+kcfg, "--config="+stages,
		// The heartbeat-with-lease stage only updates node status now and
		// then; kwok must renew the node leases itself, or the node
		// lifecycle controller sees nodes go NotReady every ~50 s and marks
		// their pods not ready.
		"--node-lease-duration-seconds=40",
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
		fmt.Sprintf("--server-address=127.0.0.1:%d", c.mKwokPort(m)),
		"--node-ip=127.0.0.1",
		"--cidr="+cidr,
	)
	if err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, kcm, fmt.Sprintf("https://127.0.0.1:%d/healthz", c.mKCMPort(m)), 90*time.Second); err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, sched, fmt.Sprintf("https://127.0.0.1:%d/healthz", c.mSchedPort(m)), 90*time.Second); err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, kw, fmt.Sprintf("http://127.0.0.1:%d/healthz", c.mKwokPort(m)), 90*time.Second); err != nil {
		return err
	}
	return nil
}

func (c *Config) startAgent(m member) error {
	kk := c.kubeconfigPath("agent-" + m.Name + "-karmada")
	if err := c.writeKubeconfig(kk, "karmada", c.karmadaURL(), c.agentCrt(m.Name), c.agentKey(m.Name)); err != nil {
		return err
	}
	_, err := c.start(m.Name+"-agent", c.bin("agent"),
		"--karmada-kubeconfig="+kk,
		"--kubeconfig="+c.kubeconfigPath(m.Name),
		"--cluster-name="+m.Name,
		"--cluster-api-endpoint="+c.memberURL(m),
		"--cluster-provider=testbed",
		"--cluster-region="+m.Region,
		"--cluster-zones="+strings.Join(m.Zones, ","),
		"--cluster-status-update-frequency=10s",
		"--leader-elect=false",
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", c.mAgentMetrics(m)),
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", c.mAgentHealth(m)),
	)
	return err
}

// memberControllers are the kube-controller-manager controllers a member runs:
// what Deployments, Services and service-account tokens need, and node
// lifecycle; volume and cloud controllers are left out.
const memberControllers = "serviceaccount-token-controller,serviceaccount-controller,namespace-controller," +
	"garbage-collector-controller,deployment-controller,replicaset-controller,statefulset-controller," +
	"daemonset-controller,job-controller,cronjob-controller,endpoints-controller,endpointslice-controller," +
	"endpointslice-mirroring-controller,pod-garbage-collector-controller,node-lifecycle-controller," +
	"taint-eviction-controller,clusterrole-aggregation-controller,root-ca-certificate-publisher-controller," +
	"resourcequota-controller,disruption-controller,ttl-after-finished-controller"

// nextPodCIDR gives each start of a member's kwok a fresh /20 of the
// member's 10.<100+index>.0.0/16. kwok forgets which pod IPs it handed out
// when it stops and only relearns those of pods it patches again, so a
// restarted kwok that reused the same range gave new pods the IPs of
// running ones (two pods, one endpoint address).
func (c *Config) nextPodCIDR(m member) (string, error) {
	path := c.path("run", m.Name+"-kwok-generation")
	generation := 0
	if b, err := os.ReadFile(path); err == nil {
		generation, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	next := (generation + 1) % 16
	if err := os.WriteFile(path, []byte(strconv.Itoa(next)), 0o644); err != nil {
		return "", err
	}
	return fmt.Sprintf("10.%d.%d.0/20", 100+m.Index, generation*16), nil
}
