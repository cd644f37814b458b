package audit_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

func newKeysetService(t *testing.T) (*audit.Service, repo.Audit) {
	t.Helper()
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	st := repo.NewAudit(b)
	return audit.NewService(st, repo.NewCases(b), nil, platform.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), []byte("test-secret")), st
}

func putTestRecord(t *testing.T, st repo.Audit, id string, ns int64) {
	t.Helper()
	r := audit.Record{ID: id, Board: "ITN", Title: "Beslut " + id, Text: "att avtal tecknas", Kind: "delegation",
		DecidedNS: ns, DecidedOn: time.Unix(0, ns).UTC().Format(time.DateOnly), AmountOre: ns % 1000, SourceVersion: 1}
	if _, err := st.PutRecord(t.Context(), r); err != nil {
		t.Fatal(err)
	}
}

// TestKeysetWhileInserting pages through the decisions while new ones are
// inserted between pages: every decision present at the start is returned
// exactly once, and none is returned twice.
func TestKeysetWhileInserting(t *testing.T) {
	svc, st := newKeysetService(t)
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	original := map[string]bool{}
	for i := range 100 {
		id := fmt.Sprintf("d%03d", i)
		// Ties on purpose: only 40 distinct times for 100 decisions.
		putTestRecord(t, st, id, base+int64(rng.IntN(40))*int64(time.Hour))
		original[id] = true
	}
	f, err := audit.ParseFilter(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	cursor := ""
	for page := 0; page < 100; page++ {
		p, err := svc.Search(t.Context(), f, cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			seen[r.ID]++
		}
		// Between pages, others keep deciding: newer decisions (they sort
		// before the position) and back-dated ones (after it).
		putTestRecord(t, st, fmt.Sprintf("new%03d", page), base+int64(100+page)*int64(time.Hour))
		putTestRecord(t, st, fmt.Sprintf("old%03d", page), base-int64(page+1)*int64(time.Hour))
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	for id := range original {
		if seen[id] != 1 {
			t.Errorf("%s returned %d times", id, seen[id])
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("%s returned %d times", id, n)
		}
		if id[:3] == "new" {
			t.Errorf("%s, newer than the position, appeared on a later page", id)
		}
	}
}

func TestFilterParsing(t *testing.T) {
	for _, bad := range []string{"colour=red", "from=2026-13-01", "from=2026-03-02&to=2026-03-01", "amount_min=x",
		"signed=kanske", "sort=title", "kind=magic", "amount_min=5&amount_max=4"} {
		q, _ := url.ParseQuery(bad)
		if _, err := audit.ParseFilter(q); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	q, _ := url.ParseQuery("board=ITN&from=2026-01-01&to=2026-03-31&signed=false&q=avtal&sort=amount&order=asc")
	f, err := audit.ParseFilter(q)
	if err != nil || f.Board != "ITN" || f.Signed == nil || *f.Signed || f.SortBy != "amount" || !f.Asc {
		t.Errorf("ParseFilter = %+v, %v", f, err)
	}
	secret := []byte("s")
	c := audit.EncodeCursor(secret, f, audit.Cursor{Key: 5, ID: "x"})
	if _, err := audit.DecodeCursor(secret, f, c); err != nil {
		t.Errorf("round trip: %v", err)
	}
	if _, err := audit.DecodeCursor([]byte("other"), f, c); err == nil {
		t.Error("cursor accepted under another secret")
	}
	if _, err := audit.DecodeCursor(secret, f, c[:len(c)-2]+"AA"); err == nil {
		t.Error("tampered cursor accepted")
	}
}

// TestExportCSVGuardsFormulas exports a decision whose title and text a
// spreadsheet would run as formulas: they come out as text cells, and the
// negative amount stays a number.
func TestExportCSVGuardsFormulas(t *testing.T) {
	svc, st := newKeysetService(t)
	r := audit.Record{ID: "d1", Board: "ITN", Title: `=HYPERLINK("http://example.invalid","x")`, Text: "+1 att avtal tecknas",
		Kind: "delegation", DecidedNS: 1, DecidedOn: "2025-01-01", AmountOre: -1250, SourceVersion: 1}
	if _, err := st.PutRecord(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	f, err := audit.ParseFilter(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if n, err := svc.ExportCSV(t.Context(), f, &buf); err != nil || n != 1 {
		t.Fatalf("ExportCSV: %d, %v", n, err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff"))))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	header, row := rows[0], rows[1]
	got := map[string]string{}
	for i, h := range header {
		got[h] = row[i]
	}
	if want := "'" + r.Title; got["Ärendemening"] != want {
		t.Errorf("Ärendemening = %q, want %q", got["Ärendemening"], want)
	}
	if want := "'" + r.Text; got["Beslutstext"] != want {
		t.Errorf("Beslutstext = %q, want %q", got["Beslutstext"], want)
	}
	if got["Belopp (kr)"] != "-12,50" {
		t.Errorf("Belopp = %q, want -12,50", got["Belopp (kr)"])
	}
}
