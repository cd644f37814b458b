package allocation

import (
	"errors"
	"slices"
	"testing"
)

func TestKey(t *testing.T) {
	users := []Weight{{borgholm, 1658}, {morbylanga, 2002}}
	exact, err := Key(KeyExactUsers, users)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(exact, users) {
		t.Errorf("exact key = %v, want %v", exact, users)
	}
	rounded, err := Key(KeyRoundedPercent, users)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Weight{{borgholm, 453}, {morbylanga, 547}}; !slices.Equal(rounded, want) {
		t.Errorf("rounded key = %v, want %v", rounded, want)
	}
	users[0].Units = 1 // Key must not alias its input
	if exact[0].Units != 1658 {
		t.Error("Key returned its input slice")
	}
}

func TestKeyRoundedNotSummingTo1000(t *testing.T) {
	tests := []struct {
		users []Weight
		want  []int64
	}{
		// 62,5 ‰ and 937,5 ‰ both round up: 1001 in all.
		{[]Weight{{"a", 1}, {"b", 15}}, []int64{63, 938}},
		// 333,33 ‰ each: 999 in all.
		{[]Weight{{"a", 1}, {"b", 1}, {"c", 1}}, []int64{333, 333, 333}},
		// 0,4995 ‰ rounds to 0: the member drops out of the rounded key.
		{[]Weight{{"a", 1}, {"b", 2001}}, []int64{0, 1000}},
	}
	for _, tc := range tests {
		key, err := Key(KeyRoundedPercent, tc.users)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, w := range key {
			got = append(got, w.Units)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Key(%v) = %v, want %v", tc.users, got, tc.want)
		}
		for _, total := range []int64{1_000_000, 999, -7, 1} {
			shares, err := Split(total, key)
			if err != nil {
				t.Fatal(err)
			}
			checkSplit(t, total, key, shares)
		}
	}
}

func TestKeyErrors(t *testing.T) {
	if _, err := Key("per_capita", []Weight{{"a", 1}}); err == nil {
		t.Error("unknown mode accepted")
	}
	if _, err := Key(KeyExactUsers, nil); !errors.Is(err, ErrNoWeights) {
		t.Errorf("err = %v", err)
	}
	if _, err := Key(KeyRoundedPercent, []Weight{{"a", 1}, {"a", 2}}); !errors.Is(err, ErrDuplicateMember) {
		t.Errorf("err = %v", err)
	}
	if _, err := Key(KeyExactUsers, []Weight{{"a", -1}, {"b", 2}}); !errors.Is(err, ErrNegativeUnits) {
		t.Errorf("err = %v", err)
	}
	many := make([]Weight, 2001)
	for i := range many {
		many[i] = Weight{string(rune('a'+i%26)) + string(rune(0x100+i)), 1}
	}
	if _, err := Key(KeyRoundedPercent, many); !errors.Is(err, ErrZeroUnits) {
		t.Errorf("2001 members at 0,4998 ‰: err = %v, want ErrZeroUnits", err)
	}
}

func TestPercent(t *testing.T) {
	got := Percent([]Weight{{borgholm, 1658}, {morbylanga, 2002}})
	want := []PercentShare{{borgholm, 453, "45,3 %"}, {morbylanga, 547, "54,7 %"}}
	if !slices.Equal(got, want) {
		t.Errorf("Percent = %v, want %v", got, want)
	}
	if got := Percent([]Weight{{"a", 0}, {"b", 0}}); got[0].PerMille != 0 || got[1].Text != "0,0 %" {
		t.Errorf("all-zero key: %v", got)
	}
	if got := Percent([]Weight{{"a", -1}, {"b", 3}}); got[1].PerMille != 0 {
		t.Errorf("negative key: %v", got)
	}
	if got := Percent([]Weight{{"a", 1}}); got[0].Text != "100,0 %" {
		t.Errorf("single member: %v", got)
	}
}

func TestFormatPerMille(t *testing.T) {
	for pm, want := range map[int64]string{
		0: "0,0 %", 5: "0,5 %", 547: "54,7 %", 1000: "100,0 %", -5: "-0,5 %", -1234: "-123,4 %",
		-9223372036854775808: "-922337203685477580,8 %",
	} {
		if got := FormatPerMille(pm); got != want {
			t.Errorf("FormatPerMille(%d) = %q, want %q", pm, got, want)
		}
	}
}
