package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// textColl is the collection of the full-text cases.
var textColl = store.Collection{
	Name:    "docs",
	Indexes: []store.Index{{Name: "docs_board", Fields: []string{"board"}}},
	Text:    []string{"title", "body"},
}

// textDoc is the full-text test document.
type textDoc struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Board string `json:"board"`
	N     int    `json:"n"`
}

// textDocs are Swedish texts. No token in them starts with "or" except the
// literal OR of t5, and "avtal" starts a token only in t1, so the
// expectations hold for whole-word and prefix matching alike.
var textDocs = []struct {
	id  string
	doc textDoc
}{
	{"t1", textDoc{"Överenskommelse om markanvändning", "Avtal mellan kommunen och Ölands bostäder.", "ITN", 1}},
	{"t2", textDoc{"Hyresavtal för lokal", "En överenskommelse om hyra av lokal i Borgholm.", "KS", 2}},
	{"t3", textDoc{"Budget 2026", "Förslag till budget för nämnden.", "ITN", 3}},
	{"t4", textDoc{"Överklagande", "Överklagandet avser beslut om bygglov.", "ITN", 4}},
	{"t5", textDoc{"Specialtecken", `Texten innehåller "a*" OR b samt $where och .* i en mening.`, "KS", 5}},
	{"t6", textDoc{"ÖVERENSKOMMELSE OM SAMVERKAN", "Samverkan mellan nämnder.", "ITN", 6}},
}

func insertTextDocs(t *testing.T, b store.Backend, coll string) {
	t.Helper()
	for _, d := range textDocs {
		if _, err := b.Insert(ctxT(t), coll, d.id, mustJSON(t, d.doc)); err != nil {
			t.Fatal(err)
		}
	}
}

// findText runs q on coll and returns the ids found, sorted unless q sorts.
func findText(t *testing.T, b store.Backend, coll string, q store.Query) []string {
	t.Helper()
	recs, err := b.Find(ctxT(t), coll, q)
	if err != nil {
		t.Fatalf("Find %+v: %v", q.Where, err)
	}
	ids := recIDs(recs)
	if len(q.Sort) == 0 {
		slices.Sort(ids)
	}
	return ids
}

func textQ(words string, more ...store.Cond) store.Query {
	return store.Query{Where: append([]store.Cond{store.Text(words)}, more...)}
}

// testTextSearch covers OpText: case-insensitive Unicode words, every word
// required, combination with filters, sort and limit, search syntax taken
// literally, and an index that follows updates and deletes.
func testTextSearch(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	for range 2 { // idempotent
		if err := b.EnsureCollection(ctx, textColl); err != nil {
			t.Fatalf("EnsureCollection: %v", err)
		}
	}
	insertTextDocs(t, b, "docs")
	cases := []struct {
		name string
		q    store.Query
		want []string
	}{
		{"lower case", textQ("överenskommelse"), []string{"t1", "t2", "t6"}},
		{"upper case", textQ("ÖVERENSKOMMELSE"), []string{"t1", "t2", "t6"}},
		{"mixed case", textQ("ÖverensKommelse"), []string{"t1", "t2", "t6"}},
		{"every word", textQ("överenskommelse samverkan"), []string{"t6"}},
		{"words in title and body", textQ("Överklagande bygglov"), []string{"t4"}},
		{"whole word", textQ("avtal kommunen"), []string{"t1"}},
		{"no such word", textQ("fiskekvot"), nil},
		{"one word missing", textQ("budget fiskekvot"), nil},
		{"two text conditions", textQ("budget", store.Text("nämnden")), []string{"t3"}},
		{"with eq", textQ("överenskommelse", store.Eq("board", "ITN")), []string{"t1", "t6"}},
		{"sort limit", store.Query{Where: []store.Cond{store.Text("överenskommelse")},
			Sort: []store.SortKey{{Field: "n", Desc: true}}, Limit: 2}, []string{"t6", "t2"}},
		// Search syntax of FTS5, MongoDB $text and regular expressions is
		// literal text: punctuation separates words and is dropped.
		{"fts operators", textQ(`"a*" OR b`), []string{"t5"}},
		{"dollar", textQ("$where"), []string{"t5"}},
		{"regex only", textQ(".*"), nil},
		{"empty", textQ("   "), nil},
		{"column filter", textQ("title:budget"), nil},
		{"near", textQ("NEAR(budget nämnden)"), nil},
		{"unbalanced quote", textQ(`"budget`), []string{"t3"}},
		{"not operator", textQ("-budget"), []string{"t3"}},
		{"caret and parens", textQ("^(budget)"), []string{"t3"}},
		{"regex metacharacters", textQ(`budget.* [a-z]+ \d`), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := findText(t, b, "docs", c.q); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if n, err := b.Count(ctx, "docs", []store.Cond{store.Text("ÖVERENSKOMMELSE")}); err != nil || n != 3 {
		t.Errorf("Count text = %d (%v), want 3", n, err)
	}

	// Updates change what matches; deletes remove matches.
	r3, _ := b.Get(ctx, "docs", "t3")
	if _, err := b.Update(ctx, "docs", "t3", r3.Version, mustJSON(t, textDoc{"Budget 2026", "Enligt överenskommelse med nämnden.", "ITN", 3})); err != nil {
		t.Fatal(err)
	}
	r1, _ := b.Get(ctx, "docs", "t1")
	if _, err := b.Update(ctx, "docs", "t1", r1.Version, mustJSON(t, textDoc{"Markanvändning", "Avtal mellan kommunen och Ölands bostäder.", "ITN", 1})); err != nil {
		t.Fatal(err)
	}
	if got := findText(t, b, "docs", textQ("överenskommelse")); !slices.Equal(got, []string{"t2", "t3", "t6"}) {
		t.Errorf("after updates: got %v, want [t2 t3 t6]", got)
	}
	if got := findText(t, b, "docs", textQ("markanvändning")); !slices.Equal(got, []string{"t1"}) {
		t.Errorf("after updates, title word: got %v, want [t1]", got)
	}
	r2, _ := b.Get(ctx, "docs", "t2")
	if err := b.Delete(ctx, "docs", "t2", r2.Version); err != nil {
		t.Fatal(err)
	}
	if got := findText(t, b, "docs", textQ("överenskommelse")); !slices.Equal(got, []string{"t3", "t6"}) {
		t.Errorf("after delete: got %v, want [t3 t6]", got)
	}
	// A re-inserted id is searchable again, with its new text only.
	if _, err := b.Insert(ctx, "docs", "t2", mustJSON(t, textDoc{"Ny lokal", "Hyra av lokal.", "KS", 2})); err != nil {
		t.Fatal(err)
	}
	if got := findText(t, b, "docs", textQ("hyra lokal")); !slices.Equal(got, []string{"t2"}) {
		t.Errorf("after re-insert: got %v, want [t2]", got)
	}
	if got := findText(t, b, "docs", textQ("borgholm")); len(got) != 0 {
		t.Errorf("after re-insert, old text: got %v, want none", got)
	}

	invalid := []store.Query{
		{Where: []store.Cond{{Field: "title'; --", Op: store.OpText, Value: "budget"}}},
		{Where: []store.Cond{{Op: store.OpText, Value: 7}}},
	}
	for i, q := range invalid {
		if _, err := b.Find(ctx, "docs", q); !errors.Is(err, store.ErrInvalidQuery) {
			t.Errorf("invalid text query %d: err = %v, want ErrInvalidQuery", i, err)
		}
	}
	// A collection without a text index refuses text search.
	if err := b.EnsureCollection(ctx, itemsColl); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Insert(ctx, "items", "x", mustJSON(t, item{Title: "budget"})); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Find(ctx, "items", textQ("budget")); !errors.Is(err, store.ErrInvalidQuery) {
		t.Errorf("text search without a text index: err = %v, want ErrInvalidQuery", err)
	}
}

// testTextMigration declares Text on a collection that already holds
// documents (the index is built over them), changes the fields, and checks
// that the index survives a restart.
func testTextMigration(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	plain := store.Collection{Name: "later", Indexes: []store.Index{{Name: "later_board", Fields: []string{"board"}}}}
	if err := b.EnsureCollection(ctx, plain); err != nil {
		t.Fatal(err)
	}
	insertTextDocs(t, b, "later")
	ms := []store.Migration{
		{Version: 1, Description: "later", Collections: []store.Collection{plain}},
		{Version: 2, Description: "text on later", Collections: []store.Collection{{
			Name: "later", Indexes: plain.Indexes, Text: []string{"title", "body"},
		}}},
	}
	if _, _, err := store.Migrate(ctx, b, ms); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if got := findText(t, b, "later", textQ("överenskommelse")); !slices.Equal(got, []string{"t1", "t2", "t6"}) {
		t.Errorf("backfilled index: got %v, want [t1 t2 t6]", got)
	}
	if _, err := b.Insert(ctx, "later", "t7", mustJSON(t, textDoc{Title: "Ny överenskommelse", Body: "Bilaga."})); err != nil {
		t.Fatal(err)
	}
	// Only the title now: words of the body no longer match.
	ms = append(ms, store.Migration{Version: 3, Description: "title only", Collections: []store.Collection{{
		Name: "later", Indexes: plain.Indexes, Text: []string{"title"},
	}}})
	if _, _, err := store.Migrate(ctx, b, ms); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if got := findText(t, b, "later", textQ("överenskommelse")); !slices.Equal(got, []string{"t1", "t6", "t7"}) {
		t.Errorf("title-only index: got %v, want [t1 t6 t7]", got)
	}
	if got := findText(t, b, "later", textQ("bilaga")); len(got) != 0 {
		t.Errorf("title-only index matched a body word: %v", got)
	}
	b = h.Reopen(t, b)
	if got := findText(t, b, "later", textQ("ÖVERENSKOMMELSE")); !slices.Equal(got, []string{"t1", "t6", "t7"}) {
		t.Errorf("after restart: got %v, want [t1 t6 t7]", got)
	}
	r, err := b.Get(ctx, "later", "t4")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(ctx, "later", "t4", r.Version, mustJSON(t, textDoc{Title: "Överenskommelse i stället"})); err != nil {
		t.Fatal(err)
	}
	if got := findText(t, b, "later", textQ("överenskommelse")); !slices.Equal(got, []string{"t1", "t4", "t6", "t7"}) {
		t.Errorf("update after restart: got %v, want [t1 t4 t6 t7]", got)
	}
}
