package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestDecisionPDFSpeaksSwedish: the decision PDF states its delegation
// proof as one sentence (decider, role, point with its matter, order
// version with its adoption date and §), carries a besvärshänvisning for
// laglighetsprövning (who, where, by when), and prints no internal codes
// (the order id, the matched rule, "delegate").
func TestDecisionPDFSpeaksSwedish(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("SAMSTYR_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) not installed, and SAMSTYR_REQUIRE_BROWSER=1 requires the document tools")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	env := apptest.New(t)
	chair := env.Token("ordforande")
	id, v := readyCase(t, env, "Avtal med MBAB om drift")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 201 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	d := r.JSON(t)
	pdf := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + d["id"].(string) + "/pdf", Token: chair})
	if pdf.Status != 200 {
		t.Fatalf("pdf: %d", pdf.Status)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf.Body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	proof := d["decider_name"].(string) + ", ordförande, beslutar enligt punkt A16 ”Avtal mellan Ölands IT-nämnd och de kommunala bolagen"
	for _, want := range []string{proof, "i delegationsordning version 1 antagen 2024-12-12 § 87",
		"Hur man överklagar", "Laglighetsprövning (13 kap. kommunallagen)", "hos förvaltningsrätten",
		"inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla att protokollet där beslutet anmäldes har justerats"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Förvaltningsbesvär") {
		t.Error("A16 (an agreement, no myndighetsutövning) offers förvaltningsbesvär")
	}
	for _, code := range []string{"ITN/1", "matchad regel", "delegate", "(delegate)"} {
		if strings.Contains(text, code) {
			t.Errorf("the PDF prints the internal code %q", code)
		}
	}
	if regexp.MustCompile(`\d{2}:\d{2}:\d{2}Z`).MatchString(text) {
		t.Error("the PDF prints a UTC time")
	}
}
