package main

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// bootstrapGroup is the group `karmadactl token create` puts bootstrap
// tokens in.
const bootstrapGroup = "system:bootstrappers:karmada:default-cluster-token"

// setupBootstrapTokens creates what `karmadactl init` creates so that Pull
// agents can be registered with bootstrap tokens: holders may post CSRs and
// have them auto-approved by karmada-controller-manager's agent CSR approver
// (karmada pkg/karmadactl/cmdinit/bootstraptoken/agent/tlsbootstrap.go).
func (c *Config) setupBootstrapTokens(ctx context.Context, k *kclients) error {
	labels := map[string]string{systemLabel: "true"}
	group := func(name string) []rbacv1.Subject {
		return []rbacv1.Subject{{Kind: "Group", APIGroup: "rbac.authorization.k8s.io", Name: name}}
	}
	roles := []*rbacv1.ClusterRole{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "system:karmada:certificatesigningrequest:autoapprover", Labels: labels},
			Rules:      []rbacv1.PolicyRule{{APIGroups: []string{"certificates.k8s.io"}, Resources: []string{"certificatesigningrequests/clusteragent"}, Verbs: []string{"create"}}},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "system:karmada:certificatesigningrequest:selfautoapprover", Labels: labels},
			Rules:      []rbacv1.PolicyRule{{APIGroups: []string{"certificates.k8s.io"}, Resources: []string{"certificatesigningrequests/selfclusteragent"}, Verbs: []string{"create"}}},
		},
	}
	for _, r := range roles {
		if _, err := k.kube.RbacV1().ClusterRoles().Create(ctx, r, metav1.CreateOptions{}); ignoreExists(err) != nil {
			return err
		}
	}
	bindings := []*rbacv1.ClusterRoleBinding{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "system:karmada:agent-bootstrap", Labels: labels},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "system:node-bootstrapper"},
			Subjects:   group(bootstrapGroup),
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "system:karmada:agent-autoapprove-bootstrap", Labels: labels},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "system:karmada:certificatesigningrequest:autoapprover"},
			Subjects:   group(bootstrapGroup),
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "system:karmada:agent-autoapprove-certificate-rotation", Labels: labels},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "system:karmada:certificatesigningrequest:selfautoapprover"},
			Subjects:   group("system:karmada:agents"),
		},
	}
	for _, b := range bindings {
		if _, err := k.kube.RbacV1().ClusterRoleBindings().Create(ctx, b, metav1.CreateOptions{}); ignoreExists(err) != nil {
			return err
		}
	}
	return nil
}
