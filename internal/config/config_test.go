package config

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.MongoURI != "" || c.NoDemo ||
		c.TokenTTL != 12*time.Hour || !c.SecureCookies || c.MaxBodyBytes != 1<<20 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestFlagsWinOverEnv(t *testing.T) {
	c, err := Load([]string{"--addr", "127.0.0.1:9999", "--no-demo"},
		env(map[string]string{"SAMSTYR_ADDR": "127.0.0.1:7777", "SAMSTYR_DATA_DIR": "/tmp/x", "SAMSTYR_LOG_LEVEL": "debug"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DataDir != "/tmp/x" || !c.NoDemo || c.LogLevel.String() != "DEBUG" {
		t.Errorf("got %+v", c)
	}
}

func TestBadValuesNameTheSetting(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"SAMSTYR_ADDR": "nonsense"}, "SAMSTYR_ADDR"},
		{nil, map[string]string{"SAMSTYR_MONGODB_URI": "http://x"}, "SAMSTYR_MONGODB_URI"},
		{nil, map[string]string{"SAMSTYR_MONGODB_URI": "mongodb://db1/?replicaSet=rs0"}, "SAMSTYR_MASTER_KEY"},
		{nil, map[string]string{"SAMSTYR_LOG_LEVEL": "loud"}, "SAMSTYR_LOG_LEVEL"},
		{nil, map[string]string{"SAMSTYR_TOKEN_TTL": "forever"}, "SAMSTYR_TOKEN_TTL"},
		{nil, map[string]string{"SAMSTYR_NO_DEMO": "kanske"}, "SAMSTYR_NO_DEMO"},
		{nil, map[string]string{"SAMSTYR_MAX_BODY_BYTES": "-1"}, "SAMSTYR_MAX_BODY_BYTES"},
		{nil, map[string]string{"SAMSTYR_SQLITE_SYNCHRONOUS": "OFF"}, "SAMSTYR_SQLITE_SYNCHRONOUS"},
		{[]string{"--sqlite-synchronous", "snabb"}, nil, "SAMSTYR_SQLITE_SYNCHRONOUS"},
		{nil, map[string]string{"SAMSTYR_TRUSTED_PROXIES": "10.0.0.0/8, lastbalanseraren"}, "SAMSTYR_TRUSTED_PROXIES"},
		{[]string{"--session-ttl", "1s"}, nil, "SAMSTYR_SESSION_TTL"},
		{[]string{"--bogus"}, nil, "arguments"},
		{[]string{"extra"}, nil, "arguments"},
	}
	for _, c := range cases {
		_, err := Load(c.args, env(c.env), io.Discard)
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, c.want) {
			t.Errorf("%v %v: err = %v, want a config.Error naming %s", c.args, c.env, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("message is not one line: %q", err)
		}
	}
}

func TestMaskedHidesSecrets(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"SAMSTYR_MONGODB_URI": "mongodb://u:hemligt@db1:27017/?replicaSet=rs0",
		"SAMSTYR_DEMO_PASSWORD": "hemligt-lösen", "SAMSTYR_MASTER_KEY": "hemligt-hemligt-hemligt-hemligt-hemligt-00"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range c.Masked() {
		if s, ok := v.(string); ok && strings.Contains(s, "hemligt") {
			t.Errorf("secret in masked config: %q", s)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"SAMSTYR_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,,2001:db8::/32"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.TrustedProxies, "|"); got != "10.0.0.0/8|192.0.2.7|2001:db8::/32" {
		t.Errorf("TrustedProxies = %q", got)
	}
	if c, _ := Load(nil, env(nil), io.Discard); c.TrustedProxies != nil {
		t.Errorf("default TrustedProxies = %v, want none", c.TrustedProxies)
	}
}
