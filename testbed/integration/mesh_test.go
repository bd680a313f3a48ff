package integration

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

type clusterzEntry struct {
	ID         string `json:"id"`
	SecretName string `json:"secretName"`
	SyncStatus string `json:"syncStatus"`
}

// testbedEnvValue reads one value of `testbed env --json`.
func testbedEnvValue(t testing.TB, key string) string {
	t.Helper()
	var vars map[string]string
	if err := json.Unmarshal([]byte(runTestbed(t, "env", "--json")), &vars); err != nil {
		t.Fatalf("testbed env --json: %v", err)
	}
	v, ok := vars[key]
	if !ok {
		t.Fatalf("testbed env has no %s", key)
	}
	return v
}

// TestMeshMultiPrimary: every member's istiod runs, and through the remote
// secrets the testbed wrote it lists the other members as synced.
func TestMeshMultiPrimary(t *testing.T) {
	newEnv(t) // skips when the testbed is not up
	client := &http.Client{Timeout: 5 * time.Second}
	for _, m := range members {
		url := testbedEnvValue(t, "TESTBED_MEMBER_"+strings.ToUpper(m)+"_ISTIOD_DEBUG_URL") + "/debug/clusterz"
		var others []string
		for _, o := range members {
			if o != m {
				others = append(others, o)
			}
		}
		eventually(t, 60*time.Second, m+" istiod sees "+strings.Join(others, ", "), func() (bool, string) {
			resp, err := client.Get(url)
			if err != nil {
				return false, err.Error()
			}
			defer resp.Body.Close()
			var entries []clusterzEntry
			if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
				return false, err.Error()
			}
			var synced []string
			for _, e := range entries {
				if e.ID != m && e.SyncStatus == "synced" && e.SecretName == "istio-system/istio-remote-secret-"+e.ID {
					synced = append(synced, e.ID)
				}
			}
			sort.Strings(synced)
			want := append([]string(nil), others...)
			sort.Strings(want)
			got := strings.Join(synced, ",")
			return got == strings.Join(want, ","), "synced remotes: " + got
		})
	}
}
