package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestAgreementWithoutARuleForItsFirstYearIsRefused: a samverkansavtal
// whose first faktureringsregel starts after the year the agreement does
// would cover years no allocation can be made for; it is refused as a
// whole (found by the API sweep: such an agreement made every budget
// import of 2026 fail).
func TestAgreementWithoutARuleForItsFirstYearIsRefused(t *testing.T) {
	env := apptest.New(t)
	before := env.Snapshot(t)
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/agreements", Token: env.Token("sekreterare"),
		Body: map[string]any{"title": "Avtal om samverkan", "valid_from": "2026-01-01", "valid_to": "2046-12-31", "host": "0885",
			"members": []string{"0885", "0840"}, "key_mode": "exact_users",
			"invoicing": []map[string]any{{"from_year": 2046, "rule": "quarterly_advance"}}}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"/invoicing/0"`) ||
		!strings.Contains(string(r.Body), "invalid_invoicing_rule") {
		t.Fatalf("an agreement without a rule for 2026–2045: %d %s, want 422 invalid_invoicing_rule at /invoicing/0", r.Status, r.Body)
	}
	if env.Snapshot(t) != before {
		t.Error("the refused agreement changed stored data")
	}
}

// TestBudgetImportWithoutAnInvoicingRuleChangesNothing: a budget import
// for a year whose agreement has no faktureringsregel (an agreement
// stored before such agreements were refused) is refused with 422 and
// stores nothing: neither the year's lines nor a change in the
// allocation's head, which would otherwise hold a change that no
// snapshot can ever be made for.
func TestBudgetImportWithoutAnInvoicingRuleChangesNothing(t *testing.T) {
	env := apptest.New(t)
	ctx := t.Context()
	if _, err := repo.NewAgreements(env.Backend).InsertAgreement(ctx, agreement.Agreement{ID: "ITN/2", Board: "ITN", Number: 2,
		Title: "Avtal om samverkan", ValidFrom: platform.MustParseDate("2026-01-01"), ValidTo: platform.MustParseDate("2046-12-31"),
		Host: "0885", Members: []string{"0885", "0840"}, KeyMode: agreement.KeyExactUsers,
		Invoicing: []agreement.YearRule{{FromYear: 2046, Rule: agreement.RuleQuarterlyAdvance}},
		CreatedAt: env.Clock.Now().UTC(), CreatedBy: "admin"}); err != nil {
		t.Fatal(err)
	}
	sek := env.Token("sekreterare")
	before := env.Snapshot(t)
	for range 2 {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2026", Token: sek,
			Body:   []byte("Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\nBudget;Personalkostnader;;Gemensam;;10 000;tkr;\n"),
			Header: map[string]string{"Content-Type": "text/csv"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"code":"no_agreement"`) {
			t.Fatalf("import without an invoicing rule: %d %s, want 422 no_agreement", r.Status, r.Body)
		}
		if env.Snapshot(t) != before {
			t.Fatal("the refused import changed stored data")
		}
	}
}
