//go:build tools

// Package tools pins istiod (pilot-discovery), built by the testbed.
package tools

import _ "istio.io/istio/pilot/cmd/pilot-discovery"
