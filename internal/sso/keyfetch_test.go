package sso

import (
	"errors"
	"testing"
)

// TestKeyFetchIsRecognisedByItsPrefixOnly: a provider whose keys cannot be
// fetched makes the exchange answer 503, but a token whose own header
// carries the words (go-jose quotes an unknown alg) stays the caller's
// fault.
func TestKeyFetchIsRecognisedByItsPrefixOnly(t *testing.T) {
	cases := map[string]bool{
		"failed to verify signature: fetching keys oidc: get keys failed: connection refused":         true,
		`failed to verify signature: go-jose/go-jose: unexpected signature algorithm "fetching keys"`: false,
		"oidc: malformed jwt: fetching keys":                                                          false,
	}
	for msg, want := range cases {
		if got := isKeyFetch(errors.New(msg)); got != want {
			t.Errorf("isKeyFetch(%q) = %t, want %t", msg, got, want)
		}
	}
}
