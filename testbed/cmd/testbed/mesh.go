package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// The mesh: one istiod per member (multi-primary), each a plain process
// against its member's API server, cluster ID = member name, network
// network-<member>, one mesh ID. Remote secrets let every default member's
// istiod discover the others; members added later join through the
// istio:mesh:join action, as a real cluster would.

const (
	meshID          = "testbed-mesh"
	istioNamespace  = "istio-system"
	readerSA        = "istio-reader-service-account"
	readerRole      = "istio-reader-clusterrole-istio-system" // the name istioctl expects
	readerTokenName = "istio-reader-service-account-istio-remote-secret-token"
)

// Ports after the member's own (+0..+5): istiod's six listeners.
func (c *Config) istiodHTTPPort(m member) int       { return c.memberBase(m.Index) + 6 }
func (c *Config) istiodGRPCPort(m member) int       { return c.memberBase(m.Index) + 7 }
func (c *Config) istiodSecureGRPCPort(m member) int { return c.memberBase(m.Index) + 8 }
func (c *Config) istiodMonitoringPort(m member) int { return c.memberBase(m.Index) + 9 }
func (c *Config) istiodWebhookPort(m member) int    { return c.memberBase(m.Index) + 10 }
func (c *Config) istiodCtrlzPort(m member) int      { return c.memberBase(m.Index) + 11 }

func (c *Config) istiodDebugURL(m member) string {
	return fmt.Sprintf("http://127.0.0.1:%d", c.istiodMonitoringPort(m))
}

// readerRules is what Istio's reader ClusterRole grants a remote istiod:
// read the mesh's config and the cluster's services, endpoints and pods.
var readerRules = []rbacv1.PolicyRule{
	{APIGroups: []string{"config.istio.io", "security.istio.io", "networking.istio.io", "authentication.istio.io", "rbac.istio.io", "telemetry.istio.io", "extensions.istio.io"}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{""}, Resources: []string{"endpoints", "pods", "services", "nodes", "replicationcontrollers", "namespaces", "secrets", "configmaps"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"networking.x-k8s.io", "gateway.networking.k8s.io"}, Resources: []string{"gateways"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"apiextensions.k8s.io"}, Resources: []string{"customresourcedefinitions"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"discovery.k8s.io"}, Resources: []string{"endpointslices"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"multicluster.x-k8s.io"}, Resources: []string{"serviceexports"}, Verbs: []string{"get", "list", "watch", "create", "delete"}},
	{APIGroups: []string{"multicluster.x-k8s.io"}, Resources: []string{"serviceimports"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"apps"}, Resources: []string{"replicasets"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"authentication.k8s.io"}, Resources: []string{"tokenreviews"}, Verbs: []string{"create"}},
	{APIGroups: []string{"authorization.k8s.io"}, Resources: []string{"subjectaccessreviews"}, Verbs: []string{"create"}},
}

// setupIstio prepares a member for the mesh (istio-system with its network
// label, the reader service account with its token secret), starts its
// istiod in <state>/istio/<member>/ with the sidecar injection files, waits
// until it is ready, and sets up sidecar injection (inject.go). `up`,
// `member start` and `member add` all come through here.
func (c *Config) setupIstio(ctx context.Context, mk *kclients, m member) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   istioNamespace,
		Labels: map[string]string{"topology.istio.io/network": "network-" + m.Name},
	}}
	if _, err := mk.kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: istioNamespace, Name: readerSA}}
	if _, err := mk.kube.CoreV1().ServiceAccounts(istioNamespace).Create(ctx, sa, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	cr := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: readerRole}, Rules: readerRules}
	if _, err := mk.kube.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: readerRole},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: readerRole},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: readerSA, Namespace: istioNamespace}},
	}
	if _, err := mk.kube.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}
	// A token secret the member's token controller fills, as istioctl's
	// create-remote-secret makes when the account has none.
	tok := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Namespace:   istioNamespace,
			Name:        readerTokenName,
			Annotations: map[string]string{corev1.ServiceAccountNameKey: readerSA},
		},
		Type: corev1.SecretTypeServiceAccountToken,
	}
	if _, err := mk.kube.CoreV1().Secrets(istioNamespace).Create(ctx, tok, metav1.CreateOptions{}); ignoreExists(err) != nil {
		return err
	}

	dir := c.path("istio", m.Name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	mesh := fmt.Sprintf("trustDomain: cluster.local\nrootNamespace: %s\ndefaultConfig:\n  meshId: %s\n  discoveryAddress: istiod.%s.svc:15012\n", istioNamespace, meshID, istioNamespace)
	meshFile := filepath.Join(dir, "mesh.yaml")
	if err := os.WriteFile(meshFile, []byte(mesh), 0o644); err != nil {
		return err
	}
	if err := c.writeInjectionFiles(ctx, dir, m); err != nil {
		return fmt.Errorf("sidecar injection files: %v", err)
	}
	name := m.Name + "-istiod"
	// istiod looks for the injection files only at start: one started by an
	// older launcher (working directory = the state folder) has no injector.
	if old, err := c.readProc(name); err == nil && old.running() {
		cwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", old.PID))
		if want, _ := filepath.EvalSymlinks(dir); cwd != "" && cwd != want {
			logf("restarting %s: it runs in %s, not %s, so it has no sidecar injector", name, cwd, dir)
			if err := c.stop(name); err != nil {
				return err
			}
		}
	}
	start := time.Now()
	p, err := c.startIn(dir, name, c.bin("pilot-discovery"), []string{
		"CLUSTER_ID=" + m.Name,
		"POD_NAMESPACE=" + istioNamespace,
		"POD_NAME=istiod-" + m.Name,
		"REVISION=default",
		"ISTIOD_CUSTOM_HOST=localhost",
		"GOMAXPROCS=2",
	},
		"discovery",
		"--kubeconfig="+c.kubeconfigPath(m.Name),
		"--clusterID="+m.Name,
		"--meshConfig="+meshFile,
		"--networksConfig="+filepath.Join(dir, "meshNetworks.yaml"),
		fmt.Sprintf("--httpAddr=127.0.0.1:%d", c.istiodHTTPPort(m)),
		fmt.Sprintf("--grpcAddr=127.0.0.1:%d", c.istiodGRPCPort(m)),
		fmt.Sprintf("--secureGRPCAddr=127.0.0.1:%d", c.istiodSecureGRPCPort(m)),
		fmt.Sprintf("--monitoringAddr=127.0.0.1:%d", c.istiodMonitoringPort(m)),
		fmt.Sprintf("--httpsAddr=127.0.0.1:%d", c.istiodWebhookPort(m)),
		"--ctrlz_address=127.0.0.1",
		fmt.Sprintf("--ctrlz_port=%d", c.istiodCtrlzPort(m)),
		"--keepaliveMaxServerConnectionAge=30m",
	)
	if err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, p, fmt.Sprintf("http://127.0.0.1:%d/ready", c.istiodHTTPPort(m)), 90*time.Second); err != nil {
		return err
	}
	ready := time.Since(start)
	if err := c.setupInjection(ctx, mk, m, p); err != nil {
		return err
	}
	if p.Order < start.UnixNano() {
		logf("%s: already running; sidecar injection works", name)
		return nil
	}
	logf("%s: ready in %.1fs, sidecar injection works %.1fs later (namespace %s labelled %s=enabled)",
		name, ready.Seconds(), (time.Since(start) - ready).Seconds(), injectedNamespace, injectionLabel)
	return nil
}

// linkMesh writes, for every ordered pair of members, a remote secret in
// the destination's istio-system holding a kubeconfig for the source,
// authenticated as the source's reader service account (what
// `istioctl create-remote-secret` makes). Tokens go from API to API only.
func (c *Config) linkMesh(ctx context.Context, ms []member) error {
	clients := map[string]*kclients{}
	kubeconfigs := map[string][]byte{}
	for _, m := range ms {
		k, err := newClients(c.restConfig(c.memberURL(m)))
		if err != nil {
			return err
		}
		clients[m.Name] = k
		kc, err := c.readerKubeconfig(ctx, k, m)
		if err != nil {
			return fmt.Errorf("%s reader kubeconfig: %v", m.Name, err)
		}
		kubeconfigs[m.Name] = kc
	}
	for _, dst := range ms {
		for _, src := range ms {
			if src.Name == dst.Name {
				continue
			}
			secret := &corev1.Secret{
				ObjectMeta: metav1.ObjectMeta{
					Namespace:   istioNamespace,
					Name:        "istio-remote-secret-" + src.Name,
					Labels:      map[string]string{"istio/multiCluster": "true"},
					Annotations: map[string]string{"networking.istio.io/cluster": src.Name},
				},
				Type: corev1.SecretTypeOpaque,
				Data: map[string][]byte{src.Name: kubeconfigs[src.Name]},
			}
			secrets := clients[dst.Name].kube.CoreV1().Secrets(istioNamespace)
			if _, err := secrets.Create(ctx, secret, metav1.CreateOptions{}); err != nil {
				if !apierrors.IsAlreadyExists(err) {
					return err
				}
				if _, err := secrets.Update(ctx, secret, metav1.UpdateOptions{}); err != nil {
					return err
				}
			}
		}
	}
	names := make([]string, 0, len(ms))
	for _, m := range ms {
		names = append(names, m.Name)
	}
	sort.Strings(names)
	logf("mesh: remote secrets between %s", strings.Join(names, ", "))
	return nil
}

// readerKubeconfig is a kubeconfig for member m as its reader service
// account, with the token inline: istiod refuses credential file paths.
func (c *Config) readerKubeconfig(ctx context.Context, k *kclients, m member) ([]byte, error) {
	var token, ca []byte
	err := poll(ctx, 30*time.Second, "reader token of "+m.Name, func() (bool, error) {
		s, err := k.kube.CoreV1().Secrets(istioNamespace).Get(ctx, readerTokenName, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		token, ca = s.Data["token"], s.Data["ca.crt"]
		return len(token) > 0, nil
	})
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(map[string]any{
		"apiVersion": "v1",
		"kind":       "Config",
		"clusters": []any{map[string]any{"name": m.Name, "cluster": map[string]any{
			"server":                     c.memberURL(m),
			"certificate-authority-data": ca,
		}}},
		"users":           []any{map[string]any{"name": m.Name, "user": map[string]any{"token": string(token)}}},
		"contexts":        []any{map[string]any{"name": m.Name, "context": map[string]any{"cluster": m.Name, "user": m.Name}}},
		"current-context": m.Name,
	})
}
