package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// memberInfo is what `member add` and `member show` print: where the member
// answers and where its admin kubeconfig lies (a path, never its content).
func (c *Config) memberInfo(m member) map[string]any {
	return map[string]any{
		"name": m.Name, "region": m.Region, "zones": m.Zones,
		"apiEndpoint": c.memberURL(m), "kubeconfig": c.kubeconfigPath(m.Name), "caFile": c.caCrt(),
		"running": c.memberRunning(m.Name), "owner": m.Owner,
	}
}

func (c *Config) memberRunning(name string) bool {
	p, err := c.readProc(name + "-apiserver")
	return err == nil && p.running()
}

func printJSON(v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Println(string(b))
}

// memberShow prints a member's endpoint and kubeconfig path without touching it.
func (c *Config) memberShow(name string) error {
	m, err := c.findMember(name)
	if err != nil {
		return err
	}
	printJSON(c.memberInfo(*m))
	return nil
}

// memberRemove stops a member made by `member add` and forgets it, data
// included, so the name can be added again from scratch. Members that `up`
// registers are refused: they are the testbed's fixed shape.
func (c *Config) memberRemove(name string) error {
	ms, err := c.members()
	if err != nil {
		return err
	}
	var keep []member
	var found *member
	for i := range ms {
		if ms[i].Name == name {
			found = &ms[i]
			continue
		}
		keep = append(keep, ms[i])
	}
	if found == nil {
		logf("member %s does not exist; nothing to remove", name)
		return nil
	}
	if found.Mode != "" {
		return fmt.Errorf("member %s is one of the testbed's own members; use `member stop`", name)
	}
	for _, p := range append(memberProcNames(name), name+"-agent") {
		if err := c.stop(p); err != nil {
			return err
		}
	}
	if err := c.etcdDeletePrefix("/member-" + name + "/"); err != nil {
		return fmt.Errorf("member %s stopped, its etcd data remains: %v", name, err)
	}
	if err := c.saveMembers(keep); err != nil {
		return err
	}
	logf("member %s removed (processes stopped, etcd data deleted)", name)
	return nil
}

// etcdDeletePrefix deletes a key range through etcd's JSON gateway, which
// saves the launcher an etcd client dependency.
func (c *Config) etcdDeletePrefix(prefix string) error {
	end := []byte(prefix)
	end[len(end)-1]++
	body, _ := json.Marshal(map[string]string{
		"key":       base64.StdEncoding.EncodeToString([]byte(prefix)),
		"range_end": base64.StdEncoding.EncodeToString(end),
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/v3/kv/deleterange", c.etcdPort())
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("etcd deleterange: HTTP %d", resp.StatusCode)
	}
	return nil
}

// memberRunAgent plays the kubelet for the karmada-agent Deployment that a
// Pull registration applied to the member (KWOK pods run nothing): it starts
// the agent binary with the Deployment's arguments and the Karmada
// kubeconfig from the Secret the Deployment mounts.
func (c *Config) memberRunAgent(ctx context.Context, name string) error {
	m, err := c.findMember(name)
	if err != nil {
		return err
	}
	if _, err := c.ensureBinaries(ctx, false); err != nil {
		return err
	}
	mk, err := newClients(c.restConfig(c.memberURL(*m)))
	if err != nil {
		return err
	}
	const ns = "karmada-system"
	dep, err := mk.kube.AppsV1().Deployments(ns).Get(ctx, "karmada-agent", metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("member %s has no karmada-agent Deployment to run: %v", name, err)
	}
	containers := dep.Spec.Template.Spec.Containers
	if len(containers) == 0 {
		return fmt.Errorf("karmada-agent Deployment has no container")
	}
	secretName, mountPath := agentKubeconfigVolume(dep.Spec.Template.Spec.Volumes, containers[0].VolumeMounts)
	if secretName == "" {
		return fmt.Errorf("karmada-agent Deployment mounts no Secret with the Karmada kubeconfig")
	}
	sec, err := mk.kube.CoreV1().Secrets(ns).Get(ctx, secretName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	dir := c.path("agents", name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for key, value := range sec.Data {
		if err := os.WriteFile(dir+"/"+key, value, 0o600); err != nil {
			return err
		}
	}
	var args []string
	for _, a := range append(containers[0].Command[min(1, len(containers[0].Command)):], containers[0].Args...) {
		switch {
		case strings.HasPrefix(a, "--kubeconfig="), strings.HasPrefix(a, "--metrics-bind-address="),
			strings.HasPrefix(a, "--health-probe-bind-address="), strings.HasPrefix(a, "--leader-elect"):
			// Process-local settings: the pod's in-cluster config and ports
			// are replaced by the member's kubeconfig and free loopback ports.
		default:
			args = append(args, strings.ReplaceAll(a, mountPath, dir))
		}
	}
	args = append(args,
		"--kubeconfig="+c.kubeconfigPath(m.Name),
		"--leader-elect=false",
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", c.mAgentMetrics(*m)),
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", c.mAgentHealth(*m)),
	)
	if _, err := c.start(m.Name+"-agent", c.bin("agent"), args...); err != nil {
		return err
	}
	logf("member %s: karmada-agent started from its Deployment", name)
	return nil
}

func agentKubeconfigVolume(volumes []corev1.Volume, mounts []corev1.VolumeMount) (secret, mountPath string) {
	for _, v := range volumes {
		if v.Secret == nil {
			continue
		}
		for _, vm := range mounts {
			if vm.Name == v.Name {
				return v.Secret.SecretName, strings.TrimRight(vm.MountPath, "/")
			}
		}
	}
	return "", ""
}
