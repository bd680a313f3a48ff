package main

// `testbed traffic-sim`: a simulated mesh workload. Every tick it reads the
// Karmada Clusters and, in each registered member the testbed has a
// kubeconfig for, the Services of istio-injection=enabled namespaces, their
// ready endpoints and DestinationRules; it routes simulated requests as
// Istio would (trafficsim_model.go) and serves Istio's standard metrics
// (istio_requests_total, istio_request_duration_milliseconds) for Prometheus.
// The numbers are simulated; their names and labels are Istio's.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/clientcmd"
)

const (
	trafficRPSAnnotation   = "traffic.testbed.multicluster.dev/rps"
	trafficErrorAnnotation = "traffic.testbed.multicluster.dev/error-ratio"
	defaultRPS             = 10
	trafficTick            = 2 * time.Second
	// A member whose reads fail keeps its last observation this long, so a
	// slow API call does not look like an outage.
	trafficStaleAfter = 15 * time.Second
	simClientWorkload = "simulated-client"
)

var drGVR = schema.GroupVersionResource{Group: "networking.istio.io", Version: "v1", Resource: "destinationrules"}

func (c *Config) trafficSimURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d", c.trafficSimPort())
}

func (c *Config) prometheusURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d", c.prometheusPort())
}

// startTrafficSim starts this launcher binary as `traffic-sim` and waits
// until it serves.
func (c *Config) startTrafficSim(ctx context.Context) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// The launcher is cached by source hash: a simulator started by an
	// older launcher would keep the old model. Counters restart from 0,
	// which Prometheus' rate() handles as a counter reset.
	if old, err := c.readProc("traffic-sim"); err == nil && old.running() && old.Bin != self {
		logf("restarting traffic-sim: it runs %s, this launcher is %s", old.Bin, self)
		if err := c.stop("traffic-sim"); err != nil {
			return err
		}
	}
	p, err := c.start("traffic-sim", self, "traffic-sim",
		fmt.Sprintf("--listen=127.0.0.1:%d", c.trafficSimPort()),
		"--karmada-kubeconfig="+c.kubeconfigPath("karmada-admin"),
		"--kubeconfig-dir="+c.path("kubeconfig"),
	)
	if err != nil {
		return err
	}
	return c.waitHTTP(ctx, p, c.trafficSimURL()+"/healthz", 30*time.Second)
}

// ---- observation ----

// svcObs is one Service as seen in one member.
type svcObs struct {
	Namespace string     `json:"namespace"`
	Name      string     `json:"name"`
	RPS       float64    `json:"rps"`
	Errors    errorRatio `json:"errorRatio"`
	Ready     int        `json:"readyEndpoints"`
	Policy    *lbPolicy  `json:"destinationRule,omitempty"`
	Warnings  []string   `json:"warnings,omitempty"`
}

// memberObs is what one tick saw in one member.
type memberObs struct {
	Cluster    string             `json:"cluster"`
	Region     string             `json:"region"`
	Kubeconfig string             `json:"kubeconfig,omitempty"`
	Error      string             `json:"error,omitempty"`
	ObservedAt time.Time          `json:"observedAt"`
	Stale      bool               `json:"stale,omitempty"`
	services   map[string]*svcObs // "<ns>/<name>"
}

type memberClient struct {
	path string
	*kclients
}

type trafficSim struct {
	karmada    dynamic.Interface
	kubeDir    string
	clientMu   sync.Mutex
	clients    map[string]*memberClient
	lastGood   map[string]*memberObs
	mu         sync.Mutex
	flows      map[flowKey]*flowCounter
	state      simState
	last       time.Time
	lastLogged string
}

type flowKey struct {
	Namespace, Service, SrcCluster, DstCluster, Code, Flags string
}

// simState is /debug/state.
type simState struct {
	UpdatedAt   time.Time       `json:"updatedAt"`
	TickSeconds float64         `json:"tickSeconds"`
	KarmadaErr  string          `json:"karmadaError,omitempty"`
	Clusters    []*memberObs    `json:"clusters"`
	Services    []serviceRoutes `json:"services"`
}

type serviceRoutes struct {
	Namespace string        `json:"namespace"`
	Name      string        `json:"name"`
	FQDN      string        `json:"fqdn"`
	Endpoints []epGroup     `json:"endpoints"`
	Sources   []sourceRoute `json:"sources"`
}

type sourceRoute struct {
	Cluster         string      `json:"cluster"`
	Region          string      `json:"region"`
	RPS             float64     `json:"rps"`
	DestinationRule *lbPolicy   `json:"destinationRule,omitempty"`
	Mode            string      `json:"mode"`
	Reason          string      `json:"reason"`
	Routes          []routeInfo `json:"routes"`
	Warnings        []string    `json:"warnings,omitempty"`
}

type routeInfo struct {
	routeShare
	RPS           float64 `json:"rps"`
	ErrorRatio    float64 `json:"errorRatio"`
	LatencyBaseMs float64 `json:"latencyBaseMs"`
}

func runTrafficSim(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("traffic-sim", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:17030", "address for /metrics, /debug/state, /healthz")
	karmadaKC := fs.String("karmada-kubeconfig", "", "Karmada admin kubeconfig")
	kubeDir := fs.String("kubeconfig-dir", "", "folder of the members' <name>.kubeconfig files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *karmadaKC == "" || *kubeDir == "" {
		return fmt.Errorf("traffic-sim needs --karmada-kubeconfig and --kubeconfig-dir")
	}
	kcfg, err := clientcmd.BuildConfigFromFlags("", *karmadaKC)
	if err != nil {
		return err
	}
	kcfg.Timeout = 5 * time.Second
	kdyn, err := dynamic.NewForConfig(kcfg)
	if err != nil {
		return err
	}
	s := &trafficSim{karmada: kdyn, kubeDir: *kubeDir, clients: map[string]*memberClient{},
		lastGood: map[string]*memberObs{}, flows: map[flowKey]*flowCounter{}}

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/metrics", s.serveMetrics)
	mux.HandleFunc("/debug/state", s.serveState)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	logf("traffic-sim: serving http://%s/metrics and /debug/state", *listen)

	s.tick(ctx)
	t := time.NewTicker(trafficTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			srv.Shutdown(shutdown)
			logf("traffic-sim: stopped")
			return nil
		case <-t.C:
			s.tick(ctx)
		}
	}
}

// tick observes the clusters, then credits the elapsed time to the routes.
func (s *trafficSim) tick(ctx context.Context) {
	obs, karmadaErr := s.observe(ctx)
	now := time.Now()
	services := buildRoutes(obs)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.last.IsZero() {
		dt := now.Sub(s.last).Seconds()
		// A suspended process must not produce a burst of hours.
		s.accumulate(services, math.Min(dt, 30))
	}
	s.last = now
	s.state = simState{UpdatedAt: now, TickSeconds: trafficTick.Seconds(), KarmadaErr: karmadaErr, Clusters: obs, Services: services}
	if sum := routingSummary(services); sum != s.lastLogged {
		logf("traffic-sim: routing now: %s", sum)
		s.lastLogged = sum
	}
}

func routingSummary(services []serviceRoutes) string {
	var parts []string
	for _, sv := range services {
		for _, src := range sv.Sources {
			var to []string
			for _, r := range src.Routes {
				to = append(to, fmt.Sprintf("%s:%.2f", r.Cluster, r.Share))
			}
			if len(to) == 0 {
				to = []string{"503 UH"}
			}
			parts = append(parts, fmt.Sprintf("%s/%s %s->[%s] (%s)", sv.Namespace, sv.Name, src.Cluster, strings.Join(to, " "), src.Mode))
		}
	}
	if len(parts) == 0 {
		return "no mesh service"
	}
	return strings.Join(parts, "; ")
}

// observe reads every registered member the testbed has a kubeconfig for.
func (s *trafficSim) observe(ctx context.Context) ([]*memberObs, string) {
	ctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	list, err := s.karmada.Resource(clusterGVR).List(ctx, metav1.ListOptions{})
	var clusters []*memberObs
	karmadaErr := ""
	if err != nil {
		// Karmada unreachable: keep the members seen last, while fresh.
		karmadaErr = err.Error()
		for _, o := range s.lastGood {
			clusters = append(clusters, &memberObs{Cluster: o.Cluster, Region: o.Region, Kubeconfig: o.Kubeconfig})
		}
	} else {
		for _, item := range list.Items {
			region, _, _ := unstructured.NestedString(item.Object, "spec", "region")
			endpoint, _, _ := unstructured.NestedString(item.Object, "spec", "apiEndpoint")
			o := &memberObs{Cluster: item.GetName(), Region: region}
			if o.Region == "" {
				o.Region = o.Cluster
			}
			o.Kubeconfig = s.kubeconfigFor(item.GetName(), endpoint)
			clusters = append(clusters, o)
		}
	}
	sort.Slice(clusters, func(i, j int) bool { return clusters[i].Cluster < clusters[j].Cluster })
	var wg sync.WaitGroup
	for _, o := range clusters {
		if o.Kubeconfig == "" {
			o.Error = "the testbed has no kubeconfig for this cluster"
			continue
		}
		wg.Add(1)
		go func(o *memberObs) {
			defer wg.Done()
			svcs, err := s.readMember(ctx, o)
			o.services, o.ObservedAt = svcs, time.Now()
			if err != nil {
				o.Error = err.Error()
			}
		}(o)
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, o := range clusters {
		seen[o.Cluster] = true
		if o.Kubeconfig == "" {
			continue
		}
		if o.Error == "" {
			s.lastGood[o.Cluster] = o
			continue
		}
		if prev := s.lastGood[o.Cluster]; prev != nil && time.Since(prev.ObservedAt) < trafficStaleAfter {
			o.services, o.ObservedAt, o.Stale = prev.services, prev.ObservedAt, true
		} else {
			o.services = nil
		}
	}
	for name := range s.lastGood {
		if !seen[name] {
			delete(s.lastGood, name)
		}
	}
	return clusters, karmadaErr
}

// kubeconfigFor finds the testbed's admin kubeconfig for a Cluster: by name
// (<dir>/<name>.kubeconfig, what `up` and `member add` write), else by the
// Cluster's apiEndpoint.
func (s *trafficSim) kubeconfigFor(name, endpoint string) string {
	p := filepath.Join(s.kubeDir, name+".kubeconfig")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if endpoint == "" {
		return ""
	}
	files, _ := filepath.Glob(filepath.Join(s.kubeDir, "*.kubeconfig"))
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasPrefix(base, "karmada-") || strings.HasPrefix(base, "agent-") {
			continue
		}
		cfg, err := clientcmd.LoadFromFile(f)
		if err != nil {
			continue
		}
		for _, cl := range cfg.Clusters {
			if strings.TrimRight(cl.Server, "/") == strings.TrimRight(endpoint, "/") {
				return f
			}
		}
	}
	return ""
}

func (s *trafficSim) client(cluster, path string) (*memberClient, error) {
	if mc := s.clients[cluster]; mc != nil && mc.path == path {
		return mc, nil
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		return nil, err
	}
	cfg.Timeout = 5 * time.Second
	cfg.QPS, cfg.Burst = 50, 100
	k, err := newClients(cfg)
	if err != nil {
		return nil, err
	}
	mc := &memberClient{path: path, kclients: k}
	s.clients[cluster] = mc
	return mc, nil
}

// readMember lists, in every istio-injection=enabled namespace of a
// member, the Services with a selector, their ready endpoints and the
// DestinationRule for each.
func (s *trafficSim) readMember(ctx context.Context, o *memberObs) (map[string]*svcObs, error) {
	s.clientMu.Lock() // members are read in parallel
	mc, err := s.client(o.Cluster, o.Kubeconfig)
	s.clientMu.Unlock()
	if err != nil {
		return nil, err
	}
	nss, err := mc.kube.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: "istio-injection=enabled"})
	if err != nil {
		return nil, err
	}
	out := map[string]*svcObs{}
	for _, ns := range nss.Items {
		svcs, err := mc.kube.CoreV1().Services(ns.Name).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		if len(svcs.Items) == 0 {
			continue
		}
		slices, err := mc.kube.DiscoveryV1().EndpointSlices(ns.Name).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		ready := map[string]map[string]bool{} // service -> endpoint identity
		for _, sl := range slices.Items {
			svc := sl.Labels["kubernetes.io/service-name"]
			if svc == "" || sl.AddressType == "FQDN" {
				continue
			}
			for _, ep := range sl.Endpoints {
				if ep.Conditions.Ready == nil || !*ep.Conditions.Ready {
					continue
				}
				id := strings.Join(ep.Addresses, ",")
				if ep.TargetRef != nil && ep.TargetRef.Name != "" {
					id = ep.TargetRef.Kind + "/" + ep.TargetRef.Name
				}
				if ready[svc] == nil {
					ready[svc] = map[string]bool{}
				}
				ready[svc][id] = true
			}
		}
		var drs []unstructured.Unstructured
		if l, err := mc.dyn.Resource(drGVR).Namespace(ns.Name).List(ctx, metav1.ListOptions{}); err == nil {
			drs = l.Items
		} else if !apierrors.IsNotFound(err) {
			return nil, fmt.Errorf("destinationrules in %s: %v", ns.Name, err)
		}
		for i := range svcs.Items {
			svc := &svcs.Items[i]
			if len(svc.Spec.Selector) == 0 {
				continue
			}
			out[ns.Name+"/"+svc.Name] = observeService(svc, len(ready[svc.Name]), drs)
		}
	}
	return out, nil
}

func observeService(svc *corev1.Service, ready int, drs []unstructured.Unstructured) *svcObs {
	so := &svcObs{Namespace: svc.Namespace, Name: svc.Name, RPS: defaultRPS, Ready: ready}
	if v, ok := svc.Annotations[trafficRPSAnnotation]; ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			so.Warnings = append(so.Warnings, fmt.Sprintf("%s=%q is not a rate >= 0; using %d", trafficRPSAnnotation, v, defaultRPS))
		} else {
			so.RPS = f
		}
	}
	if v, ok := svc.Annotations[trafficErrorAnnotation]; ok {
		e, err := parseErrorRatio(v)
		if err != nil {
			so.Warnings = append(so.Warnings, fmt.Sprintf("%s: %v; ignored", trafficErrorAnnotation, err))
		} else {
			so.Errors = e
		}
	}
	so.Policy = matchDestinationRule(svc.Namespace, svc.Name, drs)
	return so
}

// matchDestinationRule picks the DestinationRule whose spec.host is the
// service (short name, <name>.<ns> or the FQDN); the oldest if several, as
// Istio does.
func matchDestinationRule(ns, name string, drs []unstructured.Unstructured) *lbPolicy {
	hosts := map[string]bool{name: true, name + "." + ns: true, name + "." + ns + ".svc.cluster.local": true}
	var match []*unstructured.Unstructured
	for i := range drs {
		h, _, _ := unstructured.NestedString(drs[i].Object, "spec", "host")
		if hosts[h] {
			match = append(match, &drs[i])
		}
	}
	if len(match) == 0 {
		return nil
	}
	sort.Slice(match, func(i, j int) bool {
		ti, tj := match[i].GetCreationTimestamp(), match[j].GetCreationTimestamp()
		if !ti.Equal(&tj) {
			return ti.Before(&tj)
		}
		return match[i].GetName() < match[j].GetName()
	})
	return parseDestinationRule(match[0])
}

func parseDestinationRule(dr *unstructured.Unstructured) *lbPolicy {
	p := &lbPolicy{Name: dr.GetName()}
	tp, _, _ := unstructured.NestedMap(dr.Object, "spec", "trafficPolicy")
	if tp == nil {
		return p
	}
	if od, ok := tp["outlierDetection"]; ok && od != nil {
		p.OutlierDetection = true
	}
	lb, _, _ := unstructured.NestedMap(tp, "loadBalancer", "localityLbSetting")
	if lb == nil {
		return p
	}
	p.LocalityLB = true
	if en, ok := lb["enabled"].(bool); ok && !en {
		p.LocalityLB = false
	}
	dist, _, _ := unstructured.NestedSlice(lb, "distribute")
	for _, d := range dist {
		dm, _ := d.(map[string]any)
		rule := distributeRule{To: map[string]float64{}}
		rule.From, _ = dm["from"].(string)
		to, _ := dm["to"].(map[string]any)
		for k, v := range to {
			rule.To[k] = toFloat(v)
		}
		p.Distribute = append(p.Distribute, rule)
	}
	fo, _, _ := unstructured.NestedSlice(lb, "failover")
	for _, f := range fo {
		fm, _ := f.(map[string]any)
		var r failoverRule
		r.From, _ = fm["from"].(string)
		r.To, _ = fm["to"].(string)
		p.Failover = append(p.Failover, r)
	}
	return p
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case int:
		return float64(x)
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

// buildRoutes combines the members' observations into each service's
// sources (members where the Service exists), endpoints and routes.
func buildRoutes(obs []*memberObs) []serviceRoutes {
	type perCluster struct {
		m  *memberObs
		so *svcObs
	}
	bySvc := map[string][]perCluster{}
	for _, o := range obs {
		for key, so := range o.services {
			bySvc[key] = append(bySvc[key], perCluster{o, so})
		}
	}
	keys := make([]string, 0, len(bySvc))
	for k := range bySvc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []serviceRoutes{}
	for _, key := range keys {
		pcs := bySvc[key]
		sort.Slice(pcs, func(i, j int) bool { return pcs[i].m.Cluster < pcs[j].m.Cluster })
		ns, name, _ := strings.Cut(key, "/")
		sr := serviceRoutes{Namespace: ns, Name: name, FQDN: name + "." + ns + ".svc.cluster.local"}
		dst := map[string]*svcObs{}
		for _, pc := range pcs {
			sr.Endpoints = append(sr.Endpoints, epGroup{Cluster: pc.m.Cluster, Region: pc.m.Region, Ready: pc.so.Ready})
			dst[pc.m.Cluster] = pc.so
		}
		for _, pc := range pcs {
			rt := routeRequests(pc.m.Region, sr.Endpoints, pc.so.Policy)
			src := sourceRoute{Cluster: pc.m.Cluster, Region: pc.m.Region, RPS: pc.so.RPS, DestinationRule: pc.so.Policy,
				Mode: rt.Mode, Reason: rt.Reason, Warnings: pc.so.Warnings, Routes: []routeInfo{}}
			for _, r := range rt.Routes {
				src.Routes = append(src.Routes, routeInfo{routeShare: r, RPS: pc.so.RPS * r.Share,
					// Errors are the destination's: its Service's annotation.
					ErrorRatio:    dst[r.Cluster].Errors.For(r.Cluster),
					LatencyBaseMs: latencyBaseMs(pc.m.Region, r.Region)})
			}
			sr.Sources = append(sr.Sources, src)
		}
		out = append(out, sr)
	}
	return out
}

// accumulate credits dt seconds of traffic to the series.
func (s *trafficSim) accumulate(services []serviceRoutes, dt float64) {
	if dt <= 0 {
		return
	}
	add := func(k flowKey, reqs, baseMs float64) {
		if reqs <= 0 {
			return
		}
		f := s.flows[k]
		if f == nil {
			f = &flowCounter{}
			s.flows[k] = f
		}
		f.add(reqs, baseMs)
	}
	for _, sv := range services {
		for _, src := range sv.Sources {
			if len(src.Routes) == 0 {
				add(flowKey{sv.Namespace, sv.Name, src.Cluster, "unknown", "503", "UH"}, src.RPS*dt, noUpstreamLatencyMs)
				continue
			}
			for _, r := range src.Routes {
				reqs := r.RPS * dt
				add(flowKey{sv.Namespace, sv.Name, src.Cluster, r.Cluster, "200", "-"}, reqs*(1-r.ErrorRatio), r.LatencyBaseMs)
				add(flowKey{sv.Namespace, sv.Name, src.Cluster, r.Cluster, "503", "-"}, reqs*r.ErrorRatio, r.LatencyBaseMs)
			}
		}
	}
}

// ---- HTTP ----

func (s *trafficSim) serveState(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	b, err := json.MarshalIndent(s.state, "", "  ")
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

func (s *trafficSim) serveMetrics(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	keys := make([]flowKey, 0, len(s.flows))
	for k := range s.flows {
		keys = append(keys, k)
	}
	snapshot := make(map[flowKey]flowCounter, len(keys))
	for _, k := range keys {
		f := *s.flows[k]
		f.buckets = append([]uint64(nil), f.buckets...)
		snapshot[k] = f
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool { return flowLess(keys[i], keys[j]) })
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	writeIstioMetrics(w, keys, snapshot)
}

func flowLess(a, b flowKey) bool {
	for _, p := range [][2]string{{a.Namespace, b.Namespace}, {a.Service, b.Service}, {a.SrcCluster, b.SrcCluster},
		{a.DstCluster, b.DstCluster}, {a.Code, b.Code}, {a.Flags, b.Flags}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	return false
}

type seriesLabels struct {
	key      flowKey
	reporter string
}

// labels are Istio's standard metric labels, in Istio's order.
func (l seriesLabels) render(extra string) string {
	k := l.key
	security := "unknown"
	if l.reporter == "destination" {
		security = "mutual_tls"
	}
	pairs := [][2]string{
		{"reporter", l.reporter},
		{"source_workload", simClientWorkload},
		{"source_workload_namespace", k.Namespace},
		{"source_canonical_service", simClientWorkload},
		{"source_cluster", k.SrcCluster},
		{"destination_workload", k.Service},
		{"destination_workload_namespace", k.Namespace},
		{"destination_canonical_service", k.Service},
		{"destination_service", k.Service + "." + k.Namespace + ".svc.cluster.local"},
		{"destination_service_name", k.Service},
		{"destination_service_namespace", k.Namespace},
		{"destination_cluster", k.DstCluster},
		{"request_protocol", "http"},
		{"response_code", k.Code},
		{"response_flags", k.Flags},
		{"connection_security_policy", security},
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p[0])
		b.WriteString(`="`)
		b.WriteString(escapeLabel(p[1]))
		b.WriteByte('"')
	}
	if extra != "" {
		b.WriteByte(',')
		b.WriteString(extra)
	}
	b.WriteByte('}')
	return b.String()
}

func escapeLabel(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// writeIstioMetrics writes the Prometheus text format. Each flow is reported
// by the source and by the destination proxy, except requests that found no
// upstream (UH): only the source's proxy saw them.
func writeIstioMetrics(w interface{ Write([]byte) (int, error) }, keys []flowKey, flows map[flowKey]flowCounter) {
	var series []seriesLabels
	for _, k := range keys {
		series = append(series, seriesLabels{k, "source"})
		if k.Flags != "UH" {
			series = append(series, seriesLabels{k, "destination"})
		}
	}
	var b strings.Builder
	b.WriteString("# HELP istio_requests_total Total requests (simulated by the testbed's traffic-sim).\n# TYPE istio_requests_total counter\n")
	for _, s := range series {
		fmt.Fprintf(&b, "istio_requests_total%s %d\n", s.render(""), flows[s.key].count)
	}
	b.WriteString("# HELP istio_request_duration_milliseconds Request duration (simulated by the testbed's traffic-sim).\n# TYPE istio_request_duration_milliseconds histogram\n")
	for _, s := range series {
		f := flows[s.key]
		for i, le := range istioBuckets {
			var c uint64
			if f.buckets != nil {
				c = f.buckets[i]
			}
			fmt.Fprintf(&b, "istio_request_duration_milliseconds_bucket%s %d\n", s.render(`le="`+formatFloat(le)+`"`), c)
		}
		fmt.Fprintf(&b, "istio_request_duration_milliseconds_bucket%s %d\n", s.render(`le="+Inf"`), f.count)
		fmt.Fprintf(&b, "istio_request_duration_milliseconds_sum%s %s\n", s.render(""), formatFloat(f.sum))
		fmt.Fprintf(&b, "istio_request_duration_milliseconds_count%s %d\n", s.render(""), f.count)
	}
	w.Write([]byte(b.String()))
}
