package sso

import (
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/samstyr/samstyr/internal/identity"
)

// login turns a verified ID token into an external login: the username
// from the configured claim, the display name from "name", and the role
// assignments that the values of the roles claim map to.
func (c *Client) login(idt *oidc.IDToken) (identity.ExternalLogin, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return identity.ExternalLogin{}, ErrTokenInvalid.WithDetail("claims: %v", err)
	}
	username, _ := claims[c.cfg.UsernameClaim].(string)
	if username == "" {
		return identity.ExternalLogin{}, ErrClaims.WithDetail("the ID token has no %q claim", c.cfg.UsernameClaim)
	}
	name, _ := claims["name"].(string)
	return identity.ExternalLogin{
		ID:       identity.ExternalID{Issuer: idt.Issuer, Subject: idt.Subject},
		Username: username,
		Name:     name,
		Roles:    c.MapRoles(claimValues(claims[c.cfg.RolesClaim])),
	}, nil
}

// MapRoles returns the role assignments (Board and Role) that the roles
// claim's values give, in the order of the configured rules, without
// duplicates. Values no rule names are ignored.
func (c *Client) MapRoles(values []string) []identity.RoleAssignment {
	have := map[string]bool{}
	for _, v := range values {
		have[v] = true
	}
	seen := map[identity.RoleAssignment]bool{}
	var out []identity.RoleAssignment
	for _, r := range c.cfg.RoleMap {
		a := identity.RoleAssignment{Board: r.Board, Role: r.Role}
		if have[r.Value] && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// claimValues reads a roles claim that is a list of strings (Entra ID's
// "groups" and "roles", Keycloak's group mapper) or a single string.
func claimValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
