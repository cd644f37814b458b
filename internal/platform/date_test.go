package platform

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func TestOfUsesStockholm(t *testing.T) {
	// 23:30 UTC on 31 December is already New Year's Day in Stockholm.
	got := DateOf(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC))
	if got.String() != "2026-01-01" {
		t.Errorf("Of = %s, want 2026-01-01", got)
	}
}

func TestParse(t *testing.T) {
	for _, bad := range []string{"2026-02-30", "2026-13-01", "26-01-01", "", "2026-1-1",
		"1899-12-31", "2201-01-01", "0001-01-01", "9999-12-31", "0026-03-01"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted an invalid date", bad)
		}
	}
	for _, good := range []string{"1900-01-01", "2200-12-31"} {
		if _, err := ParseDate(good); err != nil {
			t.Errorf("ParseDate(%q): %v", good, err)
		}
	}
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"9999-12-31"}`), &v); err == nil {
		t.Error("UnmarshalJSON accepted 9999-12-31")
	}
	d := MustParseDate("2024-02-29")
	if d.AddDays(1).String() != "2024-03-01" || d.AddDays(-60).String() != "2023-12-31" {
		t.Errorf("AddDays wrong: %s %s", d.AddDays(1), d.AddDays(-60))
	}
	if d.Weekday() != time.Thursday {
		t.Errorf("2024-02-29 weekday = %v", d.Weekday())
	}
}

func TestJSON(t *testing.T) {
	var v struct {
		A Date `json:"a"`
		B Date `json:"b"`
	}
	if err := json.Unmarshal([]byte(`{"a":"2026-03-01","b":null}`), &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"a":"2026-03-01","b":null}` {
		t.Errorf("round trip = %s", out)
	}
	if err := json.Unmarshal([]byte(`{"a":"2026-02-31"}`), &v); err == nil {
		t.Error("accepted 2026-02-31")
	}
	if !MustParseDate("2026-01-01").Before(MustParseDate("2026-01-02")) || MustParseDate("2027-01-01").Before(MustParseDate("2026-12-31")) {
		t.Error("Before is wrong")
	}
}

// TestFormatAndReadEveryDay checks the fast paths of String, MarshalJSON
// and UnmarshalJSON against the general ones for every day of 1900–2100,
// and a date written with a JSON escape.
func TestFormatAndReadEveryDay(t *testing.T) {
	for tm := time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC); tm.Year() <= 2100; tm = tm.AddDate(0, 0, 1) {
		d := Date{tm.Year(), tm.Month(), tm.Day()}
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Fatalf("String = %q, want %q", got, want)
		}
		b, err := d.MarshalJSON()
		if err != nil || string(b) != `"`+d.String()+`"` {
			t.Fatalf("MarshalJSON(%v) = %s, %v", d, b, err)
		}
		var back Date
		if err := back.UnmarshalJSON(b); err != nil || back != d {
			t.Fatalf("UnmarshalJSON(%s) = %v, %v", b, back, err)
		}
	}
	var d Date
	if err := d.UnmarshalJSON([]byte(`"\u0032026-03-01"`)); err != nil || d != MustParseDate("2026-03-01") {
		t.Errorf("escaped date: %v, %v", d, err)
	}
	if err := d.UnmarshalJSON([]byte(`"2026-02-30"`)); err == nil {
		t.Error("2026-02-30 accepted")
	}
}
