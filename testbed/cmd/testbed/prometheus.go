package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// Prometheus from Debian's `prometheus` package, scraping the traffic
// simulator; its data lives in <state>/prometheus.
const prometheusBin = "/usr/bin/prometheus"

// prometheusBinary is Debian's /usr/bin/prometheus, or a prometheus on PATH.
func prometheusBinary() (string, error) {
	if _, err := os.Stat(prometheusBin); err == nil {
		return prometheusBin, nil
	}
	if p, err := exec.LookPath("prometheus"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("prometheus is not installed (%s is missing): install Debian's package with "+
		"`sudo apt-get install -y --no-install-recommends prometheus` (scripts/setup.sh does it), then run `up` again", prometheusBin)
}

func (c *Config) prometheusConfigPath() string { return c.path("prometheus.yml") }

func (c *Config) prometheusConfig() string {
	return fmt.Sprintf(`# Written by testbed up; rewritten on every up.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
  - job_name: traffic-sim
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:%d']
`, c.trafficSimPort())
}

// startPrometheus writes the config and starts Prometheus, waiting for /-/ready.
func (c *Config) startPrometheus(ctx context.Context) error {
	bin, err := prometheusBinary()
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.prometheusConfigPath(), []byte(c.prometheusConfig()), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(c.path("prometheus"), 0o700); err != nil {
		return err
	}
	p, err := c.start("prometheus", bin,
		"--config.file="+c.prometheusConfigPath(),
		"--storage.tsdb.path="+c.path("prometheus"),
		"--storage.tsdb.retention.time=6h",
		fmt.Sprintf("--web.listen-address=127.0.0.1:%d", c.prometheusPort()),
	)
	if err != nil {
		return err
	}
	if err := c.waitHTTP(ctx, p, c.prometheusURL()+"/-/ready", 60*time.Second); err != nil {
		return err
	}
	logf("prometheus %s scrapes the traffic simulator %s every 5s", c.prometheusURL(), c.trafficSimURL())
	return nil
}
