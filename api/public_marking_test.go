package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPublicTitleMasksAPersonnummerTheMarkingCuts: the registrator marks
// the secret part of an ärendemening but the marking ends inside the
// personnummer that follows the name. The public e-diarium masks the
// whole number with the marked part: no digit of it is left beside the
// marker.
func TestPublicTitleMasksAPersonnummerTheMarkingCuts(t *testing.T) {
	env := apptest.New(t)
	// "Stöd till " is 10 characters; "Anna Andersson 121212-12" 24.
	c := register(t, env, env.Token("handlaggare"), map[string]any{"board": "ITN", "title": "Stöd till Anna Andersson 121212-1212 enligt SoL",
		"secrecy": map[string]any{"reference": "OSL 26 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 10, "end": 34}}}})
	got := entries(t, diarium(t, env, url.Values{"dnr": {c["registration_number"].(string)}}))
	if len(got) != 1 || got[0]["title"] != "Stöd till [sekretess] enligt SoL" {
		t.Errorf("public entry = %v, want the title %q", got, "Stöd till [sekretess] enligt SoL")
	}
	for _, e := range got {
		if strings.Contains(e["title"].(string), "12") {
			t.Errorf("digits of the personnummer are public: %q", e["title"])
		}
	}
}
