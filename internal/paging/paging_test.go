package paging

import (
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v       string
		want    int
		refused bool
	}{{"", 7, false}, {" 3 ", 3, false}, {"1", 1, false}, {"100", 100, false},
		{"0", 7, true}, {"-1", 7, true}, {"101", 7, true}, {"abc", 7, true}, {"1.5", 7, true}, {"99999999999999999999", 7, true}} {
		var fs fault.Fields
		if got := Number(&fs, "sida", c.v, 7, 100); got != c.want || (len(fs) > 0) != c.refused {
			t.Errorf("Number(%q) = %d, fields %v; want %d, refused %v", c.v, got, fs, c.want, c.refused)
		}
		if c.refused && (fs[0].Field != "sida" || fs[0].Code != "invalid_parameter") {
			t.Errorf("Number(%q): field %+v", c.v, fs[0])
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		total int64
		per   int
		want  int
	}{{0, 25, 1}, {1, 25, 1}, {25, 25, 1}, {26, 25, 2}, {131, 25, 6}, {10, 0, 1}} {
		if got := Count(c.total, c.per); got != c.want {
			t.Errorf("Count(%d, %d) = %d, want %d", c.total, c.per, got, c.want)
		}
	}
}
