package integration

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	authzv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Tests run in file order: cluster checks first, workloads next, the
// stop/start test last (it takes a member away for a while).

func TestUpIsIdempotent(t *testing.T) {
	e := newEnv(t)
	_ = e
	before := pids(t)
	if len(before) < 20 {
		t.Fatalf("expected at least 20 recorded testbed processes, got %d: %v", len(before), before)
	}
	start := time.Now()
	runTestbed(t, "up")
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("second `up` took %s; it should only check and return", d)
	}
	after := pids(t)
	for name, pid := range before {
		if after[name] != pid {
			t.Errorf("second `up` restarted %s: pid %d -> %d", name, pid, after[name])
		}
	}
}

// pids reads the launcher's per-process records.
func pids(t testing.TB) map[string]int {
	return pidsAt(t, stateDir(t))
}

// pidsAt reads the per-process records of the testbed whose state folder is st.
func pidsAt(t testing.TB, st string) map[string]int {
	out := map[string]int{}
	entries, err := os.ReadDir(filepath.Join(st, "run"))
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if !strings.HasSuffix(en.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(st, "run", en.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Name string `json:"name"`
			PID  int    `json:"pid"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		out[p.Name] = p.PID
	}
	return out
}

func TestClustersReady(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	wantMode := map[string]string{"na": "Push", "eu": "Push", "sea": "Pull"}
	for _, name := range members {
		t.Run(name, func(t *testing.T) {
			o, err := e.karmadaDyn.Resource(clusterGVR).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if s, r := clusterReady(o); s != "True" {
				t.Errorf("Ready=%q reason=%q", s, r)
			}
			spec := func(f ...string) string {
				v, _, _ := unstructured.NestedString(o.Object, append([]string{"spec"}, f...)...)
				return v
			}
			if spec("region") != name {
				t.Errorf("region=%q, want %q", spec("region"), name)
			}
			if spec("provider") != "testbed" {
				t.Errorf("provider=%q", spec("provider"))
			}
			if spec("syncMode") != wantMode[name] {
				t.Errorf("syncMode=%q, want %q", spec("syncMode"), wantMode[name])
			}
			zones, _, _ := unstructured.NestedStringSlice(o.Object, "spec", "zones")
			if len(zones) < 2 || !strings.HasPrefix(zones[0], name+"-") {
				t.Errorf("zones=%v", zones)
			}
			ver, _, _ := unstructured.NestedString(o.Object, "status", "kubernetesVersion")
			if !strings.HasPrefix(ver, "v1.") {
				t.Errorf("kubernetesVersion=%q", ver)
			}
			total, _, _ := unstructured.NestedInt64(o.Object, "status", "nodeSummary", "totalNum")
			ready, _, _ := unstructured.NestedInt64(o.Object, "status", "nodeSummary", "readyNum")
			if total < 3 || ready != total {
				t.Errorf("nodeSummary total=%d ready=%d, want >=3 all ready", total, ready)
			}
			cpu, _, _ := unstructured.NestedString(o.Object, "status", "resourceSummary", "allocatable", "cpu")
			pods, _, _ := unstructured.NestedString(o.Object, "status", "resourceSummary", "allocatable", "pods")
			if cpu == "" || cpu == "0" || pods == "" || pods == "0" {
				t.Errorf("resourceSummary.allocatable cpu=%q pods=%q", cpu, pods)
			}
			apis, _, _ := unstructured.NestedSlice(o.Object, "status", "apiEnablements")
			if len(apis) == 0 {
				t.Errorf("no apiEnablements")
			}
		})
	}
}

func TestMemberNodesHaveTopology(t *testing.T) {
	e := newEnv(t)
	for _, m := range members {
		nodes, err := e.member[m].CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		zones := map[string]bool{}
		for _, n := range nodes.Items {
			if n.Labels["topology.kubernetes.io/region"] != m {
				t.Errorf("%s/%s region label %q", m, n.Name, n.Labels["topology.kubernetes.io/region"])
			}
			zones[n.Labels["topology.kubernetes.io/zone"]] = true
			ready := false
			for _, c := range n.Status.Conditions {
				if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
					ready = true
				}
			}
			if !ready {
				t.Errorf("%s/%s not Ready", m, n.Name)
			}
			if n.Status.Allocatable.Cpu().IsZero() || n.Status.Allocatable.Memory().IsZero() || n.Status.Allocatable.Pods().IsZero() {
				t.Errorf("%s/%s allocatable %v", m, n.Name, n.Status.Allocatable)
			}
		}
		if len(nodes.Items) < 3 || len(zones) < 2 {
			t.Errorf("%s: %d nodes in zones %v, want >=3 nodes in >=2 zones", m, len(nodes.Items), zones)
		}
	}
}

func TestWeightedDivision(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ensureNamespace(t, e)
	const name = "hello"
	deleteWorkload(t, e, name) // leftovers of an interrupted run
	t.Cleanup(func() { deleteWorkload(t, e, name) })

	pp := mustUnstructured(t, fmt.Sprintf(`apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: %s
  namespace: %s
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: %s
  placement:
    clusterAffinity:
      clusterNames: [na, eu, sea]
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - targetCluster: {clusterNames: [na]}
          weight: 4
        - targetCluster: {clusterNames: [eu]}
          weight: 1
        - targetCluster: {clusterNames: [sea]}
          weight: 1
`, name, testNS, name))
	if _, err := e.karmadaDyn.Resource(ppGVR).Namespace(testNS).Create(ctx, pp, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := e.karmadaDyn.Resource(deployGVR).Namespace(testNS).Create(ctx, mustUnstructured(t, deploymentYAML(name, 6)), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"na": 4, "eu": 1, "sea": 1}
	eventually(t, 60*time.Second, "binding placed and healthy, members ready", func() (bool, string) {
		rb, err := e.karmadaDyn.Resource(rbGVR).Namespace(testNS).Get(ctx, name+"-deployment", metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		got := bindingClusters(rb)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return false, fmt.Sprintf("spec.clusters=%v", got)
		}
		agg, _, _ := unstructured.NestedSlice(rb.Object, "status", "aggregatedStatus")
		healthy := map[string]bool{}
		for _, a := range agg {
			am, _ := a.(map[string]any)
			cn, _ := am["clusterName"].(string)
			applied, _ := am["applied"].(bool)
			health, _ := am["health"].(string)
			healthy[cn] = applied && health == "Healthy"
		}
		for m := range want {
			if !healthy[m] {
				return false, fmt.Sprintf("aggregatedStatus=%v", agg)
			}
		}
		for m, n := range want {
			d, err := e.member[m].AppsV1().Deployments(testNS).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, m + ": " + err.Error()
			}
			if int64(d.Status.ReadyReplicas) != n || d.Spec.Replicas == nil || int64(*d.Spec.Replicas) != n {
				return false, fmt.Sprintf("%s: replicas=%v ready=%d want %d", m, d.Spec.Replicas, d.Status.ReadyReplicas, n)
			}
		}
		return true, ""
	})
	t.Logf("weighted placement ready after %s", time.Since(start).Round(time.Second))

	// Pods run on simulated nodes that carry the member's region label.
	for m := range want {
		pods, err := e.member[m].CoreV1().Pods(testNS).List(ctx, metav1.ListOptions{LabelSelector: "backstage.io/kubernetes-id=" + name})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pods.Items {
			if p.Spec.NodeName == "" || p.Status.Phase != corev1.PodRunning {
				t.Errorf("%s pod %s node=%q phase=%s", m, p.Name, p.Spec.NodeName, p.Status.Phase)
				continue
			}
			node, err := e.member[m].CoreV1().Nodes().Get(ctx, p.Spec.NodeName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if node.Labels["topology.kubernetes.io/region"] != m {
				t.Errorf("%s pod %s on node %s of region %q", m, p.Name, node.Name, node.Labels["topology.kubernetes.io/region"])
			}
		}
	}

	// The Karmada template reports the aggregated status.
	eventually(t, 30*time.Second, "karmada deployment status aggregated", func() (bool, string) {
		d, err := e.karmada.AppsV1().Deployments(testNS).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		return d.Status.ReadyReplicas == 6, fmt.Sprintf("readyReplicas=%d", d.Status.ReadyReplicas)
	})
}

func TestDuplicatedWithAffinity(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ensureNamespace(t, e)
	const name = "hello-dup"
	deleteWorkload(t, e, name)
	t.Cleanup(func() { deleteWorkload(t, e, name) })

	pp := mustUnstructured(t, fmt.Sprintf(`apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: %s
  namespace: %s
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: %s
  placement:
    clusterAffinity:
      clusterNames: [eu, sea]
    replicaScheduling:
      replicaSchedulingType: Duplicated
`, name, testNS, name))
	if _, err := e.karmadaDyn.Resource(ppGVR).Namespace(testNS).Create(ctx, pp, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.karmadaDyn.Resource(deployGVR).Namespace(testNS).Create(ctx, mustUnstructured(t, deploymentYAML(name, 2)), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"eu": 2, "sea": 2}
	eventually(t, 60*time.Second, "duplicated placement on eu and sea", func() (bool, string) {
		rb, err := e.karmadaDyn.Resource(rbGVR).Namespace(testNS).Get(ctx, name+"-deployment", metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		if got := bindingClusters(rb); fmt.Sprint(got) != fmt.Sprint(want) {
			return false, fmt.Sprintf("spec.clusters=%v", got)
		}
		for m, n := range want {
			d, err := e.member[m].AppsV1().Deployments(testNS).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, m + ": " + err.Error()
			}
			if int64(d.Status.ReadyReplicas) != n {
				return false, fmt.Sprintf("%s ready=%d", m, d.Status.ReadyReplicas)
			}
		}
		return true, ""
	})
	// And never on na.
	if _, err := e.member["na"].AppsV1().Deployments(testNS).Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("deployment %s on na: err=%v, want NotFound", name, err)
	}
}

// TestClusterProxyWithPortalToken uses the read-mostly service account whose
// token file `testbed env` prints, as the Backstage backend would.
func TestClusterProxyWithPortalToken(t *testing.T) {
	e := newEnv(t)
	st := stateDir(t)
	tok, err := os.ReadFile(filepath.Join(st, "tokens", "backstage.token"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(st, "tokens", "backstage.token")); fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	ca, err := os.ReadFile(filepath.Join(st, "pki", "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	hc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	get := func(path string) (int, []byte) {
		req, _ := http.NewRequest("GET", e.karmadaCfg.Host+path, nil)
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(tok)))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, b := get("/apis/cluster.karmada.io/v1alpha1/clusters"); code != 200 || !strings.Contains(string(b), `"name":"sea"`) {
		t.Fatalf("list clusters with portal token: %d %.300s", code, b)
	}
	if code, b := get("/apis/work.karmada.io/v1alpha2/resourcebindings"); code != 200 {
		t.Fatalf("list resourcebindings with portal token: %d %.300s", code, b)
	}
	for _, m := range members {
		var code int
		var b []byte
		// The impersonation RBAC in members is synced by Karmada's unified-auth
		// controller; allow it a moment after a fresh `up`.
		deadline := time.Now().Add(60 * time.Second)
		for {
			code, b = get("/apis/cluster.karmada.io/v1alpha1/clusters/" + m + "/proxy/api/v1/nodes")
			if code == 200 || time.Now().After(deadline) {
				break
			}
			time.Sleep(2 * time.Second)
		}
		if code != 200 {
			t.Errorf("proxy to %s nodes: %d %.300s", m, code, b)
			continue
		}
		var nl corev1.NodeList
		if err := json.Unmarshal(b, &nl); err != nil {
			t.Fatal(err)
		}
		if len(nl.Items) < 3 || nl.Items[0].Labels["topology.kubernetes.io/region"] != m {
			t.Errorf("proxy to %s returned %d nodes", m, len(nl.Items))
		}
		if code, b := get("/apis/cluster.karmada.io/v1alpha1/clusters/" + m + "/proxy/api/v1/namespaces/kube-system/events"); code != 200 {
			t.Errorf("proxy to %s events: %d %.300s", m, code, b)
		}
	}
	// Read-mostly: the portal account may not delete clusters or secrets.
	cfg := rest.CopyConfig(e.karmadaCfg)
	cfg.TLSClientConfig = rest.TLSClientConfig{CAData: ca}
	cfg.BearerToken = strings.TrimSpace(string(tok))
	kc := kubernetes.NewForConfigOrDie(cfg)
	for _, ra := range []authzv1.ResourceAttributes{
		{Group: "cluster.karmada.io", Resource: "clusters", Verb: "delete"},
		{Group: "", Resource: "secrets", Verb: "get", Namespace: "karmada-cluster"},
	} {
		r, err := kc.AuthorizationV1().SelfSubjectAccessReviews().Create(context.Background(), &authzv1.SelfSubjectAccessReview{Spec: authzv1.SelfSubjectAccessReviewSpec{ResourceAttributes: &ra}}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status.Allowed {
			t.Errorf("portal token is allowed %s %s", ra.Verb, ra.Resource)
		}
	}
}

// TestMemberStopStart takes sea's API server away and brings it back.
func TestMemberStopStart(t *testing.T) {
	e := newEnv(t)
	waitClusterReady(t, e, "sea", "True", 30*time.Second)
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			runTestbed(t, "member", "start", "sea")
		}
	})
	runTestbed(t, "member", "stop", "sea")
	start := time.Now()
	waitClusterReady(t, e, "sea", "not True", 180*time.Second)
	t.Logf("sea left Ready=True %s after stop", time.Since(start).Round(time.Second))
	// The others stay Ready.
	for _, m := range []string{"na", "eu"} {
		waitClusterReady(t, e, m, "True", 5*time.Second)
	}
	runTestbed(t, "member", "start", "sea")
	restarted = true
	start = time.Now()
	waitClusterReady(t, e, "sea", "True", 180*time.Second)
	t.Logf("sea back to Ready=True %s after start", time.Since(start).Round(time.Second))
}
