package refdata

import (
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// TestPrisbasbeloppTableAndWarnings: values are entered and corrected
// with records; this year's missing value is warned about at any time,
// next year's from 1 November; Missing names the year.
func TestPrisbasbeloppTableAndWarnings(t *testing.T) {
	var p Prisbasbelopp
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := p.Set("admin", at, 2026, 5_920_000, "SFS", ""); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("admin", at, 2025, 5_880_000, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("admin", at, 2026, 5_920_000, "SFS", ""); err != nil || len(p.Log) != 2 {
		t.Errorf("setting the same value again recorded something: %v %d", err, len(p.Log))
	}
	if err := p.Set("admin", at, 2026, 5_930_000, "rättat", ""); err != nil || len(p.Log) != 3 || p.Log[2].Action != ActionValueChanged {
		t.Errorf("a correction: %v %+v", err, p.Log)
	}
	if err := p.Set("admin", at, 2026, -1, "", ""); fault.From(err).Fields[0].Code != "invalid_amount" {
		t.Errorf("a negative value: %v", err)
	}
	if p.Values[0].Year != 2025 || p.Table()[2026] != 5_930_000 {
		t.Errorf("table: %+v", p.Values)
	}
	if f := adminlog.Verify(p.ChainID(), p.Log, p.StateDigest()); f != nil {
		t.Errorf("chain: %+v", f)
	}
	codes := func(d string) []string {
		var out []string
		for _, w := range p.Warnings(platform.MustParseDate(d)) {
			out = append(out, w.Code+" "+platform.Date{Year: w.Year, Month: 1, Day: 1}.String()[:4])
		}
		return out
	}
	for d, want := range map[string][]string{
		"2026-10-31": nil,
		"2026-11-01": {"reference_value_due 2027"},
		"2026-12-31": {"reference_value_due 2027"},
		"2027-01-01": {"reference_value_missing 2027"},
		"2024-06-01": {"reference_value_missing 2024"},
	} {
		if got := codes(d); !slices.Equal(got, want) {
			t.Errorf("warnings on %s: %v, want %v", d, got, want)
		}
	}
	f := fault.From(Missing(2027))
	if f.Code != "reference_value_missing" || f.Extra["year"] != 2027 || f.Kind != fault.Unprocessable {
		t.Errorf("Missing: %+v", f)
	}
}

// TestClassificationResolves: a class is found by code or "code name",
// never when retired or unknown; codes are checked.
func TestClassificationResolves(t *testing.T) {
	var c Classification
	at := time.Now()
	for _, x := range []Class{{Code: "2.1", Name: "Avtal"}, {Code: "3", Name: "Upphandling", Retired: true}} {
		if err := c.Put("admin", at, x, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Put("admin", at, Class{Code: "2 1", Name: "x"}, ""); fault.From(err).Fields[0].Code != "invalid_class_code" {
		t.Errorf("a bad code: %v", err)
	}
	for s, ok := range map[string]bool{"2.1": true, "2.1 Avtal": true, "2.1 Annat": false, "3": false, "9": false, "": false} {
		if _, got := c.Resolve(s); got != ok {
			t.Errorf("Resolve(%q) = %v", s, got)
		}
	}
}
