package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const (
	injectNS     = "testbed-it-inject"
	injectDeploy = "inject-check"
)

// TestMeshSidecarInjection: on every member, `up` set up istiod's injector
// webhook (failurePolicy Ignore, caBundle filled by istiod) and labelled the
// default namespace; a Deployment created on the member in a namespace
// labelled istio-injection=enabled gets pods with Istio's sidecar, and KWOK
// makes them Ready.
func TestMeshSidecarInjection(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, m := range members {
		k := e.member[m]
		ns, err := k.CoreV1().Namespaces().Get(ctx, "default", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if ns.Labels["istio-injection"] != "enabled" {
			t.Errorf("%s: namespace default has labels %v, want istio-injection=enabled", m, ns.Labels)
		}
		mwc, err := k.AdmissionregistrationV1().MutatingWebhookConfigurations().Get(ctx, "istio-sidecar-injector", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("%s: MutatingWebhookConfiguration istio-sidecar-injector: %v", m, err)
		}
		if mwc.Labels["istio.io/rev"] != "default" || len(mwc.Webhooks) != 1 {
			t.Fatalf("%s: unexpected injector webhook: labels %v, %d webhooks", m, mwc.Labels, len(mwc.Webhooks))
		}
		wh := mwc.Webhooks[0]
		if wh.FailurePolicy == nil || *wh.FailurePolicy != admissionv1.Ignore {
			t.Errorf("%s: injector webhook failurePolicy %v, want Ignore", m, wh.FailurePolicy)
		}
		if len(wh.ClientConfig.CABundle) == 0 {
			t.Errorf("%s: injector webhook has no caBundle (istiod patches it)", m)
		}
		if want := fmt.Sprintf("/inject/cluster/%s/net/network-%s", m, m); wh.ClientConfig.URL == nil || !strings.HasSuffix(*wh.ClientConfig.URL, want) {
			t.Errorf("%s: injector webhook url %v, want ...%s", m, wh.ClientConfig.URL, want)
		}
	}

	t.Cleanup(func() { deleteInjectNamespaces(t, e) })
	created := map[string]time.Time{}
	for _, m := range members {
		k := e.member[m]
		ensureInjectNamespace(t, k, m)
		dep := podDeployment(injectNS, injectDeploy, "hello", 1)
		if _, err := k.AppsV1().Deployments(injectNS).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
			t.Fatalf("%s: create deployment: %v", m, err)
		}
		created[m] = time.Now()
	}

	for _, m := range members {
		k := e.member[m]
		eventually(t, 90*time.Second, m+": injected pod Ready", func() (bool, string) {
			pods, err := k.CoreV1().Pods(injectNS).List(ctx, metav1.ListOptions{LabelSelector: "app=" + injectDeploy})
			if err != nil {
				return false, err.Error()
			}
			if len(pods.Items) == 0 {
				return false, "no pod yet"
			}
			var states []string
			for _, p := range pods.Items {
				status := p.Annotations["sidecar.istio.io/status"]
				var names []string
				for _, c := range p.Spec.Containers {
					names = append(names, c.Name)
				}
				proxy := containerNamed(p.Spec.Containers, "istio-proxy") || containerNamed(p.Spec.InitContainers, "istio-proxy")
				if status != "" && proxy && podReady(&p) {
					return true, ""
				}
				states = append(states, fmt.Sprintf("%s: containers %v, status annotation %q, ready %v", p.Name, names, status, podReady(&p)))
			}
			return false, strings.Join(states, "; ")
		})
		t.Logf("%s: pod with istio-proxy sidecar Ready %s after the Deployment was created", m, time.Since(created[m]).Round(100*time.Millisecond))
	}
}

func containerNamed(cs []corev1.Container, name string) bool {
	for _, c := range cs {
		if c.Name == name {
			return true
		}
	}
	return false
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// ensureInjectNamespace creates injectNS on the member, labelled for
// injection, waiting out a deletion left by an earlier run.
func ensureInjectNamespace(t *testing.T, k kubernetes.Interface, m string) {
	t.Helper()
	ctx := context.Background()
	eventually(t, 90*time.Second, m+": namespace "+injectNS+" active", func() (bool, string) {
		ns, err := k.CoreV1().Namespaces().Get(ctx, injectNS, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			_, err = k.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
				Name: injectNS, Labels: map[string]string{"istio-injection": "enabled"},
			}}, metav1.CreateOptions{})
			return false, fmt.Sprint(err)
		}
		if err != nil {
			return false, err.Error()
		}
		if ns.Status.Phase != corev1.NamespaceActive {
			return false, string(ns.Status.Phase)
		}
		if ns.Labels["istio-injection"] != "enabled" {
			t.Fatalf("%s: namespace %s exists without istio-injection=enabled", m, injectNS)
		}
		return true, ""
	})
}

// deleteInjectNamespaces deletes injectNS on every member, then waits
// until it is gone everywhere.
func deleteInjectNamespaces(t *testing.T, e *env) {
	ctx := context.Background()
	for _, m := range members {
		if err := e.member[m].CoreV1().Namespaces().Delete(ctx, injectNS, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("%s: delete namespace %s: %v", m, injectNS, err)
		}
	}
	eventually(t, 90*time.Second, "namespace "+injectNS+" deleted on every member", func() (bool, string) {
		var left []string
		for _, m := range members {
			if _, err := e.member[m].CoreV1().Namespaces().Get(ctx, injectNS, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				left = append(left, fmt.Sprintf("%s: %v", m, err))
			}
		}
		return len(left) == 0, strings.Join(left, "; ")
	})
}
