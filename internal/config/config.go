// Package config reads Samstyr's settings from flags and SAMSTYR_*
// environment variables (flags win), validates them, and names the setting
// at fault when one is wrong.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the serve command.
type Config struct {
	Addr          string        // SAMSTYR_ADDR, --addr: listen address
	DataDir       string        // SAMSTYR_DATA_DIR, --data-dir: SQLite files, keys
	MongoURI      string        // SAMSTYR_MONGODB_URI, --mongodb-uri: use MongoDB instead of SQLite
	MongoDatabase string        // SAMSTYR_MONGODB_DATABASE, --mongodb-database
	DemoPassword  string        // SAMSTYR_DEMO_PASSWORD: one password for every demo user
	NoDemo        bool          // SAMSTYR_NO_DEMO, --no-demo: never load demo data
	Demo          bool          // SAMSTYR_DEMO, --demo: load demo data into a MongoDB store too
	LogLevel      slog.Level    // SAMSTYR_LOG_LEVEL, --log-level: debug, info, warn, error
	MaxBodyBytes  int64         // SAMSTYR_MAX_BODY_BYTES, --max-body-bytes: largest JSON request body
	MaxUpload     int64         // SAMSTYR_MAX_UPLOAD_BYTES, --max-upload-bytes: largest file of a handling
	TokenTTL      time.Duration // SAMSTYR_TOKEN_TTL, --token-ttl: API token lifetime
	SessionTTL    time.Duration // SAMSTYR_SESSION_TTL, --session-ttl: web session lifetime
	// RecalcInterval is how often the worker folds pending decisions into
	// cost allocations (SAMSTYR_RECALC_INTERVAL, --recalc-interval).
	RecalcInterval time.Duration
	// CheckpointInterval is how often a signed ledger checkpoint is made
	// (SAMSTYR_CHECKPOINT_INTERVAL, --checkpoint-interval).
	CheckpointInterval time.Duration
	SecureCookies      bool   // SAMSTYR_SECURE_COOKIES, --secure-cookies: Secure flag on cookies
	MasterKey          string // SAMSTYR_MASTER_KEY: 32-byte key (base64 or hex) sealing signing keys
	// TrustedProxies are the load balancers (IP addresses or CIDR ranges)
	// whose X-Forwarded-For names the client, e.g. for the per-address
	// login throttle (SAMSTYR_TRUSTED_PROXIES, --trusted-proxies). Empty:
	// the peer address is the client.
	TrustedProxies []string
	// NumberGrace is how old a diarienummer drawn but never stored must be
	// before the sweep records it as makulerat (SAMSTYR_DNR_GRACE,
	// --dnr-grace); the sweep runs at start and every min(grace, 1m).
	NumberGrace time.Duration
	// OIDC is single sign-on through an OpenID Connect provider; off
	// while OIDC.Issuer is empty (see oidc.go).
	OIDC OIDC

	// SQLiteSynchronous is the embedded store's synchronous pragma, FULL
	// or NORMAL (SAMSTYR_SQLITE_SYNCHRONOUS, --sqlite-synchronous).
	SQLiteSynchronous string
	// PublicURL is the absolute URL the public reaches Samstyr at, without
	// a trailing slash (SAMSTYR_PUBLIC_URL, --public-url): the base of
	// every id of the open decision API (OParl). Empty: http:// and Addr.
	PublicURL string
}

// Error is a bad setting; the message names it.
type Error struct {
	Setting string // e.g. "SAMSTYR_ADDR (--addr)"
	Msg     string
}

// Error returns "SETTING: message", one line.
func (e *Error) Error() string { return e.Setting + ": " + e.Msg }

// ErrHelp is returned when the user asked for -h or --help.
var ErrHelp = flag.ErrHelp

// setting binds one flag to one environment variable.
type setting struct {
	env, flag, def, usage string
}

var settings = []setting{
	{"SAMSTYR_ADDR", "addr", "127.0.0.1:8080", "listen address (host:port)"},
	{"SAMSTYR_DATA_DIR", "data-dir", "./data", "directory for the embedded SQLite store and keys"},
	{"SAMSTYR_SQLITE_SYNCHRONOUS", "sqlite-synchronous", "FULL", "embedded store's durability: FULL (an acknowledged write survives power loss) or NORMAL (faster; the last writes before a power loss may be lost)"},
	{"SAMSTYR_MONGODB_URI", "mongodb-uri", "", "MongoDB URI (replica set); empty = embedded SQLite"},
	{"SAMSTYR_MONGODB_DATABASE", "mongodb-database", "samstyr", "MongoDB database name"},
	{"SAMSTYR_DEMO_PASSWORD", "demo-password", "", "password for every demo user (default: random, printed once)"},
	{"SAMSTYR_NO_DEMO", "no-demo", "false", "do not load demo data on first start"},
	{"SAMSTYR_DEMO", "demo", "false", "load demo data into a MongoDB store as well"},
	{"SAMSTYR_LOG_LEVEL", "log-level", "info", "log level: debug, info, warn, error"},
	{"SAMSTYR_MAX_BODY_BYTES", "max-body-bytes", "1048576", "largest JSON request body in bytes"},
	{"SAMSTYR_MAX_UPLOAD_BYTES", "max-upload-bytes", "20971520", "largest file of a handling in bytes"},
	{"SAMSTYR_TOKEN_TTL", "token-ttl", "12h", "lifetime of API tokens"},
	{"SAMSTYR_SESSION_TTL", "session-ttl", "8h", "lifetime of web sessions"},
	{"SAMSTYR_RECALC_INTERVAL", "recalc-interval", "30s", "how often pending cost-allocation recalculations run"},
	{"SAMSTYR_CHECKPOINT_INTERVAL", "checkpoint-interval", "1h", "how often a signed ledger checkpoint is made (skipped when no case changed)"},
	{"SAMSTYR_DNR_GRACE", "dnr-grace", "5m", "age at which a diarienummer drawn but never stored is recorded as makulerat"},
	{"SAMSTYR_MASTER_KEY", "master-key", "", "32-byte master key (base64/hex) sealing users' signing keys; required with MongoDB, else generated under the data dir"},
	{"SAMSTYR_SECURE_COOKIES", "secure-cookies", "true", "mark cookies Secure (keep true behind TLS)"},
	{"SAMSTYR_PUBLIC_URL", "public-url", "", "absolute URL the public reaches Samstyr at (https://…, no path), the base of the open decision API's ids (default: http:// and the listen address)"},
	{"SAMSTYR_TRUSTED_PROXIES", "trusted-proxies", "", "load balancers whose X-Forwarded-For is believed: comma-separated IPs or CIDRs (empty = none)"},
	{"SAMSTYR_OIDC_ISSUER", "oidc-issuer", "", "OpenID Connect issuer URL; empty = no single sign-on (docs/sso.md)"},
	{"SAMSTYR_OIDC_CLIENT_ID", "oidc-client-id", "", "client id registered at the OIDC provider (also the expected ID token audience)"},
	{"SAMSTYR_OIDC_CLIENT_SECRET", "oidc-client-secret", "", "client secret registered at the OIDC provider"},
	{"SAMSTYR_OIDC_REDIRECT_URL", "oidc-redirect-url", "", "absolute callback URL registered at the provider, ending in /auth/oidc/callback"},
	{"SAMSTYR_OIDC_SCOPES", "oidc-scopes", "openid profile email", "scopes asked for at login (space-separated, must include openid)"},
	{"SAMSTYR_OIDC_USERNAME_CLAIM", "oidc-username-claim", "preferred_username", "ID token claim that is the Samstyr username"},
	{"SAMSTYR_OIDC_ROLES_CLAIM", "oidc-roles-claim", "groups", "ID token claim (string or list) whose values are mapped to roles"},
	{"SAMSTYR_OIDC_ROLE_MAP", "oidc-role-map", "", "claim value to roles: 'VALUE=BOARD:role,BOARD:role; VALUE2=*:revisor'"},
}

// Settings lists every setting as (environment variable, flag, default,
// description), for the README and --help.
func Settings() [][4]string {
	out := make([][4]string, len(settings))
	for i, s := range settings {
		out[i] = [4]string{s.env, "--" + s.flag, s.def, s.usage}
	}
	return out
}

// Load parses args (without the program and subcommand names) over the
// environment read through getenv, and validates the result.
func Load(args []string, getenv func(string) string, usageOut io.Writer) (Config, error) {
	fs := flag.NewFlagSet("samstyr serve", flag.ContinueOnError)
	fs.SetOutput(usageOut)
	vals := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		p := new(string)
		*p = def
		vals[s.flag] = p
		if s.def == "false" || s.def == "true" {
			fs.BoolFunc(s.flag, s.usage+" ["+s.env+"]", func(v string) error { *p = v; return nil })
		} else {
			fs.StringVar(p, s.flag, def, s.usage+" ["+s.env+"]")
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, ErrHelp
		}
		return Config{}, &Error{Setting: "arguments", Msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return Config{}, &Error{Setting: "arguments", Msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return build(func(name string) (string, string) {
		for _, s := range settings {
			if s.flag == name {
				return *vals[name], s.env + " (--" + s.flag + ")"
			}
		}
		panic("config: unknown setting " + name)
	})
}

func build(get func(flag string) (value, label string)) (Config, error) {
	var c Config
	var err error
	v, label := get("addr")
	if _, port, e := net.SplitHostPort(v); e != nil || port == "" {
		return c, &Error{label, fmt.Sprintf("%q is not host:port", v)}
	}
	c.Addr = v
	if c.DataDir, label = get("data-dir"); strings.TrimSpace(c.DataDir) == "" {
		return c, &Error{label, "must not be empty"}
	}
	v, label = get("sqlite-synchronous")
	switch c.SQLiteSynchronous = strings.ToUpper(strings.TrimSpace(v)); c.SQLiteSynchronous {
	case "FULL", "NORMAL":
	default:
		return c, &Error{label, fmt.Sprintf("%q is not FULL or NORMAL", v)}
	}
	if c.MongoURI, label = get("mongodb-uri"); c.MongoURI != "" {
		u, e := url.Parse(c.MongoURI)
		if e != nil && (strings.HasPrefix(c.MongoURI, "mongodb://") || strings.HasPrefix(c.MongoURI, "mongodb+srv://")) {
			// e quotes the URI, password and all: not shown.
			return c, &Error{label, "is not a valid URI: percent-encode the user name and password " +
				"(for instance @ as %40, : as %3A, ö as %C3%B6)"}
		}
		if e != nil || (u.Scheme != "mongodb" && u.Scheme != "mongodb+srv") || u.Host == "" {
			return c, &Error{label, "must be a mongodb:// or mongodb+srv:// URI"}
		}
	}
	c.MongoDatabase, _ = get("mongodb-database")
	// The demo password obeys the password rule, checked against the demo
	// users where they are made (internal/app): one rule for every door.
	c.DemoPassword, _ = get("demo-password")
	for _, b := range []struct {
		flag string
		dst  *bool
	}{{"no-demo", &c.NoDemo}, {"demo", &c.Demo}, {"secure-cookies", &c.SecureCookies}} {
		v, label = get(b.flag)
		if *b.dst, err = strconv.ParseBool(v); err != nil {
			return c, &Error{label, fmt.Sprintf("%q is not true or false", v)}
		}
	}
	c.MasterKey, label = get("master-key")
	if c.MasterKey == "" && c.MongoURI != "" {
		return c, &Error{label, "must be set when SAMSTYR_MONGODB_URI is set (every instance needs the same key)"}
	}
	v, label = get("log-level")
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return c, &Error{label, fmt.Sprintf("%q is not debug, info, warn or error", v)}
	}
	v, label = get("max-body-bytes")
	if c.MaxBodyBytes, err = strconv.ParseInt(v, 10, 64); err != nil || c.MaxBodyBytes < 1024 || c.MaxBodyBytes > 64<<20 {
		return c, &Error{label, fmt.Sprintf("%q must be a whole number of bytes from 1024 to 67108864", v)}
	}
	v, label = get("max-upload-bytes")
	if c.MaxUpload, err = strconv.ParseInt(v, 10, 64); err != nil || c.MaxUpload < 1024 || c.MaxUpload > 1<<30 {
		return c, &Error{label, fmt.Sprintf("%q must be a whole number of bytes from 1024 to 1073741824", v)}
	}
	for _, d := range []struct {
		flag string
		dst  *time.Duration
	}{{"token-ttl", &c.TokenTTL}, {"session-ttl", &c.SessionTTL}} {
		v, label = get(d.flag)
		if *d.dst, err = time.ParseDuration(v); err != nil || *d.dst < time.Minute || *d.dst > 90*24*time.Hour {
			return c, &Error{label, fmt.Sprintf("%q must be a duration from 1m to 2160h (e.g. 12h)", v)}
		}
	}
	v, label = get("recalc-interval")
	if c.RecalcInterval, err = time.ParseDuration(v); err != nil || c.RecalcInterval < time.Second || c.RecalcInterval > 24*time.Hour {
		return c, &Error{label, fmt.Sprintf("%q must be a duration from 1s to 24h (e.g. 30s)", v)}
	}
	v, label = get("checkpoint-interval")
	if c.CheckpointInterval, err = time.ParseDuration(v); err != nil || c.CheckpointInterval < time.Minute || c.CheckpointInterval > 31*24*time.Hour {
		return c, &Error{label, fmt.Sprintf("%q must be a duration from 1m to 744h (e.g. 1h)", v)}
	}
	v, label = get("dnr-grace")
	if c.NumberGrace, err = time.ParseDuration(v); err != nil || c.NumberGrace < time.Second || c.NumberGrace > 24*time.Hour {
		return c, &Error{label, fmt.Sprintf("%q must be a duration from 1s to 24h (e.g. 5m)", v)}
	}
	v, label = get("trusted-proxies")
	if c.TrustedProxies, err = parseProxies(v); err != nil {
		return c, &Error{label, err.Error()}
	}
	v, label = get("public-url")
	if c.PublicURL, err = parsePublicURL(v); err != nil {
		return c, &Error{label, err.Error()}
	}
	if c.OIDC, err = buildOIDC(get); err != nil {
		return c, err
	}
	return c, nil
}

// parsePublicURL reads an absolute http(s) URL with a host and no path,
// query or fragment (a trailing slash is dropped); empty is allowed.
func parsePublicURL(v string) (string, error) {
	v = strings.TrimSuffix(strings.TrimSpace(v), "/")
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" ||
		u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q must be an absolute http(s) URL without a path, e.g. https://samstyr.kommun.se", v)
	}
	return v, nil
}

// BaseURL is where the public reaches Samstyr: PublicURL, or http:// and
// the listen address.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.Addr
}

// parseProxies reads a comma-separated list of IP addresses and CIDR
// ranges; an empty list trusts no proxy.
func parseProxies(v string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, err := netip.ParsePrefix(f); err != nil {
			if _, err := netip.ParseAddr(f); err != nil {
				return nil, fmt.Errorf("%q is not an IP address or CIDR range", f)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// Masked returns the settings for logging, with secrets hidden.
func (c Config) Masked() []any {
	uri := ""
	if c.MongoURI != "" {
		if u, err := url.Parse(c.MongoURI); err == nil {
			if u.User != nil {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
			}
			uri = u.Redacted()
		}
	}
	master := ""
	if c.MasterKey != "" {
		master = "xxxxx"
	}
	demo := ""
	if c.DemoPassword != "" {
		demo = "xxxxx"
	}
	return []any{"addr", c.Addr, "data_dir", c.DataDir, "sqlite_synchronous", c.SQLiteSynchronous, "mongodb_uri", uri, "mongodb_database", c.MongoDatabase,
		"demo_password", demo, "no_demo", c.NoDemo, "demo", c.Demo, "log_level", c.LogLevel.String(),
		"max_body_bytes", c.MaxBodyBytes, "max_upload_bytes", c.MaxUpload, "token_ttl", c.TokenTTL.String(), "session_ttl", c.SessionTTL.String(),
		"secure_cookies", c.SecureCookies, "master_key", master, "oidc_issuer", c.OIDC.Issuer,
		"oidc_client_id", c.OIDC.ClientID, "oidc_client_secret", mask(c.OIDC.ClientSecret), "oidc_redirect_url", c.OIDC.RedirectURL,
		"oidc_role_rules", len(c.OIDC.RoleMap), "trusted_proxies", strings.Join(c.TrustedProxies, ","), "public_url", c.PublicURL}
}
