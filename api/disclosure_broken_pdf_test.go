package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// brokenPagePDF opens and counts one page, but its page tree points back
// at itself, so there is no page PDFium can load.
const brokenPagePDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\n" +
	"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n101\n%%EOF\n"

// TestRequestItemWithAnUnloadablePageIsRefused: a PDF handling whose page
// PDFium cannot load (it opens and counts its pages) is a 422 naming
// /file when a requested item is previewed or masked, not a 500, and the
// refused masking changes nothing (found by the API sweep).
func TestRequestItemWithAnUnloadablePageIsRefused(t *testing.T) {
	env := apptest.New(t)
	hl := env.Token("handlaggare")
	c := register(t, env, hl, map[string]any{"board": "ITN", "title": "Ansökan med trasig PDF"})
	if r := upload(t, env, hl, c["id"].(string), map[string]string{"direction": "inkommande", "description": "Ansökan"}, "ansokan.pdf",
		[]byte(brokenPagePDF)); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	req := registerRequest(t, env, hl, map[string]any{"received_at": "2026-03-02T08:00:00+01:00", "channel": "epost", "asked": "Ansökan",
		"items": []map[string]any{{"registration_number": c["registration_number"], "document_no": 1}}})
	id := req["id"].(string)
	unreadable := func(what string, r apptest.Response) {
		t.Helper()
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"/file"`) ||
			!strings.Contains(string(r.Body), "pdf_unreadable") {
			t.Errorf("%s: %d %s, want 422 pdf_unreadable at /file", what, r.Status, r.Body)
		}
	}
	unreadable("preview", env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/disclosure-requests/" + id + "/items/1/pages/1", Token: hl}))
	before := env.Snapshot(t)
	unreadable("masking", requestDo(t, env, hl, http.MethodPost, "/api/v1/disclosure-requests/"+id+"/items/1/masking", req["version"],
		map[string]any{"lagrum": []string{"OSL 21 kap. 1 §"}, "strings": []string{"Ansökan"}}))
	if env.Snapshot(t) != before {
		t.Error("the refused masking changed stored data")
	}
}
