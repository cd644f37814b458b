package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var exportLink = regexp.MustCompile(`href="(/revision/export/csv[^"]*)" id="export-csv"`)

// TestAuditExportKeepsTheSearch: the revisor's "Exportera CSV" on a page
// of search results exports that search, not every decision: the link
// carried the search's query escaped as one parameter name, which the
// export read as no filter at all.
func TestAuditExportKeepsTheSearch(t *testing.T) {
	env := apptest.New(t)
	decidedByChair(t, env, "Avtal med BEAB om e-post")
	decidedByChair(t, env, "Avtal med MBAB om drift")
	b, _ := loggedIn(t, env, "revisor")
	_, page, _ := b.get("/revision?q=BEAB")
	m := exportLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no export link on the search's page")
	}
	link := html.UnescapeString(m[1])
	_, viaLink, _ := b.get(link)
	_, filtered, _ := b.get("/revision/export/csv?q=BEAB")
	_, all, _ := b.get("/revision/export/csv")
	if filtered == all {
		t.Fatalf("the search does not narrow the export: the test shows nothing")
	}
	if viaLink != filtered {
		t.Errorf("the export link %s exports other decisions than the search:\n%s\nwant:\n%s", link, viaLink, filtered)
	}
}

// TestAuditExportNamesWhatIsWrong: an export with a bad filter names the
// filter by its label, as the search page does; an export format that
// does not exist is a page that does not exist (404), not a bad filter.
func TestAuditExportNamesWhatIsWrong(t *testing.T) {
	env := apptest.New(t)
	b, _ := loggedIn(t, env, "revisor")
	if status, page, _ := b.get("/revision/export/csv?from=igår"); status != http.StatusBadRequest || !strings.Contains(alertText(page), "Beslutat från: Ogiltigt värde.") {
		t.Errorf("a bad date in the export: %d %q", status, alertText(page))
	}
	if status, page, _ := b.get("/revision/export/pdf"); status != http.StatusNotFound || !strings.Contains(alertText(page), "Det du söker finns inte.") {
		t.Errorf("an export format that does not exist: %d %q", status, alertText(page))
	}
}
