package config

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
)

var goodOIDC = map[string]string{
	"SAMSTYR_OIDC_ISSUER":        "https://login.example.se/realms/kommun",
	"SAMSTYR_OIDC_CLIENT_ID":     "samstyr",
	"SAMSTYR_OIDC_CLIENT_SECRET": "hemligt-klienthemlis",
	"SAMSTYR_OIDC_REDIRECT_URL":  "https://samstyr.example.se/auth/oidc/callback",
	"SAMSTYR_OIDC_ROLE_MAP":      "itn-handlaggare=ITN:handlaggare; CN=Revisorer,OU=Grupper,DC=kommun=*:revisor;\nitn-ordf = ITN:ordforande, ITN:ledamot",
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{}
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func TestOIDCIsOffByDefaultAndParsesTheRoleMap(t *testing.T) {
	c, err := Load(nil, env(nil), io.Discard)
	if err != nil || c.OIDC.Enabled() {
		t.Fatalf("default: %v %+v", err, c.OIDC)
	}
	c, err = Load(nil, env(goodOIDC), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := c.OIDC
	want := []RoleRule{{"itn-handlaggare", "ITN", identity.RoleHandlaggare}, {"CN=Revisorer,OU=Grupper,DC=kommun", "*", identity.RoleRevisor},
		{"itn-ordf", "ITN", identity.RoleOrdforande}, {"itn-ordf", "ITN", identity.RoleLedamot}}
	if !o.Enabled() || o.UsernameClaim != "preferred_username" || o.RolesClaim != "groups" || strings.Join(o.Scopes, " ") != "openid profile email" ||
		len(o.RoleMap) != len(want) {
		t.Fatalf("oidc = %+v", o)
	}
	for i := range want {
		if o.RoleMap[i] != want[i] {
			t.Errorf("rule %d = %+v, want %+v", i, o.RoleMap[i], want[i])
		}
	}
	for _, v := range c.Masked() {
		if s, ok := v.(string); ok && strings.Contains(s, "klienthemlis") {
			t.Errorf("client secret in masked config")
		}
	}
}

func TestBadOIDCSettingsNameTheSetting(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SAMSTYR_OIDC_CLIENT_ID": "x"}, "SAMSTYR_OIDC_CLIENT_ID"},
		{with(goodOIDC, "SAMSTYR_OIDC_ISSUER", "http://login.example.se"), "SAMSTYR_OIDC_ISSUER"},
		{with(goodOIDC, "SAMSTYR_OIDC_ISSUER", "login.example.se"), "SAMSTYR_OIDC_ISSUER"},
		{with(goodOIDC, "SAMSTYR_OIDC_CLIENT_ID", ""), "SAMSTYR_OIDC_CLIENT_ID"},
		{with(goodOIDC, "SAMSTYR_OIDC_CLIENT_SECRET", ""), "SAMSTYR_OIDC_CLIENT_SECRET"},
		{with(goodOIDC, "SAMSTYR_OIDC_REDIRECT_URL", "https://samstyr.example.se/callback"), "SAMSTYR_OIDC_REDIRECT_URL"},
		{with(goodOIDC, "SAMSTYR_OIDC_SCOPES", "profile email"), "SAMSTYR_OIDC_SCOPES"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLES_CLAIM", "grupper och roller"), "SAMSTYR_OIDC_ROLES_CLAIM"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", "itn=ITN:kung"), "SAMSTYR_OIDC_ROLE_MAP"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", "itn=itn:ledamot"), "SAMSTYR_OIDC_ROLE_MAP"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", "itn=*:ledamot"), "SAMSTYR_OIDC_ROLE_MAP"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", "itn ledamot"), "SAMSTYR_OIDC_ROLE_MAP"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", "itn=ITN"), "SAMSTYR_OIDC_ROLE_MAP"},
		{with(goodOIDC, "SAMSTYR_OIDC_ROLE_MAP", " ; "), "SAMSTYR_OIDC_ROLE_MAP"},
	}
	for _, c := range cases {
		_, err := Load(nil, env(c.env), io.Discard)
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: err = %v, want a one-line config.Error naming %s", c.env, err, c.want)
		}
	}
}
