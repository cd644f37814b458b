package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestOfUsesStockholm(t *testing.T) {
	// 23:30 UTC on 31 December is already New Year's Day in Stockholm.
	got := Of(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC))
	if got.String() != "2026-01-01" {
		t.Errorf("Of = %s, want 2026-01-01", got)
	}
}

func TestParse(t *testing.T) {
	for _, bad := range []string{"2026-02-30", "2026-13-01", "26-01-01", "", "2026-1-1"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted an invalid date", bad)
		}
	}
	d := MustParse("2024-02-29")
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
	if !MustParse("2026-01-01").Before(MustParse("2026-01-02")) || MustParse("2027-01-01").Before(MustParse("2026-12-31")) {
		t.Error("Before is wrong")
	}
}
