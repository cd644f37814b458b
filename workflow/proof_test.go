package workflow

import (
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/delegation"
)

// TestAppealRoutes: every decision may be appealed by laglighetsprövning;
// a point whose legal basis names förvaltningslagen or myndighetsutövning
// adds förvaltningsbesvär, and its notice says where to send it and from
// when the three weeks run.
func TestAppealRoutes(t *testing.T) {
	for _, tc := range []struct {
		basis string
		want  []AppealRoute
	}{
		{"KL 6 kap. 37 §", []AppealRoute{Laglighetsprovning}},
		{"", []AppealRoute{Laglighetsprovning}},
		{"LOU; KL 7 kap. 5 §", []AppealRoute{Laglighetsprovning}},
		{"40 § FL", []AppealRoute{Laglighetsprovning, Forvaltningsbesvar}},
		{"Myndighetsutövning enligt offentlighets- och sekretesslagen", []AppealRoute{Laglighetsprovning, Forvaltningsbesvar}},
	} {
		got := AppealRoutes(delegation.Point{LegalBasis: tc.basis})
		if len(got) != len(tc.want) || got[len(got)-1] != tc.want[len(tc.want)-1] {
			t.Errorf("%q: %v, want %v", tc.basis, got, tc.want)
		}
	}
	n := AppealNotice([]AppealRoute{Laglighetsprovning, Forvaltningsbesvar}, "ITN 2026/4", "Ölands IT-nämnd", "Borgholms kommun")
	if len(n) != 2 || !strings.Contains(n[0], "tre veckor från den dag då det tillkännagavs på kommunens anslagstavla") ||
		!strings.Contains(n[1], "skickas till Ölands IT-nämnd, Borgholms kommun") || !strings.Contains(n[1], "fick del av beslutet") ||
		!strings.Contains(n[1], "ITN 2026/4") {
		t.Errorf("notice: %q", n)
	}
}
