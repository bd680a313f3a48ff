package main

// The traffic simulator's pure model: where a source's requests go (as
// Istio/Envoy would send them), error ratios, latencies, and the counters
// that turn rates into Istio's metrics. No I/O here; see trafficsim.go.

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
)

// epGroup is a service's ready endpoints in one member cluster.
type epGroup struct {
	Cluster string `json:"cluster"`
	Region  string `json:"region"`
	Ready   int    `json:"ready"`
}

// lbPolicy is what the simulator reads from a DestinationRule's
// spec.trafficPolicy.
type lbPolicy struct {
	Name string `json:"name"`
	// LocalityLB: loadBalancer.localityLbSetting is set and its enabled
	// field is not false.
	LocalityLB bool `json:"localityLb"`
	// OutlierDetection: trafficPolicy.outlierDetection is set. Without it
	// Istio does not apply locality priorities.
	OutlierDetection bool             `json:"outlierDetection"`
	Distribute       []distributeRule `json:"distribute,omitempty"`
	Failover         []failoverRule   `json:"failover,omitempty"`
}

type distributeRule struct {
	From string             `json:"from"`
	To   map[string]float64 `json:"to"`
}

type failoverRule struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// routeShare is the share of one source's requests that one destination
// cluster receives.
type routeShare struct {
	Cluster string  `json:"cluster"`
	Region  string  `json:"region"`
	Share   float64 `json:"share"`
}

// Routing modes.
const (
	modeNoEndpoints    = "no-endpoints"        // nothing ready anywhere: 503 UH
	modeSpread         = "spread"              // no locality priorities: all endpoints by count
	modeLocalityLocal  = "locality-local"      // endpoints in the source's region
	modeLocalityDist   = "locality-distribute" // weights of a distribute entry
	modeLocalityFail   = "locality-failover"   // the failover entry's region
	modeLocalitySpread = "locality-spread"     // locality-aware, but nothing local nor failover: all endpoints
)

// routing is where one source's requests go.
type routing struct {
	Mode   string       `json:"mode"`
	Reason string       `json:"reason"`
	Routes []routeShare `json:"routes"`
}

// localityRegion is the region part of an Istio locality ("eu/eu-1a/*" → "eu").
func localityRegion(l string) string {
	l = strings.TrimSpace(l)
	if i := strings.Index(l, "/"); i >= 0 {
		l = l[:i]
	}
	return l
}

// localityMatches: "region", "region/*", "region/zone..." (zones are
// approximated by their region: sources are whole clusters) and "*".
func localityMatches(pattern, region string) bool {
	r := localityRegion(pattern)
	return r == "*" || r == region
}

// splitByCount shares 1 (scaled by weight) over groups by ready endpoints.
func splitByCount(groups []epGroup, weight float64) []routeShare {
	total := 0
	for _, g := range groups {
		total += g.Ready
	}
	var out []routeShare
	for _, g := range groups {
		if g.Ready > 0 && total > 0 {
			out = append(out, routeShare{Cluster: g.Cluster, Region: g.Region, Share: weight * float64(g.Ready) / float64(total)})
		}
	}
	return out
}

func inRegion(groups []epGroup, region string) []epGroup {
	var out []epGroup
	for _, g := range groups {
		if g.Region == region {
			out = append(out, g)
		}
	}
	return out
}

// routeRequests decides where a source in srcRegion sends its requests, given
// the ready endpoints per cluster and the source cluster's DestinationRule
// (nil if none).
func routeRequests(srcRegion string, eps []epGroup, pol *lbPolicy) routing {
	var ready []epGroup
	for _, g := range eps {
		if g.Ready > 0 {
			ready = append(ready, g)
		}
	}
	sort.Slice(ready, func(i, j int) bool { return ready[i].Cluster < ready[j].Cluster })
	if len(ready) == 0 {
		return routing{Mode: modeNoEndpoints, Reason: "no ready endpoint in any cluster: 503 UH"}
	}
	spread := func(mode, reason string) routing {
		return routing{Mode: mode, Reason: reason, Routes: splitByCount(ready, 1)}
	}
	switch {
	case pol == nil:
		return spread(modeSpread, "no DestinationRule: all ready endpoints by count")
	case !pol.LocalityLB:
		return spread(modeSpread, "DestinationRule "+pol.Name+" has no (enabled) localityLbSetting: all ready endpoints by count")
	case !pol.OutlierDetection:
		return spread(modeSpread, "DestinationRule "+pol.Name+" has no outlierDetection, so Istio applies no locality priorities: all ready endpoints by count")
	}
	for _, d := range pol.Distribute {
		if !localityMatches(d.From, srcRegion) {
			continue
		}
		weights := map[string]float64{}
		for to, w := range d.To {
			if r := localityRegion(to); r != "*" && w > 0 {
				weights[r] += w
			}
		}
		total := 0.0
		for r, w := range weights {
			if len(inRegion(ready, r)) > 0 {
				total += w
			}
		}
		if total == 0 {
			return spread(modeLocalitySpread, fmt.Sprintf("distribute from %q: no region of its `to` has ready endpoints: all ready endpoints by count", d.From))
		}
		var routes []routeShare
		regions := make([]string, 0, len(weights))
		for r := range weights {
			regions = append(regions, r)
		}
		sort.Strings(regions)
		for _, r := range regions {
			if g := inRegion(ready, r); len(g) > 0 {
				routes = append(routes, splitByCount(g, weights[r]/total)...)
			}
		}
		return routing{Mode: modeLocalityDist, Reason: fmt.Sprintf("distribute from %q (weights renormalised over regions with ready endpoints)", d.From), Routes: routes}
	}
	if local := inRegion(ready, srcRegion); len(local) > 0 {
		return routing{Mode: modeLocalityLocal, Reason: "ready endpoints in region " + srcRegion, Routes: splitByCount(local, 1)}
	}
	for _, f := range pol.Failover {
		if localityRegion(f.From) != srcRegion {
			continue
		}
		to := localityRegion(f.To)
		if g := inRegion(ready, to); len(g) > 0 {
			return routing{Mode: modeLocalityFail, Reason: fmt.Sprintf("no ready endpoint in region %s: failover to %s", srcRegion, to), Routes: splitByCount(g, 1)}
		}
	}
	return spread(modeLocalitySpread, "no ready endpoint in region "+srcRegion+" nor in a failover region: all ready endpoints by count")
}

// errorRatio is the parsed traffic.testbed.multicluster.dev/error-ratio
// annotation: "0.2" (every destination) or "eu=0.5,na=0.1" (per
// destination cluster; "*=x" sets the others).
type errorRatio struct {
	All        float64            `json:"all,omitempty"`
	PerCluster map[string]float64 `json:"perCluster,omitempty"`
}

func parseRatio(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
		return 0, fmt.Errorf("%q is not a ratio between 0 and 1", strings.TrimSpace(s))
	}
	return v, nil
}

func parseErrorRatio(s string) (errorRatio, error) {
	var e errorRatio
	s = strings.TrimSpace(s)
	if s == "" {
		return e, nil
	}
	if !strings.Contains(s, "=") {
		v, err := parseRatio(s)
		if err != nil {
			return errorRatio{}, err
		}
		e.All = v
		return e, nil
	}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return errorRatio{}, fmt.Errorf("%q: want cluster=ratio", strings.TrimSpace(part))
		}
		r, err := parseRatio(v)
		if err != nil {
			return errorRatio{}, fmt.Errorf("%s: %v", k, err)
		}
		if k == "*" {
			e.All = r
			continue
		}
		if e.PerCluster == nil {
			e.PerCluster = map[string]float64{}
		}
		e.PerCluster[k] = r
	}
	return e, nil
}

// For is the share of 503 responses from destination cluster c.
func (e errorRatio) For(c string) float64 {
	if v, ok := e.PerCluster[c]; ok {
		return v
	}
	return e.All
}

// Latency. Same region: 8 ms. Across regions: a fixed base per pair of
// regions (symmetric), from a small table for the testbed's regions and
// from a hash (60–180 ms) for others.
const sameRegionLatencyMs = 8

var regionLatencyMs = map[[2]string]float64{
	{"eu", "na"}:  80,
	{"na", "sea"}: 150,
	{"eu", "sea"}: 170,
}

func latencyBaseMs(src, dst string) float64 {
	if src == dst {
		return sameRegionLatencyMs
	}
	pair := [2]string{src, dst}
	if pair[0] > pair[1] {
		pair[0], pair[1] = pair[1], pair[0]
	}
	if v, ok := regionLatencyMs[pair]; ok {
		return v
	}
	h := fnv.New32a()
	h.Write([]byte(pair[0] + "|" + pair[1]))
	return float64(60 + h.Sum32()%121)
}

// noUpstreamLatencyMs: Envoy answers 503 UH itself, at once.
const noUpstreamLatencyMs = 0.3

// Observations cycle through 20 slots: 10 at base, 9 at 1.5×base, 1 at
// 3×base (50% / 45% / 5%), so p50 ≈ base and p95 ≈ 1.5–3×base.
var latencyFactors = [3]float64{1, 1.5, 3}

func latencySlot(i uint64) int {
	switch j := i % 20; {
	case j == 19:
		return 2
	case j%2 == 0:
		return 0
	default:
		return 1
	}
}

// istioBuckets are Istio's default buckets for istio_request_duration_milliseconds.
var istioBuckets = []float64{0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000}

// flowCounter accumulates one series' requests: a fractional total, and the
// integer count with its histogram, which only ever grow.
type flowCounter struct {
	acc     float64
	count   uint64
	sum     float64
	buckets []uint64 // cumulative, per istioBuckets
}

// add records rate×seconds more requests with the given latency base.
func (f *flowCounter) add(requests, baseMs float64) {
	if requests <= 0 {
		return
	}
	if f.buckets == nil {
		f.buckets = make([]uint64, len(istioBuckets))
	}
	f.acc += requests
	n := uint64(math.Floor(f.acc + 1e-9))
	if n <= f.count {
		return
	}
	d := n - f.count
	var perSlot [3]uint64
	full := d / 20
	perSlot[0], perSlot[1], perSlot[2] = 10*full, 9*full, full
	for i := f.count + 20*full; i < n; i++ {
		perSlot[latencySlot(i)]++
	}
	for s, c := range perSlot {
		if c == 0 {
			continue
		}
		v := baseMs * latencyFactors[s]
		f.sum += float64(c) * v
		for b, le := range istioBuckets {
			if v <= le {
				f.buckets[b] += c
			}
		}
	}
	f.count = n
}
