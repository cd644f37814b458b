package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/identity"
)

// OIDC is the single sign-on configuration. Everything is optional: while
// Issuer is empty SSO is off and only local accounts log in.
type OIDC struct {
	Issuer        string     // SAMSTYR_OIDC_ISSUER: the provider's issuer URL (https; http only on loopback)
	ClientID      string     // SAMSTYR_OIDC_CLIENT_ID: our client id, the audience ID tokens must carry
	ClientSecret  string     // SAMSTYR_OIDC_CLIENT_SECRET: confidential client secret
	RedirectURL   string     // SAMSTYR_OIDC_REDIRECT_URL: absolute URL of /auth/oidc/callback
	Scopes        []string   // SAMSTYR_OIDC_SCOPES: asked for at login; always includes openid
	UsernameClaim string     // SAMSTYR_OIDC_USERNAME_CLAIM: claim giving the Samstyr username
	RolesClaim    string     // SAMSTYR_OIDC_ROLES_CLAIM: claim whose values are mapped to roles
	RoleMap       []RoleRule // SAMSTYR_OIDC_ROLE_MAP: claim value → role assignments
}

// Enabled reports whether single sign-on is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// RoleRule grants Role on Board to everyone whose roles claim contains
// Value.
type RoleRule struct {
	Value string
	Board string // a board code, or identity.AllBoards for admin and revisor
	Role  identity.Role
}

// boardCode is the form of a board code (also the API's pattern).
var boardCode = regexp.MustCompile(`^[A-ZÅÄÖ]{2,10}$`)

// claimName is the form of a claim name we accept (no paths, no spaces).
var claimName = regexp.MustCompile(`^[A-Za-z0-9_.:/-]{1,100}$`)

func buildOIDC(get func(flag string) (value, label string)) (OIDC, error) {
	var o OIDC
	issuer, issuerLabel := get("oidc-issuer")
	issuer = strings.TrimSpace(issuer)
	others := []string{"oidc-client-id", "oidc-client-secret", "oidc-redirect-url", "oidc-role-map"}
	if issuer == "" {
		for _, f := range others {
			if v, label := get(f); strings.TrimSpace(v) != "" {
				return o, &Error{label, "is set but SAMSTYR_OIDC_ISSUER is empty (single sign-on is off)"}
			}
		}
		return o, nil
	}
	if err := checkURL(issuer); err != "" {
		return o, &Error{issuerLabel, err}
	}
	o.Issuer = issuer // exactly as given: it must equal the provider's "iss"
	var label string
	if o.ClientID, label = get("oidc-client-id"); strings.TrimSpace(o.ClientID) == "" || len(o.ClientID) > 200 {
		return o, &Error{label, "must be set (1–200 characters) when SAMSTYR_OIDC_ISSUER is set"}
	}
	if o.ClientSecret, label = get("oidc-client-secret"); o.ClientSecret == "" {
		return o, &Error{label, "must be set when SAMSTYR_OIDC_ISSUER is set (Samstyr is a confidential client)"}
	}
	o.RedirectURL, label = get("oidc-redirect-url")
	if err := checkURL(o.RedirectURL); err != "" {
		return o, &Error{label, err}
	}
	if u, _ := url.Parse(o.RedirectURL); u.Path != "/auth/oidc/callback" {
		return o, &Error{label, fmt.Sprintf("%q must end in /auth/oidc/callback", o.RedirectURL)}
	}
	v, label := get("oidc-scopes")
	o.Scopes = strings.Fields(v)
	if !slices.Contains(o.Scopes, "openid") {
		return o, &Error{label, fmt.Sprintf("%q must include openid", v)}
	}
	for _, f := range []struct {
		flag string
		dst  *string
	}{{"oidc-username-claim", &o.UsernameClaim}, {"oidc-roles-claim", &o.RolesClaim}} {
		v, label = get(f.flag)
		if !claimName.MatchString(v) {
			return o, &Error{label, fmt.Sprintf("%q is not a claim name", v)}
		}
		*f.dst = v
	}
	v, label = get("oidc-role-map")
	rules, err := ParseRoleMap(v)
	if err != nil {
		return o, &Error{label, err.Error()}
	}
	if len(rules) == 0 {
		return o, &Error{label, "must map at least one claim value to a role when SAMSTYR_OIDC_ISSUER is set (without roles every SSO login is refused)"}
	}
	o.RoleMap = rules
	return o, nil
}

// checkURL returns what is wrong with an issuer or redirect URL, or "".
// Plain http is allowed only for loopback hosts (development and tests).
func checkURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Sprintf("%q is not an absolute URL without query or fragment", v)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Sprintf("%q must use https (http only on a loopback address)", v)
		}
	default:
		return fmt.Sprintf("%q must be an https URL", v)
	}
	return ""
}

// ParseRoleMap reads the role mapping: rules separated by ";" or new
// lines, each "VALUE=BOARD:role[,BOARD:role…]". VALUE is a value of the
// roles claim (a group name or id; it may itself contain "=" and ",", as
// LDAP names do, since the rule is split at its last "="). BOARD is a
// board code, or "*" for every board (admin and revisor only). The same
// value may appear in several rules.
func ParseRoleMap(s string) ([]RoleRule, error) {
	var out []RoleRule
	for i, entry := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		at := strings.LastIndex(entry, "=")
		if at <= 0 {
			return nil, fmt.Errorf("rule %d %q: want VALUE=BOARD:role", i+1, entry)
		}
		value := strings.TrimSpace(entry[:at])
		if value == "" || len(value) > 256 {
			return nil, fmt.Errorf("rule %d %q: the claim value must be 1–256 characters", i+1, entry)
		}
		targets := strings.Split(entry[at+1:], ",")
		for _, tg := range targets {
			board, role, ok := strings.Cut(strings.TrimSpace(tg), ":")
			r := identity.Role(strings.TrimSpace(role))
			board = strings.TrimSpace(board)
			switch {
			case !ok:
				return nil, fmt.Errorf("rule %d %q: %q is not BOARD:role", i+1, entry, strings.TrimSpace(tg))
			case !r.Valid():
				return nil, fmt.Errorf("rule %d %q: unknown role %q", i+1, entry, role)
			case board == identity.AllBoards && r != identity.RoleAdmin && r != identity.RoleRevisor:
				return nil, fmt.Errorf("rule %d %q: board * is only for admin and revisor", i+1, entry)
			case board != identity.AllBoards && !boardCode.MatchString(board):
				return nil, fmt.Errorf("rule %d %q: %q is not a board code (2–10 capital letters)", i+1, entry, board)
			}
			out = append(out, RoleRule{Value: value, Board: board, Role: r})
		}
	}
	return out, nil
}

func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "xxxxx"
}
