package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

var clusterGVR = schema.GroupVersionResource{Group: "cluster.karmada.io", Version: "v1alpha1", Resource: "clusters"}

const (
	clusterNS      = "karmada-cluster"
	systemLabel    = "karmada.io/system"
	backstageNS    = "testbed"
	backstageSA    = "backstage"
	backstageRole  = "testbed-backstage"
	nodesPerMember = 3
)

// ensureNodes creates the simulated nodes KWOK manages: nodesPerMember per
// member, spread over its zones, with region/zone labels and capacity.
func (c *Config) ensureNodes(ctx context.Context, k *kclients, m member) error {
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("8"),
		corev1.ResourceMemory: resource.MustParse("32Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	for i := 0; i < nodesPerMember; i++ {
		zone := m.Zones[i%len(m.Zones)]
		name := fmt.Sprintf("%s-node-%d", m.Name, i)
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				Labels: map[string]string{
					"kubernetes.io/hostname":           name,
					"kubernetes.io/os":                 "linux",
					"kubernetes.io/arch":               "amd64",
					"type":                             "kwok",
					"topology.kubernetes.io/region":    m.Region,
					"topology.kubernetes.io/zone":      zone,
					"node.kubernetes.io/instance-type": "testbed.large",
				},
				Annotations: map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
			},
			Status: corev1.NodeStatus{
				Capacity:    capacity,
				Allocatable: capacity,
				Phase:       corev1.NodeRunning,
				NodeInfo:    corev1.NodeSystemInfo{KubeletVersion: "kwok", OperatingSystem: "linux", Architecture: "amd64"},
			},
		}
		_, err := k.kube.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err := ignoreExists(err); err != nil {
			return err
		}
	}
	return nil
}

// memberRBAC lets the Backstage service account of Karmada, impersonated by
// the cluster proxy, read the member: view, plus nodes, namespaces and the
// Istio objects the mesh panel reads (view does not cover Istio's CRDs).
func (c *Config) memberRBAC(ctx context.Context, k *kclients) error {
	user := fmt.Sprintf("system:serviceaccount:%s:%s", backstageNS, backstageSA)
	cr := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "testbed-backstage-nodes"},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"nodes", "namespaces"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"networking.istio.io"}, Resources: []string{"destinationrules", "virtualservices"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"security.istio.io"}, Resources: []string{"peerauthentications"}, Verbs: []string{"get", "list", "watch"}},
		},
	}
	// Updated in place so a testbed made by an older launcher gains new rules.
	if existing, err := k.kube.RbacV1().ClusterRoles().Get(ctx, cr.Name, metav1.GetOptions{}); err == nil {
		existing.Rules = cr.Rules
		if _, err := k.kube.RbacV1().ClusterRoles().Update(ctx, existing, metav1.UpdateOptions{}); err != nil {
			return err
		}
	} else if _, err := k.kube.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{}); err != nil {
		return err
	}
	// The cluster proxy impersonates the caller with its user name, groups and
	// extras; Karmada's unified-auth controller grants the impersonator the user
	// name, this role adds the service-account groups and token extras.
	imp := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "testbed-impersonate-backstage"},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"users"}, Verbs: []string{"impersonate"}, ResourceNames: []string{user}},
			{APIGroups: []string{""}, Resources: []string{"groups"}, Verbs: []string{"impersonate"},
				ResourceNames: []string{"system:serviceaccounts", "system:serviceaccounts:" + backstageNS, "system:authenticated"}},
			{APIGroups: []string{"authentication.k8s.io"}, Resources: []string{"userextras/authentication.kubernetes.io/credential-id", "userextras/authentication.kubernetes.io/node-name", "userextras/authentication.kubernetes.io/node-uid", "userextras/authentication.kubernetes.io/pod-name", "userextras/authentication.kubernetes.io/pod-uid"}, Verbs: []string{"impersonate"}},
		},
	}
	if _, err := k.kube.RbacV1().ClusterRoles().Create(ctx, imp, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	impb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "testbed-impersonate-backstage"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: imp.Name},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: "karmada-impersonator", Namespace: clusterNS}},
	}
	if _, err := k.kube.RbacV1().ClusterRoleBindings().Create(ctx, impb, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	for name, role := range map[string]string{"testbed-backstage-view": "view", "testbed-backstage-nodes": "testbed-backstage-nodes"} {
		crb := &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role},
			Subjects:   []rbacv1.Subject{{Kind: "User", APIGroup: "rbac.authorization.k8s.io", Name: user}},
		}
		if _, err := k.kube.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); ignoreExists(err) != nil {
			return err
		}
	}
	return nil
}

// saTokenSecret ensures a ServiceAccount and its legacy token Secret (named
// like the ServiceAccount, as karmadactl join does) and waits until the token
// controller filled it.
func saTokenSecret(ctx context.Context, kc kubernetes.Interface, ns, name string) (*corev1.Secret, error) {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{systemLabel: "true"}}}
	if _, err := kc.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return nil, err
	}
	sec := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Annotations: map[string]string{corev1.ServiceAccountNameKey: name}},
		Type:       corev1.SecretTypeServiceAccountToken,
	}
	if _, err := kc.CoreV1().Secrets(ns).Create(ctx, sec, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return nil, err
	}
	var out *corev1.Secret
	err := poll(ctx, 60*time.Second, "token in secret "+ns+"/"+name, func() (bool, error) {
		s, err := kc.CoreV1().Secrets(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		if len(s.Data["token"]) == 0 {
			return false, nil
		}
		out = s
		return true, nil
	})
	return out, err
}

func ensureNamespace(ctx context.Context, kc kubernetes.Interface, name string, labels map[string]string) error {
	_, err := kc.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}, metav1.CreateOptions{})
	return ignoreExists(err)
}

// registerPush does, through API calls, what `karmadactl join` does.
func (c *Config) registerPush(ctx context.Context, k, mk *kclients, m member) error {
	// Member side.
	if err := ensureNamespace(ctx, mk.kube, clusterNS, map[string]string{systemLabel: "true"}); err != nil {
		return err
	}
	imp, err := saTokenSecret(ctx, mk.kube, clusterNS, "karmada-impersonator")
	if err != nil {
		return fmt.Errorf("%s: %v", m.Name, err)
	}
	saName := "karmada-" + m.Name
	roleName := "karmada-controller-manager:" + saName
	cr := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: roleName, Labels: map[string]string{systemLabel: "true"}},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}},
			{NonResourceURLs: []string{"*"}, Verbs: []string{"get"}},
		},
	}
	if _, err := mk.kube.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: roleName, Labels: map[string]string{systemLabel: "true"}},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: roleName},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: saName, Namespace: clusterNS}},
	}
	if _, err := mk.kube.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	cred, err := saTokenSecret(ctx, mk.kube, clusterNS, saName)
	if err != nil {
		return fmt.Errorf("%s: %v", m.Name, err)
	}
	ks, err := mk.kube.CoreV1().Namespaces().Get(ctx, "kube-system", metav1.GetOptions{})
	if err != nil {
		return err
	}

	// Karmada side.
	if err := ensureNamespace(ctx, k.kube, clusterNS, map[string]string{systemLabel: "true"}); err != nil {
		return err
	}
	secrets := map[string]map[string][]byte{
		m.Name:                   {"caBundle": cred.Data["ca.crt"], "token": cred.Data["token"]},
		m.Name + "-impersonator": {"token": imp.Data["token"]},
	}
	for name, data := range secrets {
		s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: clusterNS, Name: name, Labels: map[string]string{systemLabel: "true"}}, Data: data}
		if _, err := k.kube.CoreV1().Secrets(clusterNS).Create(ctx, s, metav1.CreateOptions{}); err != nil {
			if !apierrors.IsAlreadyExists(err) {
				return err
			}
			if _, err := k.kube.CoreV1().Secrets(clusterNS).Update(ctx, s, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	}
	cl := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
		"metadata": map[string]any{"name": m.Name},
		"spec": map[string]any{
			"id":                    string(ks.UID),
			"syncMode":              "Push",
			"apiEndpoint":           c.memberURL(m),
			"secretRef":             map[string]any{"namespace": clusterNS, "name": m.Name},
			"impersonatorSecretRef": map[string]any{"namespace": clusterNS, "name": m.Name + "-impersonator"},
			"provider":              "testbed",
			"region":                m.Region,
			"zones":                 toAny(m.Zones),
		},
	}}
	created, err := k.dyn.Resource(clusterGVR).Create(ctx, cl, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		created, err = k.dyn.Resource(clusterGVR).Get(ctx, m.Name, metav1.GetOptions{})
	}
	if err != nil {
		return fmt.Errorf("create Cluster %s: %v", m.Name, err)
	}
	owner := fmt.Sprintf(`{"metadata":{"ownerReferences":[{"apiVersion":"cluster.karmada.io/v1alpha1","kind":"Cluster","name":%q,"uid":%q,"controller":true,"blockOwnerDeletion":true}]}}`,
		created.GetName(), created.GetUID())
	for name := range secrets {
		if _, err := k.kube.CoreV1().Secrets(clusterNS).Patch(ctx, name, types.MergePatchType, []byte(owner), metav1.PatchOptions{}); err != nil {
			return err
		}
	}
	logf("registered %s in Push mode", m.Name)
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// backstageRules is the read-mostly ClusterRole given to the portal's service
// account in Karmada.
var backstageRules = []rbacv1.PolicyRule{
	{APIGroups: []string{"cluster.karmada.io"}, Resources: []string{"clusters", "clusters/status"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"cluster.karmada.io"}, Resources: []string{"clusters/proxy"}, Verbs: []string{"get", "list", "watch", "create", "update", "patch"}},
	{APIGroups: []string{"work.karmada.io"}, Resources: []string{"resourcebindings", "clusterresourcebindings", "works", "resourcebindings/status", "clusterresourcebindings/status"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"policy.karmada.io"}, Resources: []string{"propagationpolicies", "clusterpropagationpolicies", "overridepolicies", "clusteroverridepolicies"}, Verbs: []string{"get", "list", "watch", "create", "update", "patch"}},
	{APIGroups: []string{""}, Resources: []string{"namespaces", "services", "configmaps"}, Verbs: []string{"get", "list", "watch", "create", "update", "patch"}},
	{APIGroups: []string{"apps"}, Resources: []string{"deployments", "statefulsets", "daemonsets"}, Verbs: []string{"get", "list", "watch", "create", "update", "patch"}},
	{APIGroups: []string{"networking.istio.io", "security.istio.io"}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch", "create", "update", "patch"}},
}

func (c *Config) tokenPath() string { return c.path("tokens", "backstage.token") }

func (c *Config) scaffolderTokenPath() string {
	return c.path("tokens", "scaffolder.token")
}

// The scaffolder actions' identity in Karmada: the platform team registers
// clusters and applies manifests through it, so it is bound to cluster-admin.
const scaffolderSA = "backstage-scaffolder"

// setupBackstageAccess creates the portal's two service accounts in Karmada,
// the read-mostly one of the backend plugin and the scaffolder actions'
// writer, and writes a long-lived token (TokenRequest API) for each to the
// state folder with mode 0600. Tokens are never printed.
func (c *Config) setupBackstageAccess(ctx context.Context, k *kclients) error {
	if err := ensureNamespace(ctx, k.kube, backstageNS, nil); err != nil {
		return err
	}
	cr := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: backstageRole}, Rules: backstageRules}
	if _, err := k.kube.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{}); err != nil {
		if !apierrors.IsAlreadyExists(err) {
			return err
		}
		if _, err := k.kube.RbacV1().ClusterRoles().Update(ctx, cr, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	if err := c.serviceAccountToken(ctx, k, backstageSA, backstageRole, c.tokenPath()); err != nil {
		return err
	}
	return c.serviceAccountToken(ctx, k, scaffolderSA, "cluster-admin", c.scaffolderTokenPath())
}

// serviceAccountToken makes sure service account sa exists in backstageNS,
// is bound to clusterRole, and has a working token in path.
func (c *Config) serviceAccountToken(ctx context.Context, k *kclients, sa, clusterRole, path string) error {
	account := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: backstageNS, Name: sa}}
	if _, err := k.kube.CoreV1().ServiceAccounts(backstageNS).Create(ctx, account, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "testbed-" + sa},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: clusterRole},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: sa, Namespace: backstageNS}},
	}
	if sa == backstageSA {
		crb.Name = backstageRole // the binding's name before the scaffolder SA existed
	}
	if _, err := k.kube.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	// Keep an existing token while it still authenticates.
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		rev, err := k.kube.AuthenticationV1().TokenReviews().Create(ctx, &authv1.TokenReview{Spec: authv1.TokenReviewSpec{Token: strings.TrimSpace(string(b))}}, metav1.CreateOptions{})
		if err == nil && rev.Status.Authenticated {
			return nil
		}
	}
	exp := int64(365 * 24 * 3600)
	tr, err := k.kube.CoreV1().ServiceAccounts(backstageNS).CreateToken(ctx, sa, &authv1.TokenRequest{Spec: authv1.TokenRequestSpec{ExpirationSeconds: &exp}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("token request for %s: %v", sa, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(tr.Status.Token), 0o600)
}

// clusterState summarises a Karmada Cluster object.
type clusterState struct {
	Name, Mode, Ready, Reason, Version string
	Nodes                              int64
	HasResources                       bool
	// Karmada schedules an Istio object only to clusters whose
	// apiEnablements list its kind; right after a restart they may not yet.
	HasMeshAPIs bool
}

func readClusterState(o *unstructured.Unstructured) clusterState {
	s := clusterState{Name: o.GetName(), Ready: "Unknown"}
	s.Mode, _, _ = unstructured.NestedString(o.Object, "spec", "syncMode")
	s.Version, _, _ = unstructured.NestedString(o.Object, "status", "kubernetesVersion")
	s.Nodes, _, _ = unstructured.NestedInt64(o.Object, "status", "nodeSummary", "totalNum")
	alloc, _, _ := unstructured.NestedMap(o.Object, "status", "resourceSummary", "allocatable")
	s.HasResources = len(alloc) > 0
	s.HasMeshAPIs = enablesKind(o, "networking.istio.io/v1", "DestinationRule")
	conds, _, _ := unstructured.NestedSlice(o.Object, "status", "conditions")
	for _, ci := range conds {
		cm, _ := ci.(map[string]any)
		if cm["type"] == "Ready" {
			s.Ready, _ = cm["status"].(string)
			s.Reason, _ = cm["reason"].(string)
		}
	}
	return s
}

func (c *Config) waitClustersReady(ctx context.Context, k *kclients, names []string, timeout time.Duration) error {
	var last []string
	err := poll(ctx, timeout, "clusters Ready", func() (bool, error) {
		last = nil
		ok := true
		for _, n := range names {
			o, err := k.dyn.Resource(clusterGVR).Get(ctx, n, metav1.GetOptions{})
			if err != nil {
				last = append(last, n+": "+err.Error())
				ok = false
				continue
			}
			s := readClusterState(o)
			if s.Ready != "True" || s.Version == "" || s.Nodes == 0 || !s.HasResources || !s.HasMeshAPIs {
				ok = false
				last = append(last, fmt.Sprintf("%s: Ready=%s(%s) version=%q nodes=%d resources=%v meshAPIs=%v", n, s.Ready, s.Reason, s.Version, s.Nodes, s.HasResources, s.HasMeshAPIs))
			}
		}
		return ok, nil
	})
	if err != nil {
		return c.componentErr("karmada-controller-manager", fmt.Errorf("%v: %s", err, strings.Join(last, "; ")))
	}
	return nil
}

func (c *Config) status(ctx context.Context) error {
	procs := c.allProcs()
	if len(procs) == 0 {
		fmt.Println("testbed: no processes recorded (down)")
		return nil
	}
	up := 0
	for _, p := range procs {
		st := "DEAD"
		rss := ""
		if p.running() {
			st = "running"
			up++
			rss = fmt.Sprintf("%6.0f MiB", float64(rssKiB(p.PID))/1024)
		}
		fmt.Printf("%-32s pid %-8d %-8s %s\n", p.Name, p.PID, st, rss)
	}
	fmt.Printf("%d/%d processes running, total RSS %.0f MiB\n", up, len(procs), float64(c.totalRSSKiB())/1024)
	k, err := newClients(c.restConfig(c.karmadaURL()))
	if err != nil {
		return err
	}
	list, err := k.dyn.Resource(clusterGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		fmt.Printf("clusters: %v\n", err)
		return nil
	}
	for _, o := range list.Items {
		s := readClusterState(&o)
		fmt.Printf("cluster %-6s mode=%-4s Ready=%-7s reason=%-20s version=%-8s nodes=%d\n", s.Name, s.Mode, s.Ready, s.Reason, s.Version, s.Nodes)
	}
	return nil
}

func rssKiB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var n int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:")), "%d", &n)
			return n
		}
	}
	return 0
}

func (c *Config) totalRSSKiB() int64 {
	var t int64
	for _, p := range c.allProcs() {
		if p.running() {
			t += rssKiB(p.PID)
		}
	}
	return t
}

// printEnv prints what clients need: URLs and file paths, never secrets.
func (c *Config) printEnv(asJSON bool) error {
	ms, err := c.members()
	if err != nil {
		return err
	}
	type kv struct{ k, v string }
	vars := []kv{
		{"TESTBED_KARMADA_URL", c.karmadaURL()},
		{"TESTBED_KARMADA_CA_FILE", c.caCrt()},
		{"TESTBED_KARMADA_TOKEN_FILE", c.tokenPath()},
		{"TESTBED_KARMADA_SCAFFOLDER_TOKEN_FILE", c.scaffolderTokenPath()},
		{"TESTBED_KARMADA_KUBECONFIG", c.kubeconfigPath("karmada-admin")},
		{"TESTBED_PROMETHEUS_URL", c.prometheusURL()},
		{"TESTBED_TRAFFIC_SIM_URL", c.trafficSimURL()},
		{"TESTBED_STATE", c.State},
		{"TESTBED_BASE_PORT", fmt.Sprint(c.BasePort)},
	}
	var names []string
	for _, m := range ms {
		u := strings.ToUpper(strings.ReplaceAll(m.Name, "-", "_"))
		names = append(names, m.Name)
		vars = append(vars, kv{"TESTBED_MEMBER_" + u + "_KUBECONFIG", c.kubeconfigPath(m.Name)})
		vars = append(vars, kv{"TESTBED_MEMBER_" + u + "_URL", c.memberURL(m)})
		vars = append(vars, kv{"TESTBED_MEMBER_" + u + "_ISTIOD_DEBUG_URL", c.istiodDebugURL(m)})
	}
	vars = append(vars, kv{"TESTBED_MEMBERS", strings.Join(names, ",")})
	if asJSON {
		obj := map[string]string{}
		for _, e := range vars {
			obj[e.k] = e.v
		}
		b, _ := json.MarshalIndent(obj, "", "  ")
		fmt.Println(string(b))
		return nil
	}
	for _, e := range vars {
		fmt.Printf("export %s=%s\n", e.k, shellQuote(e.v))
	}
	return nil
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r == ',' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func memberProcNames(m string) []string {
	return []string{m + "-istiod", m + "-kwok", m + "-scheduler", m + "-kcm", m + "-apiserver"}
}

func (c *Config) memberStop(name string) error {
	if _, err := c.findMember(name); err != nil {
		return err
	}
	for _, p := range memberProcNames(name) {
		if err := c.stop(p); err != nil {
			return err
		}
	}
	logf("member %s stopped (istiod, KWOK, scheduler, controller-manager, API server)", name)
	return nil
}

func (c *Config) memberStart(ctx context.Context, name string) error {
	m, err := c.findMember(name)
	if err != nil {
		return err
	}
	if _, err := c.ensureBinaries(ctx, false); err != nil {
		return err
	}
	if err := c.ensureMemberPKI(m.Name, m.Mode == "Pull"); err != nil {
		return err
	}
	stages, err := c.kwokStages(ctx)
	if err != nil {
		return err
	}
	p, err := c.startMemberAPIServer(*m)
	if err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, p, c.memberURL(*m)+"/readyz", 120*time.Second); err != nil {
		return err
	}
	if err := c.startMemberComponents(ctx, *m, stages); err != nil {
		return err
	}
	mk, err := newClients(c.restConfig(c.memberURL(*m)))
	if err != nil {
		return err
	}
	if err := c.ensureNodes(ctx, mk, *m); err != nil {
		return err
	}
	if err := c.installIstioCRDs(ctx, mk); err != nil {
		return err
	}
	if err := c.setupIstio(ctx, mk, *m); err != nil {
		return err
	}
	logf("member %s started at %s", m.Name, c.memberURL(*m))
	return nil
}

// memberAdd starts a new member (API server, controllers, KWOK nodes) without
// registering it in Karmada.
func (c *Config) memberAdd(ctx context.Context, name, region string, zones []string, owner string) error {
	if !validName(name) {
		return fmt.Errorf("member name %q must be a lowercase DNS label", name)
	}
	ms, err := c.members()
	if err != nil {
		return err
	}
	idx := 0
	for _, m := range ms {
		if m.Name == name {
			if m.Region != region || strings.Join(m.Zones, ",") != strings.Join(zones, ",") {
				return fmt.Errorf("member %s exists with region %s zones %v", name, m.Region, m.Zones)
			}
			if m.Owner != owner {
				return fmt.Errorf("member %s exists and was made for %q, not %q", name, m.Owner, owner)
			}
			return c.memberStartAndPrint(ctx, m)
		}
		if m.Index >= idx {
			idx = m.Index + 1
		}
	}
	if idx >= 15 {
		return fmt.Errorf("too many members (ports are BASE+100+20*index, index < 15)")
	}
	m := member{Name: name, Region: region, Zones: zones, Index: idx, Owner: owner}
	ms = append(ms, m)
	if err := os.MkdirAll(c.State, 0o700); err != nil {
		return err
	}
	if err := c.ensurePKI(memberNames(ms)); err != nil {
		return err
	}
	if err := c.saveMembers(ms); err != nil {
		return err
	}
	return c.memberStartAndPrint(ctx, m)
}

func (c *Config) memberStartAndPrint(ctx context.Context, m member) error {
	if err := c.memberStart(ctx, m.Name); err != nil {
		return err
	}
	mk, err := newClients(c.restConfig(c.memberURL(m)))
	if err != nil {
		return err
	}
	if err := c.memberRBAC(ctx, mk); err != nil {
		return err
	}
	printJSON(c.memberInfo(m))
	return nil
}

func validName(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' && i > 0 && i < len(s)-1) {
			return false
		}
	}
	return true
}

// enablesKind reports whether the Cluster's status.apiEnablements list kind
// in groupVersion.
func enablesKind(o *unstructured.Unstructured, groupVersion, kind string) bool {
	enablements, _, _ := unstructured.NestedSlice(o.Object, "status", "apiEnablements")
	for _, e := range enablements {
		em, _ := e.(map[string]any)
		if em["groupVersion"] != groupVersion {
			continue
		}
		resources, _ := em["resources"].([]any)
		for _, r := range resources {
			if rm, _ := r.(map[string]any); rm["kind"] == kind {
				return true
			}
		}
	}
	return false
}
