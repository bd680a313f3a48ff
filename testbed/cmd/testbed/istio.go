package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
)

// istioAPIVersion pins istio.io/api, whose CRDs (DestinationRule,
// VirtualService, PeerAuthentication, ...) the testbed installs into Karmada
// and every member, so services can carry their traffic policy. Kept out of
// versions.env on purpose: that file keys the binary cache, and no binary is
// built from this module.
const istioAPIVersion = "v1.32.0"

// installIstioCRDs applies Istio's CRDs, read from the istio.io/api module in
// GOMODCACHE, to the API server behind k.
func (c *Config) installIstioCRDs(ctx context.Context, k *kclients) error {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", "istio.io/api@"+istioAPIVersion)
	cmd.Dir = filepath.Join(c.Root, "build", "karmada")
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go mod download istio.io/api: %v", err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return fmt.Errorf("go mod download istio.io/api: no Dir in %s", out)
	}
	return c.applyFile(ctx, k, filepath.Join(info.Dir, "kubernetes", "customresourcedefinitions.gen.yaml"), nil)
}
