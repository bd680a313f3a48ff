package main

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

var threeRegions = []epGroup{
	{Cluster: "na", Region: "na", Ready: 2},
	{Cluster: "eu", Region: "eu", Ready: 2},
	{Cluster: "sea", Region: "sea", Ready: 1},
}

func localityPolicy() *lbPolicy {
	return &lbPolicy{Name: "dr", LocalityLB: true, OutlierDetection: true,
		Failover: []failoverRule{{From: "na", To: "eu"}, {From: "eu", To: "na"}, {From: "sea", To: "na"}}}
}

func shares(r routing) map[string]float64 {
	out := map[string]float64{}
	for _, s := range r.Routes {
		out[s.Cluster] = math.Round(s.Share*1000) / 1000
	}
	return out
}

func TestRouteRequests(t *testing.T) {
	noNA := []epGroup{{Cluster: "na", Region: "na", Ready: 0}, {Cluster: "eu", Region: "eu", Ready: 2}, {Cluster: "sea", Region: "sea", Ready: 1}}
	twoInNA := []epGroup{{Cluster: "na", Region: "na", Ready: 3}, {Cluster: "na2", Region: "na", Ready: 1}, {Cluster: "eu", Region: "eu", Ready: 2}}
	noOutlier := localityPolicy()
	noOutlier.OutlierDetection = false
	disabled := localityPolicy()
	disabled.LocalityLB = false
	distribute := localityPolicy()
	distribute.Distribute = []distributeRule{{From: "na/*", To: map[string]float64{"na/*": 80, "eu/*": 20}}}
	distributeDead := localityPolicy()
	distributeDead.Distribute = []distributeRule{{From: "na/*", To: map[string]float64{"na/*": 70, "eu/*": 20, "sea/*": 10}}}
	seaOnlyFailover := localityPolicy()
	seaOnlyFailover.Failover = []failoverRule{{From: "na", To: "sea"}}
	noFailover := localityPolicy()
	noFailover.Failover = nil

	for _, tc := range []struct {
		name   string
		src    string
		eps    []epGroup
		pol    *lbPolicy
		mode   string
		shares map[string]float64
	}{
		{"in-region", "na", threeRegions, localityPolicy(), modeLocalityLocal, map[string]float64{"na": 1}},
		{"in-region split by endpoints over clusters of the region", "na", twoInNA, localityPolicy(), modeLocalityLocal, map[string]float64{"na": 0.75, "na2": 0.25}},
		{"failover to the `to` region when the local region has no endpoints", "na", noNA, localityPolicy(), modeLocalityFail, map[string]float64{"eu": 1}},
		{"failover follows the entry for the source region", "na", noNA, seaOnlyFailover, modeLocalityFail, map[string]float64{"sea": 1}},
		{"no failover entry: all remaining endpoints by count", "na", noNA, noFailover, modeLocalitySpread, map[string]float64{"eu": 0.667, "sea": 0.333}},
		{"failover region without endpoints: all remaining", "sea", []epGroup{{Cluster: "na", Region: "na"}, {Cluster: "eu", Region: "eu", Ready: 3}, {Cluster: "sea", Region: "sea"}}, localityPolicy(), modeLocalitySpread, map[string]float64{"eu": 1}},
		{"no outlierDetection spreads everywhere", "na", threeRegions, noOutlier, modeSpread, map[string]float64{"na": 0.4, "eu": 0.4, "sea": 0.2}},
		{"no DestinationRule spreads everywhere", "eu", threeRegions, nil, modeSpread, map[string]float64{"na": 0.4, "eu": 0.4, "sea": 0.2}},
		{"localityLbSetting enabled: false spreads everywhere", "eu", threeRegions, disabled, modeSpread, map[string]float64{"na": 0.4, "eu": 0.4, "sea": 0.2}},
		{"distribute weights", "na", threeRegions, distribute, modeLocalityDist, map[string]float64{"na": 0.8, "eu": 0.2}},
		{"distribute applies only to its `from`", "eu", threeRegions, distribute, modeLocalityLocal, map[string]float64{"eu": 1}},
		{"distribute renormalised over regions with endpoints", "na", noNA, distributeDead, modeLocalityDist, map[string]float64{"eu": 0.667, "sea": 0.333}},
		{"no endpoints: 503 UH", "na", []epGroup{{Cluster: "na", Region: "na"}, {Cluster: "eu", Region: "eu"}}, localityPolicy(), modeNoEndpoints, map[string]float64{}},
		{"no endpoints without a DestinationRule", "na", nil, nil, modeNoEndpoints, map[string]float64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := routeRequests(tc.src, tc.eps, tc.pol)
			if r.Mode != tc.mode {
				t.Errorf("mode %s, want %s (%s)", r.Mode, tc.mode, r.Reason)
			}
			if got := shares(r); !reflect.DeepEqual(got, tc.shares) {
				t.Errorf("shares %v, want %v (%s)", got, tc.shares, r.Reason)
			}
		})
	}
}

func TestParseErrorRatio(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    errorRatio
		per     map[string]float64 // For(cluster)
		wantErr string
	}{
		{in: "", want: errorRatio{}, per: map[string]float64{"eu": 0}},
		{in: "0.2", want: errorRatio{All: 0.2}, per: map[string]float64{"eu": 0.2, "na": 0.2}},
		{in: " 1 ", want: errorRatio{All: 1}},
		{in: "eu=0.5,na=0.1", want: errorRatio{PerCluster: map[string]float64{"eu": 0.5, "na": 0.1}}, per: map[string]float64{"eu": 0.5, "na": 0.1, "sea": 0}},
		{in: "eu = 0.5, *=0.05", want: errorRatio{All: 0.05, PerCluster: map[string]float64{"eu": 0.5}}, per: map[string]float64{"eu": 0.5, "sea": 0.05}},
		{in: "1.5", wantErr: "between 0 and 1"},
		{in: "-0.1", wantErr: "between 0 and 1"},
		{in: "abc", wantErr: "between 0 and 1"},
		{in: "eu=x", wantErr: "eu:"},
		{in: "eu=0.1,=0.2", wantErr: "cluster=ratio"},
	} {
		got, err := parseErrorRatio(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseErrorRatio(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseErrorRatio(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		for c, want := range tc.per {
			if v := got.For(c); v != want {
				t.Errorf("parseErrorRatio(%q).For(%s) = %v, want %v", tc.in, c, v, want)
			}
		}
	}
}

func TestLatencyBase(t *testing.T) {
	if v := latencyBaseMs("na", "na"); v != 8 {
		t.Errorf("same region: %v", v)
	}
	for _, p := range [][2]string{{"na", "eu"}, {"eu", "sea"}, {"na", "sea"}, {"ap", "sa"}, {"x", "y"}} {
		a, b := latencyBaseMs(p[0], p[1]), latencyBaseMs(p[1], p[0])
		if a != b || a < 60 || a > 180 {
			t.Errorf("%v: %v / %v, want symmetric in [60,180]", p, a, b)
		}
	}
}

func TestFlowCounterGrowsExactly(t *testing.T) {
	var f flowCounter
	// 10 rps over ticks of uneven length: the count is floor(rate × elapsed).
	total := 0.0
	for _, dt := range []float64{2.03, 1.97, 2.5, 0.1, 2, 2, 3.3} {
		f.add(10*dt, 80)
		total += 10 * dt
		if f.count != uint64(math.Floor(total+1e-9)) {
			t.Fatalf("count %d after %.2f requests", f.count, total)
		}
	}
	f.add(10*6.1, 80) // total 200
	if f.count != 200 {
		t.Fatalf("count %d, want 200", f.count)
	}
	// 200 observations: 100 at 80 ms, 90 at 120 ms, 10 at 240 ms.
	if want := 100*80.0 + 90*120 + 10*240; math.Abs(f.sum-want) > 1e-6 {
		t.Errorf("sum %v, want %v", f.sum, want)
	}
	le := map[float64]uint64{}
	for i, b := range istioBuckets {
		le[b] = f.buckets[i]
	}
	if le[50] != 0 || le[100] != 100 || le[250] != 200 || le[3600000] != 200 {
		t.Errorf("buckets %v", le)
	}
}

func TestParseDestinationRule(t *testing.T) {
	var obj map[string]any
	if err := yaml.Unmarshal([]byte(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: hello, namespace: shop}
spec:
  host: hello.shop.svc.cluster.local
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 5}
    loadBalancer:
      localityLbSetting:
        enabled: true
        distribute:
        - from: na/*
          to: {"na/*": 80, "eu/*": 20}
        failover:
        - {from: na, to: eu}
`), &obj); err != nil {
		t.Fatal(err)
	}
	drs := []unstructured.Unstructured{{Object: obj}}
	p := matchDestinationRule("shop", "hello", drs)
	want := &lbPolicy{Name: "hello", LocalityLB: true, OutlierDetection: true,
		Distribute: []distributeRule{{From: "na/*", To: map[string]float64{"na/*": 80, "eu/*": 20}}},
		Failover:   []failoverRule{{From: "na", To: "eu"}}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v, want %+v", p, want)
	}
	if matchDestinationRule("shop", "other", drs) != nil || matchDestinationRule("other", "hello", drs) != nil {
		t.Error("matched a DestinationRule of another host")
	}
}

func TestMetricsText(t *testing.T) {
	k := flowKey{"shop", "hello", "na", "unknown", "503", "UH"}
	k2 := flowKey{"shop", "hello", "eu", "eu", "200", "-"}
	var f, f2 flowCounter
	f.add(3, noUpstreamLatencyMs)
	f2.add(20, 8)
	var b strings.Builder
	writeIstioMetrics(&b, []flowKey{k2, k}, map[flowKey]flowCounter{k: f, k2: f2})
	out := b.String()
	for _, want := range []string{
		"# TYPE istio_requests_total counter",
		"# TYPE istio_request_duration_milliseconds histogram",
		`istio_requests_total{reporter="source",source_workload="simulated-client",source_workload_namespace="shop",source_canonical_service="simulated-client",source_cluster="na",destination_workload="hello",destination_workload_namespace="shop",destination_canonical_service="hello",destination_service="hello.shop.svc.cluster.local",destination_service_name="hello",destination_service_namespace="shop",destination_cluster="unknown",request_protocol="http",response_code="503",response_flags="UH",connection_security_policy="unknown"} 3`,
		`reporter="destination",source_workload="simulated-client",source_workload_namespace="shop",source_canonical_service="simulated-client",source_cluster="eu",`,
		`connection_security_policy="mutual_tls",le="10"} 10`,
		`connection_security_policy="mutual_tls",le="25"} 20`,
		`connection_security_policy="mutual_tls",le="+Inf"} 20`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s\n%s", want, out)
		}
	}
	if strings.Contains(out, `reporter="destination",source_workload="simulated-client",source_workload_namespace="shop",source_canonical_service="simulated-client",source_cluster="na"`) {
		t.Error("UH requests reported by a destination")
	}
}
