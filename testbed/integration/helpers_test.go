// Package integration runs against a testbed started with `testbed/testbed up`.
//
//	cd testbed && go test ./integration/ -v -count=1
//
// Without a running testbed the tests fail (set TESTBED_ALLOW_SKIP=1 to skip
// instead). TestFreshTestbedUpAndDown starts and stops a second testbed of its
// own, on free ports, next to the running one.
package integration

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"
)

var (
	clusterGVR = schema.GroupVersionResource{Group: "cluster.karmada.io", Version: "v1alpha1", Resource: "clusters"}
	rbGVR      = schema.GroupVersionResource{Group: "work.karmada.io", Version: "v1alpha2", Resource: "resourcebindings"}
	ppGVR      = schema.GroupVersionResource{Group: "policy.karmada.io", Version: "v1alpha1", Resource: "propagationpolicies"}
	deployGVR  = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	members    = []string{"na", "eu", "sea"}
)

const testNS = "testbed-it"

func testbedRoot(t testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

func stateDir(t testing.TB) string {
	if s := os.Getenv("TESTBED_STATE"); s != "" {
		return s
	}
	return filepath.Join(testbedRoot(t), ".state")
}

func restConfigFor(t testing.TB, kubeconfig string) *rest.Config {
	t.Helper()
	if _, err := os.Stat(kubeconfig); err != nil {
		notUp(t, fmt.Sprintf("%s missing", kubeconfig))
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 20 * time.Second
	return cfg
}

func notUp(t testing.TB, why string) {
	t.Helper()
	msg := "testbed is not up (" + why + "): run `testbed/testbed up` first"
	if os.Getenv("TESTBED_ALLOW_SKIP") == "1" {
		t.Skip(msg)
	}
	t.Fatal(msg)
}

type env struct {
	karmada    kubernetes.Interface
	karmadaDyn dynamic.Interface
	karmadaCfg *rest.Config
	member     map[string]kubernetes.Interface
	memberDyn  map[string]dynamic.Interface
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvAt(t, stateDir(t))
}

// newEnvAt connects to the testbed whose state folder is st.
func newEnvAt(t testing.TB, st string) *env {
	t.Helper()
	e := &env{member: map[string]kubernetes.Interface{}, memberDyn: map[string]dynamic.Interface{}}
	e.karmadaCfg = restConfigFor(t, filepath.Join(st, "kubeconfig", "karmada-admin.kubeconfig"))
	e.karmada = kubernetes.NewForConfigOrDie(e.karmadaCfg)
	e.karmadaDyn = dynamic.NewForConfigOrDie(e.karmadaCfg)
	if _, err := e.karmada.Discovery().ServerVersion(); err != nil {
		notUp(t, "karmada API server: "+err.Error())
	}
	for _, m := range members {
		cfg := restConfigFor(t, filepath.Join(st, "kubeconfig", m+".kubeconfig"))
		e.member[m] = kubernetes.NewForConfigOrDie(cfg)
		e.memberDyn[m] = dynamic.NewForConfigOrDie(cfg)
	}
	return e
}

func runTestbed(t testing.TB, args ...string) string {
	t.Helper()
	return runTestbedWith(t, nil, args...)
}

// runTestbedWith runs the launcher with extra environment, e.g. another
// TESTBED_STATE and TESTBED_BASE_PORT.
func runTestbedWith(t testing.TB, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(testbedRoot(t), "testbed"), args...)
	cmd.Env = append(os.Environ(), extraEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("testbed %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func eventually(t testing.TB, timeout time.Duration, what string, f func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last := ""
	for {
		ok, msg := f()
		if ok {
			return
		}
		last = msg
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; last state: %s", timeout, what, last)
		}
		time.Sleep(time.Second)
	}
}

func mustUnstructured(t testing.TB, y string) *unstructured.Unstructured {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(y), &m); err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: m}
}

func ensureNamespace(t testing.TB, e *env) {
	t.Helper()
	ctx := context.Background()
	eventually(t, 90*time.Second, "namespace "+testNS+" active", func() (bool, string) {
		ns, err := e.karmada.CoreV1().Namespaces().Get(ctx, testNS, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			_, err = e.karmada.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: testNS}}, metav1.CreateOptions{})
			return false, fmt.Sprint(err)
		}
		if err != nil {
			return false, err.Error()
		}
		return ns.Status.Phase == corev1.NamespaceActive, string(ns.Status.Phase)
	})
}

// clusterReady returns the Ready condition status and reason of a Cluster.
func clusterReady(o *unstructured.Unstructured) (string, string) {
	conds, _, _ := unstructured.NestedSlice(o.Object, "status", "conditions")
	for _, ci := range conds {
		cm, _ := ci.(map[string]any)
		if cm["type"] == "Ready" {
			s, _ := cm["status"].(string)
			r, _ := cm["reason"].(string)
			return s, r
		}
	}
	return "", ""
}

func waitClusterReady(t testing.TB, e *env, name, want string, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, fmt.Sprintf("cluster %s Ready=%s", name, want), func() (bool, string) {
		o, err := e.karmadaDyn.Resource(clusterGVR).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		s, r := clusterReady(o)
		if want == "True" {
			return s == "True", s + "/" + r
		}
		return s != "True", s + "/" + r
	})
}

// deleteWorkload deletes a Deployment and its PropagationPolicy in Karmada and
// waits until the Deployment is gone from every member.
func deleteWorkload(t testing.TB, e *env, name string) {
	t.Helper()
	ctx := context.Background()
	bg := metav1.DeletePropagationBackground
	_ = e.karmadaDyn.Resource(deployGVR).Namespace(testNS).Delete(ctx, name, metav1.DeleteOptions{PropagationPolicy: &bg})
	_ = e.karmadaDyn.Resource(ppGVR).Namespace(testNS).Delete(ctx, name, metav1.DeleteOptions{})
	eventually(t, 90*time.Second, "deployment "+name+" removed from members", func() (bool, string) {
		var left []string
		for _, m := range members {
			_, err := e.member[m].AppsV1().Deployments(testNS).Get(ctx, name, metav1.GetOptions{})
			if err == nil {
				left = append(left, m)
			} else if !apierrors.IsNotFound(err) {
				left = append(left, m+":"+err.Error())
			}
		}
		_, err := e.karmadaDyn.Resource(rbGVR).Namespace(testNS).Get(ctx, name+"-deployment", metav1.GetOptions{})
		if err == nil {
			left = append(left, "resourcebinding")
		}
		return len(left) == 0, strings.Join(left, ",")
	})
}

func deploymentYAML(name string, replicas int) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: %[2]s
  labels:
    app: %[1]s
    backstage.io/kubernetes-id: %[1]s
spec:
  replicas: %[3]d
  selector:
    matchLabels:
      app: %[1]s
  template:
    metadata:
      labels:
        app: %[1]s
        backstage.io/kubernetes-id: %[1]s
    spec:
      containers:
      - name: app
        image: example.invalid/hello:1
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
`, name, testNS, replicas)
}

func bindingClusters(o *unstructured.Unstructured) map[string]int64 {
	out := map[string]int64{}
	cl, _, _ := unstructured.NestedSlice(o.Object, "spec", "clusters")
	for _, ci := range cl {
		cm, _ := ci.(map[string]any)
		n, _ := cm["name"].(string)
		r, _ := cm["replicas"].(int64)
		out[n] = r
	}
	return out
}

// podDeployment is a Deployment of `replicas` pods labelled app=<name>, one
// container that KWOK runs in name only.
func podDeployment(namespace, name, container string, replicas int32) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: container, Image: "example.invalid/hello:1"}}},
			},
		},
	}
}
