package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const (
	trafficNS  = "testbed-it-traffic"
	trafficSvc = "hello"
)

var drGVR = schema.GroupVersionResource{Group: "networking.istio.io", Version: "v1", Resource: "destinationrules"}

// TestTrafficMetricsInPrometheus: a mesh service on na, eu and sea with a
// locality-aware DestinationRule (localityLbSetting + outlierDetection); the
// traffic simulator routes each region's requests to its own region, and
// Prometheus has Istio's istio_requests_total for it. Then na loses its
// endpoints and the simulator fails na over to eu, as the rule says.
func TestTrafficMetricsInPrometheus(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	promURL := testbedEnvValue(t, "TESTBED_PROMETHEUS_URL")
	simURL := testbedEnvValue(t, "TESTBED_TRAFFIC_SIM_URL")

	t.Cleanup(func() {
		for _, m := range members {
			err := e.member[m].CoreV1().Namespaces().Delete(context.Background(), trafficNS, metav1.DeleteOptions{})
			if err != nil && !apierrors.IsNotFound(err) {
				t.Errorf("%s: delete namespace %s: %v", m, trafficNS, err)
			}
		}
	})
	for _, m := range members {
		createTrafficService(t, e, m)
	}

	// The simulator sees the endpoints: every source stays in its region.
	eventually(t, 90*time.Second, "traffic-sim routes every region to itself", func() (bool, string) {
		routes, err := simRoutes(simURL)
		if err != nil {
			return false, err.Error()
		}
		for _, m := range members {
			if routes[m] != m+"=1.00 (locality-local)" {
				return false, fmt.Sprint(routes)
			}
		}
		return true, ""
	})

	query := fmt.Sprintf(`sum by (source_cluster, destination_cluster) (rate(istio_requests_total{reporter="source",destination_service_namespace=%q}[30s]))`, trafficNS)
	eventually(t, 90*time.Second, "Prometheus shows in-region traffic", func() (bool, string) {
		res, err := promQuery(promURL, query)
		if err != nil {
			return false, err.Error()
		}
		ok := true
		for _, m := range members {
			if res[m+"->"+m] < 5 { // 10 requests/s by default
				ok = false
			}
		}
		for pair, v := range res {
			if src, dst, _ := strings.Cut(pair, "->"); src != dst && v > 0.5 {
				ok = false
			}
		}
		return ok, fmt.Sprint(res)
	})
	// Both proxies report; the destination's connection is mutual TLS.
	dq := fmt.Sprintf(`sum by (destination_cluster) (rate(istio_request_duration_milliseconds_count{reporter="destination",connection_security_policy="mutual_tls",destination_service_namespace=%q}[30s]))`, trafficNS)
	res, err := promQuery(promURL, dq)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if res[m] <= 0 {
			t.Errorf("no destination-reported durations for %s: %v", m, res)
		}
	}

	// na has no ready endpoint any more: its requests fail over to eu.
	zero := int32(0)
	dep, err := e.member["na"].AppsV1().Deployments(trafficNS).Get(ctx, trafficSvc, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dep.Spec.Replicas = &zero
	if _, err := e.member["na"].AppsV1().Deployments(trafficNS).Update(ctx, dep, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "traffic-sim fails na over to eu", func() (bool, string) {
		routes, err := simRoutes(simURL)
		if err != nil {
			return false, err.Error()
		}
		return routes["na"] == "eu=1.00 (locality-failover)", fmt.Sprint(routes)
	})
}

func createTrafficService(t *testing.T, e *env, m string) {
	t.Helper()
	ctx := context.Background()
	k := e.member[m]
	// A namespace left terminating by an earlier run must be gone first.
	eventually(t, 90*time.Second, m+": namespace "+trafficNS+" created", func() (bool, string) {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: trafficNS, Labels: map[string]string{"istio-injection": "enabled"}}}
		_, err := k.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
		return err == nil, fmt.Sprint(err)
	})
	dep := podDeployment(trafficNS, trafficSvc, "app", 2)
	labels := dep.Spec.Selector.MatchLabels
	if _, err := k.AppsV1().Deployments(trafficNS).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatalf("%s: create deployment: %v", m, err)
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: trafficSvc, Namespace: trafficNS},
		Spec: corev1.ServiceSpec{Selector: labels, Ports: []corev1.ServicePort{{
			Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080),
		}}},
	}
	if _, err := k.CoreV1().Services(trafficNS).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("%s: create service: %v", m, err)
	}
	dr := mustUnstructured(t, fmt.Sprintf(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  host: %[1]s.%[2]s.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
    loadBalancer:
      localityLbSetting:
        enabled: true
        failover:
        - {from: na, to: eu}
        - {from: eu, to: na}
        - {from: sea, to: na}
`, trafficSvc, trafficNS))
	if _, err := e.memberDyn[m].Resource(drGVR).Namespace(trafficNS).Create(ctx, dr, metav1.CreateOptions{}); err != nil {
		t.Fatalf("%s: create DestinationRule: %v", m, err)
	}
}

// simRoutes reads the simulator's /debug/state: for the test service, each
// source cluster's destinations as "eu=0.50,na=0.50 (mode)".
func simRoutes(simURL string) (map[string]string, error) {
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(simURL + "/debug/state")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var st struct {
		Services []struct {
			Namespace, Name string
			Sources         []struct {
				Cluster, Mode string
				Routes        []struct {
					Cluster string
					Share   float64
				}
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, s := range st.Services {
		if s.Namespace != trafficNS || s.Name != trafficSvc {
			continue
		}
		for _, src := range s.Sources {
			var to []string
			for _, r := range src.Routes {
				to = append(to, fmt.Sprintf("%s=%.2f", r.Cluster, r.Share))
			}
			sort.Strings(to)
			out[src.Cluster] = strings.Join(to, ",") + " (" + src.Mode + ")"
		}
	}
	return out, nil
}

// promQuery runs an instant query; the result maps the series' label values
// (source->destination cluster, or the one label) to the value.
func promQuery(promURL, q string) (map[string]float64, error) {
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(promURL + "/api/v1/query?query=" + url.QueryEscape(q))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Status string
		Error  string
		Data   struct {
			Result []struct {
				Metric map[string]string
				Value  [2]any
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	if r.Status != "success" {
		return nil, fmt.Errorf("query %s: %s %s", q, r.Status, r.Error)
	}
	out := map[string]float64{}
	for _, s := range r.Data.Result {
		key := s.Metric["destination_cluster"]
		if src, ok := s.Metric["source_cluster"]; ok {
			key = src + "->" + key
		}
		str, _ := s.Value[1].(string)
		v, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, fmt.Errorf("value %v: %v", s.Value[1], err)
		}
		out[key] = v
	}
	return out, nil
}
