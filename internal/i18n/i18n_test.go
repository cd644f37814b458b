package i18n

import (
	"slices"
	"testing"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	sv, en := Keys(Swedish), Keys(English)
	slices.Sort(sv)
	slices.Sort(en)
	if !slices.Equal(sv, en) {
		t.Errorf("sv and en catalogs differ:\nsv %v\nen %v", sv, en)
	}
}

func TestNegotiate(t *testing.T) {
	for h, want := range map[string]string{
		"":                        "sv",
		"en":                      "en",
		"en-GB,en;q=0.9":          "en",
		"sv-SE,sv;q=0.9,en;q=0.8": "sv",
		"sv;q=0.5,en;q=0.8":       "en",
		"de-DE":                   "sv",
	} {
		if got := Negotiate(h); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", h, got, want)
		}
	}
	if T("en", "not_found") != "Not found." || T("xx", "not_found") != T("sv", "not_found") || T("sv", "nope") != "nope" {
		t.Error("T fallbacks wrong")
	}
}
