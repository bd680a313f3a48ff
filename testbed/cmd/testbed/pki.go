package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// The testbed has one CA for serving and client certificates (shared by
// Karmada and the members), one front-proxy CA for the aggregation layer, and
// one service-account key pair per API server. Everything is written under
// <state>/pki with mode 0600 for keys.

type keyPair struct {
	cert *x509.Certificate
	key  any
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func loadPair(certPath, keyPath string) (*keyPair, error) {
	tc, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(tc.Certificate[0])
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: cert, key: tc.PrivateKey}, nil
}

func newKey() (*ecdsa.PrivateKey, []byte, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	return k, der, err
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return n
}

// ensureCA creates (or loads) a self-signed CA.
func ensureCA(dir, name, cn string) (*keyPair, error) {
	crt, keyf := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if exists(crt) && exists(keyf) {
		return loadPair(crt, keyf)
	}
	k, der, err := newKey()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	cd, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		return nil, err
	}
	if err := writePEM(keyf, "PRIVATE KEY", der, 0o600); err != nil {
		return nil, err
	}
	if err := writePEM(crt, "CERTIFICATE", cd, 0o644); err != nil {
		return nil, err
	}
	return loadPair(crt, keyf)
}

// ensureCert creates (or keeps) a leaf certificate signed by ca.
func ensureCert(ca *keyPair, crt, keyf, cn string, orgs []string, server bool, dns []string, ips []net.IP) error {
	if exists(crt) && exists(keyf) {
		return nil
	}
	k, der, err := newKey()
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: cn, Organization: orgs},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(5, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		DNSNames:     dns,
		IPAddresses:  ips,
	}
	if server {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
	}
	cd, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &k.PublicKey, ca.key)
	if err != nil {
		return err
	}
	if err := writePEM(keyf, "PRIVATE KEY", der, 0o600); err != nil {
		return err
	}
	return writePEM(crt, "CERTIFICATE", cd, 0o644)
}

// ensureSAKeys creates an RSA service-account key pair <name>.key/<name>.pub.
func ensureSAKeys(dir, name string) error {
	keyf, pubf := filepath.Join(dir, name+".key"), filepath.Join(dir, name+".pub")
	if exists(keyf) && exists(pubf) {
		return nil
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	if err := writePEM(keyf, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k), 0o600); err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return err
	}
	return writePEM(pubf, "PUBLIC KEY", pub, 0o644)
}

// PKI paths.
func (c *Config) caCrt() string          { return c.path("pki", "ca.crt") }
func (c *Config) caKey() string          { return c.path("pki", "ca.key") }
func (c *Config) serverCrt() string      { return c.path("pki", "server.crt") }
func (c *Config) serverKey() string      { return c.path("pki", "server.key") }
func (c *Config) adminCrt() string       { return c.path("pki", "admin.crt") }
func (c *Config) adminKey() string       { return c.path("pki", "admin.key") }
func (c *Config) frontCA() string        { return c.path("pki", "front-proxy-ca.crt") }
func (c *Config) frontCrt() string       { return c.path("pki", "front-proxy-client.crt") }
func (c *Config) frontKey() string       { return c.path("pki", "front-proxy-client.key") }
func (c *Config) saKey(n string) string  { return c.path("pki", "sa-"+n+".key") }
func (c *Config) saPub(n string) string  { return c.path("pki", "sa-"+n+".pub") }
func (c *Config) webhookCertDir() string { return c.path("pki", "webhook") }

func (c *Config) agentCrt(m string) string { return c.path("pki", "agent-"+m+".crt") }
func (c *Config) agentKey(m string) string { return c.path("pki", "agent-"+m+".key") }

func (c *Config) ensurePKI(members []string) error {
	dir := c.path("pki")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := ensureCA(dir, "ca", "multicluster-testbed-ca")
	if err != nil {
		return err
	}
	front, err := ensureCA(dir, "front-proxy-ca", "multicluster-testbed-front-proxy-ca")
	if err != nil {
		return err
	}
	lo := []net.IP{net.ParseIP("127.0.0.1")}
	dns := []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
		"karmada-apiserver", "karmada-aggregated-apiserver.karmada-system.svc", "karmada-webhook.karmada-system.svc"}
	if err := ensureCert(ca, c.serverCrt(), c.serverKey(), "testbed-server", nil, true, dns, lo); err != nil {
		return err
	}
	if err := ensureCert(ca, c.adminCrt(), c.adminKey(), "system:admin", []string{"system:masters"}, false, nil, nil); err != nil {
		return err
	}
	if err := ensureCert(front, c.frontCrt(), c.frontKey(), "front-proxy-client", nil, false, nil, nil); err != nil {
		return err
	}
	// karmada-webhook reads tls.crt/tls.key from --cert-dir.
	wd := c.webhookCertDir()
	if err := ensureCert(ca, filepath.Join(wd, "tls.crt"), filepath.Join(wd, "tls.key"), "karmada-webhook", nil, true, dns, lo); err != nil {
		return err
	}
	for _, n := range append([]string{"karmada"}, members...) {
		if err := ensureSAKeys(dir, "sa-"+n); err != nil {
			return err
		}
	}
	return nil
}

// ensureMemberPKI creates the per-member files (SA keys, agent client cert).
func (c *Config) ensureMemberPKI(name string, pull bool) error {
	dir := c.path("pki")
	if err := ensureSAKeys(dir, "sa-"+name); err != nil {
		return err
	}
	if pull {
		ca, err := loadPair(c.caCrt(), c.caKey())
		if err != nil {
			return err
		}
		// The agent authenticates to Karmada with this certificate. Group
		// system:masters keeps the testbed simple; a production Pull setup uses a
		// bootstrap token and a CSR-issued certificate with narrower RBAC.
		if err := ensureCert(ca, c.agentCrt(name), c.agentKey(name), "system:karmada:agent:"+name,
			[]string{"system:masters", "system:karmada:agents"}, false, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

func mustRead(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(fmt.Sprintf("read %s: %v", path, err))
	}
	return b
}
