package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

func (c *Config) kubeconfigPath(name string) string {
	return c.path("kubeconfig", name+".kubeconfig")
}

// writeKubeconfig writes a kubeconfig that refers to certificate files (no
// embedded keys, so the file itself carries no secret).
func (c *Config) writeKubeconfig(path, context, server, crt, key string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[context] = &clientcmdapi.Cluster{Server: server, CertificateAuthority: c.caCrt()}
	cfg.AuthInfos[context] = &clientcmdapi.AuthInfo{ClientCertificate: crt, ClientKey: key}
	cfg.Contexts[context] = &clientcmdapi.Context{Cluster: context, AuthInfo: context}
	cfg.CurrentContext = context
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return clientcmd.WriteToFile(*cfg, path)
}

func (c *Config) restConfig(server string) *rest.Config {
	return &rest.Config{
		Host: server,
		TLSClientConfig: rest.TLSClientConfig{
			CAFile: c.caCrt(), CertFile: c.adminCrt(), KeyFile: c.adminKey(),
		},
		QPS: 50, Burst: 100, Timeout: 30 * time.Second,
	}
}

type kclients struct {
	cfg  *rest.Config
	kube kubernetes.Interface
	dyn  dynamic.Interface
	disc discovery.CachedDiscoveryInterface
	rm   *restmapper.DeferredDiscoveryRESTMapper
}

func newClients(cfg *rest.Config) (*kclients, error) {
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dc, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	disc := memory.NewMemCacheClient(kc.Discovery())
	return &kclients{cfg: cfg, kube: kc, dyn: dc, disc: disc, rm: restmapper.NewDeferredDiscoveryRESTMapper(disc)}, nil
}

// decodeYAML splits a multi-document YAML stream into objects.
func decodeYAML(data []byte) ([]*unstructured.Unstructured, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var out []*unstructured.Unstructured
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		if len(m) == 0 {
			continue
		}
		out = append(out, &unstructured.Unstructured{Object: m})
	}
	return out, nil
}

// apply server-side-applies objects, retrying while their types are not yet
// served (CRDs being established, aggregated APIs coming up).
func (k *kclients) apply(ctx context.Context, objs []*unstructured.Unstructured, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, o := range objs {
		for {
			err := k.applyOne(ctx, o)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("apply %s %s/%s: %v", o.GetKind(), o.GetNamespace(), o.GetName(), err)
			}
			k.rm.Reset()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	return nil
}

func (k *kclients) resourceFor(gvk schema.GroupVersionKind) (schema.GroupVersionResource, bool, error) {
	m, err := k.rm.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return schema.GroupVersionResource{}, false, err
	}
	return m.Resource, m.Scope.Name() == meta.RESTScopeNameNamespace, nil
}

func (k *kclients) applyOne(ctx context.Context, o *unstructured.Unstructured) error {
	gvr, namespaced, err := k.resourceFor(o.GroupVersionKind())
	if err != nil {
		return err
	}
	var ri dynamic.ResourceInterface = k.dyn.Resource(gvr)
	if namespaced {
		ns := o.GetNamespace()
		if ns == "" {
			ns = "default"
		}
		ri = k.dyn.Resource(gvr).Namespace(ns)
	}
	_, err = ri.Apply(ctx, o.GetName(), o, metav1.ApplyOptions{FieldManager: "testbed", Force: true})
	return err
}

func (c *Config) applyFile(ctx context.Context, k *kclients, path string, edit func([]byte) []byte) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if edit != nil {
		b = edit(b)
	}
	objs, err := decodeYAML(b)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return k.apply(ctx, objs, 90*time.Second)
}

func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func poll(ctx context.Context, timeout time.Duration, what string, f func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ok, err := f()
		if ok {
			return nil
		}
		if err != nil {
			lastErr = err
		}
		if time.Now().After(deadline) {
			if lastErr != nil {
				return fmt.Errorf("timed out after %s waiting for %s: %v", timeout, what, lastErr)
			}
			return fmt.Errorf("timed out after %s waiting for %s", timeout, what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
