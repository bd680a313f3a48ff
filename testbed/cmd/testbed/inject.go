package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/yaml"
)

// Sidecar injection, as a Helm install of istiod sets it up, for an istiod
// that runs as a process: the two keys of the chart's istio-sidecar-injector
// ConfigMap (`config`, `values`) as files under istiod's working directory,
// where istiod looks for them at start (./var/lib/istio/inject), and the
// MutatingWebhookConfiguration, pointing at istiod's webhook port by URL.
// istiod's cert patcher fills its caBundle (it needs REVISION=default and the
// label istio.io/rev=default). The member's `default` namespace is labelled
// istio-injection=enabled.

const (
	// injectorWebhookConfig is the name istiod's cert patcher looks for
	// (INJECTION_WEBHOOK_CONFIG_NAME); it patches the webhooks whose names end
	// in sidecar-injector.istio.io.
	injectorWebhookConfig = "istio-sidecar-injector"
	injectorWebhookName   = "namespace.sidecar-injector.istio.io"
	injectionLabel        = "istio-injection"
	injectedAnnotation    = "sidecar.istio.io/status"
	// injectedNamespace is labelled for injection on every member: the demo
	// service lives there.
	injectedNamespace = "default"
)

// istioChartDir is the istio-discovery Helm chart of the pinned istio.io/istio
// module (the one istiod is built from), downloaded into GOMODCACHE if needed.
func (c *Config) istioChartDir(ctx context.Context) (string, error) {
	v, err := c.versions()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", "istio.io/istio@"+v["ISTIO_VERSION"])
	cmd.Dir = filepath.Join(c.Root, "build", "istio")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download istio.io/istio: %v", err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download istio.io/istio: no Dir in %s", out)
	}
	return filepath.Join(info.Dir, "manifests", "charts", "istio-control", "istio-discovery"), nil
}

// writeInjectionFiles writes <dir>/var/lib/istio/inject/config and values,
// rendered from the chart as templates/istiod-injector-configmap.yaml would.
// Files whose content is unchanged are left alone (a running istiod watches
// them and reloads on change).
func (c *Config) writeInjectionFiles(ctx context.Context, dir string, m member) error {
	chart, err := c.istioChartDir(ctx)
	if err != nil {
		return err
	}
	tmpl, err := os.ReadFile(filepath.Join(chart, "files", "injection-template.yaml"))
	if err != nil {
		return err
	}
	chartValues, err := os.ReadFile(filepath.Join(chart, "values.yaml"))
	if err != nil {
		return err
	}
	config, err := injectionConfig(tmpl)
	if err != nil {
		return err
	}
	values, err := injectionValues(chartValues, m)
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(chart, "values.yaml"), err)
	}
	out := filepath.Join(dir, "var", "lib", "istio", "inject")
	if err := os.MkdirAll(out, 0o700); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"config": config, "values": values} {
		p := filepath.Join(out, name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// injectionConfig is the ConfigMap's `config` key with the chart's defaults:
// the sidecar template only, policy enabled, no selectors.
func injectionConfig(sidecarTemplate []byte) ([]byte, error) {
	return yaml.Marshal(map[string]any{
		"defaultTemplates":     []string{"sidecar"},
		"policy":               "enabled",
		"alwaysInjectSelector": []any{},
		"neverInjectSelector":  []any{},
		"injectedAnnotations":  map[string]any{},
		// The chart's guard against a template newer than istiod.
		"template":  "{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}",
		"templates": map[string]string{"sidecar": string(sidecarTemplate)},
	})
}

// injectionValues is the ConfigMap's `values` key (JSON, as the chart's
// toPrettyJson): the chart defaults' global (with this member's mesh ID,
// network and cluster name), sidecarInjectorWebhook, revision, pilot.{cni,env}
// and gateways.{securityContext,seccompProfile}.
func injectionValues(chartValues []byte, m member) ([]byte, error) {
	var chart struct {
		Defaults map[string]any `json:"_internal_defaults_do_not_set"`
	}
	if err := yaml.Unmarshal(chartValues, &chart); err != nil {
		return nil, err
	}
	d := chart.Defaults
	global, ok := d["global"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no _internal_defaults_do_not_set.global")
	}
	global = mergeMaps(global, map[string]any{
		"meshID":       meshID,
		"network":      "network-" + m.Name,
		"multiCluster": map[string]any{"clusterName": m.Name},
	})
	gateways, _ := d["gateways"].(map[string]any)
	b, err := json.MarshalIndent(map[string]any{
		"global":                 global,
		"sidecarInjectorWebhook": d["sidecarInjectorWebhook"],
		"revision":               "",
		"pilot":                  map[string]any{"cni": d["cni"], "env": d["env"]},
		"gateways":               map[string]any{"securityContext": gateways["securityContext"], "seccompProfile": gateways["seccompProfile"]},
	}, "", "  ")
	return append(b, '\n'), err
}

// mergeMaps returns base with over merged in recursively (jq's `*`).
func mergeMaps(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = mergeMaps(bm, om)
		} else {
			out[k] = v
		}
	}
	return out
}

// injectorWebhook is the MutatingWebhookConfiguration for member m's istiod.
func (c *Config) injectorWebhook(m member) *admissionv1.MutatingWebhookConfiguration {
	url := fmt.Sprintf("https://localhost:%d/inject/cluster/%s/net/network-%s", c.istiodWebhookPort(m), m.Name, m.Name)
	// Ignore, not the chart's Fail: a testbed choice. A stopped or crashed
	// istiod must never block pod creation for the other test suites that
	// share the testbed; their pods then start without a sidecar. 5 s bounds
	// how long the API server waits for a hung istiod.
	ignore := admissionv1.Ignore
	none := admissionv1.SideEffectClassNone
	never := admissionv1.NeverReinvocationPolicy
	timeout := int32(5)
	return &admissionv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{
			Name:   injectorWebhookConfig,
			Labels: map[string]string{"istio.io/rev": "default", "app": "sidecar-injector"},
		},
		Webhooks: []admissionv1.MutatingWebhook{{
			Name:         injectorWebhookName,
			ClientConfig: admissionv1.WebhookClientConfig{URL: &url},
			Rules: []admissionv1.RuleWithOperations{{
				Operations: []admissionv1.OperationType{admissionv1.Create},
				Rule:       admissionv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"}},
			}},
			FailurePolicy:           &ignore,
			TimeoutSeconds:          &timeout,
			SideEffects:             &none,
			ReinvocationPolicy:      &never,
			AdmissionReviewVersions: []string{"v1"},
			NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: injectionLabel, Operator: metav1.LabelSelectorOpIn, Values: []string{"enabled"}},
			}},
			ObjectSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: "sidecar.istio.io/inject", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"false"}},
			}},
		}},
	}
}

// setupInjection runs once member m's istiod p is ready: it creates or
// updates the injector webhook (keeping the caBundle istiod patched in),
// waits until istiod has filled the caBundle, labels the default namespace,
// and proves injection with a dry-run pod there.
func (c *Config) setupInjection(ctx context.Context, mk *kclients, m member, p *proc) error {
	mwcs := mk.kube.AdmissionregistrationV1().MutatingWebhookConfigurations()
	want := c.injectorWebhook(m)
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cur, err := mwcs.Get(ctx, want.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			_, err = mwcs.Create(ctx, want, metav1.CreateOptions{})
			return err
		}
		if err != nil {
			return err
		}
		upd := want.DeepCopy()
		upd.ResourceVersion = cur.ResourceVersion
		for _, w := range cur.Webhooks {
			if w.Name == injectorWebhookName {
				upd.Webhooks[0].ClientConfig.CABundle = w.ClientConfig.CABundle
			}
		}
		_, err = mwcs.Update(ctx, upd, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		return fmt.Errorf("MutatingWebhookConfiguration %s: %v", want.Name, err)
	}
	err = poll(ctx, 30*time.Second, "istiod to fill the caBundle of MutatingWebhookConfiguration "+want.Name, func() (bool, error) {
		cur, err := mwcs.Get(ctx, want.Name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return len(cur.Webhooks) > 0 && len(cur.Webhooks[0].ClientConfig.CABundle) > 0, nil
	})
	if err != nil {
		return c.componentErr(p.Name, fmt.Errorf("%v (istiod's cert patcher needs REVISION=default and the label istio.io/rev=default)", err))
	}

	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:"enabled"}}}`, injectionLabel)
	if _, err := mk.kube.CoreV1().Namespaces().Patch(ctx, injectedNamespace, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		return fmt.Errorf("label namespace %s %s=enabled: %v", injectedNamespace, injectionLabel, err)
	}

	// With failurePolicy Ignore a broken injector fails silently; a dry-run
	// pod (nothing is stored) shows that the API server reaches istiod and
	// trusts its certificate. The API server may take a moment to see the
	// patched caBundle.
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "testbed-injection-check-", Namespace: injectedNamespace},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "check", Image: "example.invalid/check:1"}}},
	}
	err = poll(ctx, 30*time.Second, "a sidecar in a dry-run pod in namespace "+injectedNamespace, func() (bool, error) {
		got, err := mk.kube.CoreV1().Pods(injectedNamespace).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil {
			return false, err
		}
		return got.Annotations[injectedAnnotation] != "", nil
	})
	if err != nil {
		return c.componentErr(p.Name, fmt.Errorf("sidecar injection on %s does not work (the webhook's errors are ignored, see istiod's log): %v", m.Name, err))
	}
	return nil
}
