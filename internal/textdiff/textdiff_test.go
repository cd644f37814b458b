package textdiff

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// render writes a line diff compactly: " x" equal, "+x" insert, "-x" delete.
func render(ls []Line) []string {
	out := []string{}
	for _, l := range ls {
		p := map[Op]string{Equal: " ", Insert: "+", Delete: "-"}[l.Op]
		out = append(out, p+l.Text)
	}
	return out
}

func TestLinesTable(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []string
	}{
		{"empty/empty", "", "", []string{}},
		{"empty to text", "", "ett\ntvå\n", []string{"+ett", "+två"}},
		{"text to empty", "ett\ntvå", "", []string{"-ett", "-två"}},
		{"identical", "a\nb\nc\n", "a\nb\nc\n", []string{" a", " b", " c"}},
		{"trailing newline ignored", "a\nb\n", "a\nb", []string{" a", " b"}},
		{"one line changed in the middle", "a\nb\nc\nd\ne", "a\nb\nX\nd\ne",
			[]string{" a", " b", "-c", "+X", " d", " e"}},
		{"line inserted", "a\nc", "a\nb\nc", []string{" a", "+b", " c"}},
		{"line deleted", "a\nb\nc", "a\nc", []string{" a", "-b", " c"}},
		{"empty lines count", "a\n\nb\n", "a\nb\n", []string{" a", "-", " b"}},
		{"CRLF equals LF", "rad ett\r\nrad två\r\n", "rad ett\nrad två\n", []string{" rad ett", " rad två"}},
		{"Swedish text", "Ärendet gäller bygglov.\nSökanden är Åsa Öberg.\nBeslut fattas i nämnden.",
			"Ärendet gäller bygglov.\nSökanden är Örjan Ås.\nBeslut fattas i nämnden.",
			[]string{" Ärendet gäller bygglov.", "-Sökanden är Åsa Öberg.", "+Sökanden är Örjan Ås.", " Beslut fattas i nämnden."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Lines(tt.a, tt.b)
			if r := render(got); !reflect.DeepEqual(r, tt.want) {
				t.Errorf("Lines(%q, %q) = %q, want %q", tt.a, tt.b, r, tt.want)
			}
			checkLines(t, tt.a, tt.b, got)
		})
	}
}

func TestLinesNumbers(t *testing.T) {
	got := Lines("a\nb\nc\n", "a\nX\nc\nd\n")
	want := []Line{
		{Equal, "a", 1, 1},
		{Delete, "b", 2, 0},
		{Insert, "X", 0, 2},
		{Equal, "c", 3, 3},
		{Insert, "d", 0, 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestLinesReordered(t *testing.T) {
	a := "ett\ntvå\ntre\nfyra"
	b := "tre\nfyra\nett\ntvå"
	got := Lines(a, b)
	checkLines(t, a, b, got)
	if n := countEqual(got); n != 2 {
		t.Errorf("reordered: %d equal lines, want 2: %q", n, render(got))
	}
}

func TestOpString(t *testing.T) {
	for op, want := range map[Op]string{Equal: "equal", Insert: "insert", Delete: "delete", Op(7): "Op(7)"} {
		if got := op.String(); got != want {
			t.Errorf("Op(%d).String() = %q, want %q", int(op), got, want)
		}
	}
}

func TestWordsTable(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []Segment
	}{
		{"empty", "", "", nil},
		{"insert all", "", "hej då", []Segment{{Insert, "hej då"}}},
		{"delete all", "hej då", "", []Segment{{Delete, "hej då"}}},
		{"identical", "Åsa äter ö", "Åsa äter ö", []Segment{{Equal, "Åsa äter ö"}}},
		{"Swedish word changed", "Sökanden får avslag på ansökan.", "Sökanden får bifall på ansökan.",
			[]Segment{{Equal, "Sökanden får "}, {Delete, "avslag"}, {Insert, "bifall"}, {Equal, " på ansökan."}}},
		{"å ä ö are letters", "blå bär", "blåbär", []Segment{{Delete, "blå bär"}, {Insert, "blåbär"}}},
		{"punctuation is its own token", "Ja, nämnden beslutar.", "Ja; nämnden beslutar.",
			[]Segment{{Equal, "Ja"}, {Delete, ","}, {Insert, ";"}, {Equal, " nämnden beslutar."}}},
		{"word inserted", "ett tre", "ett två tre", []Segment{{Equal, "ett "}, {Insert, "två "}, {Equal, "tre"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.a, tt.b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
			}
			checkWords(t, tt.a, tt.b, got)
		})
	}
}

func TestTokenize(t *testing.T) {
	got := tokenize("Öl, 12 äpplen\t och\xffå")
	want := []string{"Öl", ",", " ", "12", " ", "äpplen", "\t ", "och", "\xff", "å"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokenize = %q, want %q", got, want)
	}
}

// TestLinesProperty checks on random inputs that the script reconstructs
// both texts and, since the inputs are small, that it is minimal.
func TestLinesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", "d", "å", "ä", "ö", ""}
	for n := range 500 {
		a := randomLines(rng, alphabet, rng.IntN(30))
		b := randomLines(rng, alphabet, rng.IntN(30))
		if n%5 == 0 { // similar texts: b is a mutation of a
			b = mutate(rng, a, alphabet)
		}
		as, bs := joinLines(a), joinLines(b)
		got := Lines(as, bs)
		checkLines(t, as, bs, got)
		if eq, want := countEqual(got), lcsLen(a, b); eq != want {
			t.Fatalf("case %d: %d equal lines, LCS is %d\na=%q\nb=%q", n, eq, want, a, b)
		}
	}
}

// TestWordsProperty checks on random paragraphs that the segments
// reconstruct both texts, never repeat an op and are minimal.
func TestWordsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"år", "är", "öl", "och", "ett", " ", "  ", ",", ".", "ÅÄÖ", "\t"}
	for n := range 500 {
		a := strings.Join(randomLines(rng, words, rng.IntN(25)), "")
		b := strings.Join(randomLines(rng, words, rng.IntN(25)), "")
		checkWords(t, a, b, Words(a, b))
		if want, got := lcsLen(tokenize(a), tokenize(b)), equalTokens(a, b); got != want {
			t.Fatalf("case %d: %d equal tokens, LCS is %d\na=%q\nb=%q", n, got, want, a, b)
		}
	}
}

// equalTokens counts the tokens diff keeps, before segments are merged.
func equalTokens(a, b string) int {
	at, bt := tokenize(a), tokenize(b)
	ai, bi := intern(at, bt)
	del, _ := diff(ai, bi, defaultBudget)
	n := 0
	for _, d := range del {
		if !d {
			n++
		}
	}
	return n
}

// TestMyersMinimal checks the linear-space search alone (no LCS table) on
// random integer sequences against the quadratic LCS.
func TestMyersMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := range 2000 {
		k := 2 + rng.IntN(8)
		a := randomInts(rng, rng.IntN(60), k)
		b := randomInts(rng, rng.IntN(60), k)
		del, ins := diffTable(a, b, defaultBudget, 0)
		checkMarks(t, a, b, del, ins)
		kept := 0
		for _, d := range del {
			if !d {
				kept++
			}
		}
		if want := lcsLen(a, b); kept != want {
			t.Fatalf("case %d: kept %d, LCS %d\na=%v\nb=%v", n, kept, want, a, b)
		}
	}
}

// TestTableMinimal checks the LCS table alone the same way.
func TestTableMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := range 1000 {
		a := randomInts(rng, rng.IntN(60), 5)
		b := randomInts(rng, rng.IntN(60), 5)
		d := &differ{a: a, b: b, del: make([]bool, len(a)), ins: make([]bool, len(b))}
		d.lcsTable(0, len(a), 0, len(b))
		checkMarks(t, a, b, d.del, d.ins)
		kept := 0
		for _, x := range d.del {
			if !x {
				kept++
			}
		}
		if want := lcsLen(a, b); kept != want {
			t.Fatalf("case %d: kept %d, LCS %d", n, kept, want)
		}
	}
}

// TestBudgetFallback forces the work budget to run out and checks that the
// script is still correct.
func TestBudgetFallback(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, budget := range []int{0, 10, 100, 1000} {
		for range 50 {
			a := randomInts(rng, rng.IntN(200), 6)
			b := randomInts(rng, rng.IntN(200), 6)
			del, ins := diff(a, b, budget)
			checkMarks(t, a, b, del, ins)
		}
	}
}

// TestLargeInput exercises the linear-space path past the LCS-table size,
// both for similar texts (fast, minimal) and for unrelated ones (bounded).
func TestLargeInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var a, b []string
	for i := range 20000 {
		a = append(a, fmt.Sprintf("rad %d", i))
	}
	b = append(b, a...)
	for range 20 {
		i := rng.IntN(len(b))
		b[i] = "ändrad " + b[i]
	}
	b = append(b[:100], b[150:]...)
	as, bs := joinLines(a), joinLines(b)
	got := Lines(as, bs)
	checkLines(t, as, bs, got)
	if eq := countEqual(got); eq < len(b)-20 {
		t.Errorf("similar large texts: %d equal lines of %d", eq, len(b))
	}

	var c []string
	for range 20000 {
		c = append(c, fmt.Sprintf("annan %d", rng.IntN(1000)))
	}
	cs := joinLines(c)
	checkLines(t, as, cs, Lines(as, cs))

	// Skewed: many lines against one.
	checkLines(t, as, "rad 12345\n", Lines(as, "rad 12345\n"))
}

func checkLines(t *testing.T, a, b string, ls []Line) {
	t.Helper()
	var ga, gb []string
	oldNo, newNo := 0, 0
	for _, l := range ls {
		switch l.Op {
		case Equal:
			oldNo++
			newNo++
			ga, gb = append(ga, l.Text), append(gb, l.Text)
			if l.OldNo != oldNo || l.NewNo != newNo {
				t.Fatalf("equal %q numbered %d/%d, want %d/%d", l.Text, l.OldNo, l.NewNo, oldNo, newNo)
			}
		case Delete:
			oldNo++
			ga = append(ga, l.Text)
			if l.OldNo != oldNo || l.NewNo != 0 {
				t.Fatalf("delete %q numbered %d/%d, want %d/0", l.Text, l.OldNo, l.NewNo, oldNo)
			}
		case Insert:
			newNo++
			gb = append(gb, l.Text)
			if l.OldNo != 0 || l.NewNo != newNo {
				t.Fatalf("insert %q numbered %d/%d, want 0/%d", l.Text, l.OldNo, l.NewNo, newNo)
			}
		default:
			t.Fatalf("bad op %v", l.Op)
		}
	}
	if wa := splitLines(a); !reflect.DeepEqual(ga, wa) && len(ga)+len(wa) > 0 {
		t.Fatalf("old text not reconstructed:\ngot  %q\nwant %q", ga, wa)
	}
	if wb := splitLines(b); !reflect.DeepEqual(gb, wb) && len(gb)+len(wb) > 0 {
		t.Fatalf("new text not reconstructed:\ngot  %q\nwant %q", gb, wb)
	}
}

func checkWords(t *testing.T, a, b string, segs []Segment) {
	t.Helper()
	var ga, gb strings.Builder
	for i, s := range segs {
		if s.Text == "" {
			t.Fatalf("empty segment %d", i)
		}
		if i > 0 && segs[i-1].Op == s.Op {
			t.Fatalf("segments %d and %d share op %v", i-1, i, s.Op)
		}
		switch s.Op {
		case Equal:
			ga.WriteString(s.Text)
			gb.WriteString(s.Text)
		case Delete:
			ga.WriteString(s.Text)
		case Insert:
			gb.WriteString(s.Text)
		default:
			t.Fatalf("bad op %v", s.Op)
		}
	}
	if ga.String() != a {
		t.Fatalf("old text not reconstructed: got %q, want %q", ga.String(), a)
	}
	if gb.String() != b {
		t.Fatalf("new text not reconstructed: got %q, want %q", gb.String(), b)
	}
}

func checkMarks(t *testing.T, a, b []int, del, ins []bool) {
	t.Helper()
	var ka, kb []int
	for i, d := range del {
		if !d {
			ka = append(ka, a[i])
		}
	}
	for j, d := range ins {
		if !d {
			kb = append(kb, b[j])
		}
	}
	if !reflect.DeepEqual(ka, kb) {
		t.Fatalf("kept elements differ:\n%v\n%v", ka, kb)
	}
}

func countEqual(ls []Line) int {
	n := 0
	for _, l := range ls {
		if l.Op == Equal {
			n++
		}
	}
	return n
}

// lcsLen is the textbook quadratic LCS length.
func lcsLen[T comparable](a, b []T) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func randomLines(rng *rand.Rand, alphabet []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return out
}

func randomInts(rng *rand.Rand, n, k int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = rng.IntN(k)
	}
	return out
}

func mutate(rng *rand.Rand, a, alphabet []string) []string {
	b := append([]string(nil), a...)
	for range rng.IntN(4) {
		i := rng.IntN(len(b) + 1)
		if rng.IntN(2) == 0 && i < len(b) {
			b = append(b[:i], b[i+1:]...)
		} else {
			b = append(b[:i], append([]string{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
		}
	}
	return b
}

// joinLines is the inverse of splitLines, using CRLF half the time.
func joinLines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	sep := "\n"
	if len(ls)%2 == 0 {
		sep = "\r\n"
	}
	return strings.Join(ls, sep) + sep
}
