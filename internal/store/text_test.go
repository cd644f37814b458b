package store

import (
	"slices"
	"testing"
)

func TestTextWords(t *testing.T) {
	cases := map[string][]string{
		"ÖVERENSKOMMELSE om hyra":        {"ÖVERENSKOMMELSE", "om", "hyra"},
		`"a*" OR b`:                      {"a", "OR", "b"},
		"$where .* title:budget":         {"where", "title", "budget"},
		"NEAR(a b) -c ^d":                {"NEAR", "a", "b", "c", "d"},
		"   ":                            nil,
		".*":                             nil,
		"Avtal avtal AVTAL":              {"Avtal"},
		"e\u0301tude 2026/12 Ölands":     {"e\u0301tude", "2026", "12", "Ölands"},
		"nul\x00byte \u2028line\ttab\n":  {"nul", "byte", "line", "tab"},
		"överens-kommelse_x ärende§12 ½": {"överens", "kommelse", "x", "ärende", "12", "½"},
	}
	for in, want := range cases {
		if got := TextWords(in); !slices.Equal(got, want) {
			t.Errorf("TextWords(%q) = %q, want %q", in, got, want)
		}
	}
	rest, words, has := SplitText([]Cond{Eq("a", 1), Text("x y"), {Field: "f", Op: OpText, Value: "Y z"}})
	if len(rest) != 1 || rest[0].Field != "a" || !has || !slices.Equal(words, []string{"x", "y", "z"}) {
		t.Errorf("SplitText = %v, %v, %v", rest, words, has)
	}
	if _, words, has := SplitText([]Cond{Text("..")}); !has || len(words) != 0 {
		t.Errorf("SplitText of a wordless text = %v, %v; want no words, has text", words, has)
	}
	if _, _, has := SplitText([]Cond{Eq("a", 1)}); has {
		t.Error("SplitText without text reports text")
	}
}
