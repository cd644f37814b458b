package workflow

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/paging"
	"github.com/samstyr/samstyr/internal/personnummer"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/internal/store"
)

// Public is what anyone may read without a login: the public e-diarium
// (OSL 5 kap.) and the open decision data as OParl (public_oparl.go).
// What is shown is decided by internal/public, the one rule every public
// route asks; nothing here takes a user.
type Public struct{ *core }

// DiariumQuery is a search of the public e-diarium as a client sends it
// (the API's and the web page's query parameters, unparsed, so both get
// the same answer to a malformed one). Empty fields do not filter.
type DiariumQuery struct {
	Text    string // words of the public entry: title, class, parties, handlingar
	Board   string // nämnd code
	From    string // registration date from, yyyy-mm-dd
	To      string // registration date to, yyyy-mm-dd
	Number  string // diarienummer, e.g. "ITN 2026/14": that one entry
	Page    string // 1-based
	PerPage string
}

// DiariumPage is one page of the public e-diarium.
type DiariumPage struct {
	Entries []public.Entry `json:"entries"`
	Total   int64          `json:"total"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
}

// Limits of a diarium search.
const (
	MaxDiariumText    = 200
	MaxDiariumPerPage = 100
	maxDiariumPage    = 100000
)

// Faults of the public e-diarium.
var (
	ErrDiariumEntryNotFound = fault.New(fault.NotFound, "diarium_entry_not_found")
	errDiariumQuery         = fault.New(fault.Invalid, "invalid_parameter")
)

// diariumFilter parses and checks q; every malformed parameter is named.
func diariumFilter(q DiariumQuery) (cases.RegistryFilter, error) {
	var fs fault.Fields
	f := cases.RegistryFilter{Text: strings.TrimSpace(q.Text), Page: 1, PerPage: 25}
	if utf8.RuneCountInString(f.Text) > MaxDiariumText {
		fs.Add("q", "too_long")
	}
	fieldtext.Line(&fs, "q", f.Text)
	// No public text holds a personnummer (internal/public masks them), so
	// a search for one finds nothing; it is refused instead, and no page
	// shows it back.
	if personnummer.Contains(f.Text) {
		fs.Add("q", "personnummer_in_search")
	}
	// Words are what is searched: a q of only signs ("*") would otherwise
	// be read as no q at all and list everything.
	if f.Text != "" && !strings.ContainsFunc(f.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		fs.Add("q", "no_search_words")
	}
	date := func(name, v string) platform.Date {
		if v = strings.TrimSpace(v); v == "" {
			return platform.Date{}
		}
		d, err := platform.ParseDate(v)
		if err != nil {
			fs.Add(name, "invalid_date")
		}
		return d
	}
	f.From, f.To = date("from", q.From), date("to", q.To)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fs.Add("to", "inverted_range")
	}
	f.Page = paging.Number(&fs, "page", q.Page, f.Page, maxDiariumPage)
	f.PerPage = paging.Number(&fs, "per_page", q.PerPage, f.PerPage, MaxDiariumPerPage)
	if n := strings.TrimSpace(q.Number); n != "" {
		if _, _, _, err := cases.ParseNumber(n); err != nil {
			fs.Add("dnr", "invalid_registration_number")
		}
	}
	if len(fs) > 0 {
		e := *errDiariumQuery
		e.Fields = fs
		return f, &e
	}
	return f, nil
}

// Diarium searches the public e-diarium: registered ärenden (not
// makulerade) and their handlingar, newest registration first, by words
// of what the public entry shows, nämnd, registration date and
// diarienummer, a page at a time. Each entry is public.EntryOf: a
// sekretessmarkerat ärende or handling shows its title masked as marked,
// no parties and no documents to fetch, and no text holds a personnummer.
// A malformed query is 400 naming each bad parameter; an unknown nämnd is
// 404 unknown_board, and so is an unknown diarienummer (404
// diarium_entry_not_found): searching for one number names one entry.
func (e *Public) Diarium(ctx context.Context, q DiariumQuery) (DiariumPage, error) {
	f, err := diariumFilter(q)
	if err != nil {
		return DiariumPage{}, err
	}
	if code := strings.TrimSpace(q.Board); code != "" {
		if _, err := e.boards.GetBoard(ctx, code); err != nil {
			if fault.From(err).Kind == fault.NotFound {
				return DiariumPage{}, board.ErrUnknownBoard.WithDetail("board %s", code)
			}
			return DiariumPage{}, err
		}
		f.Boards = []string{code}
	}
	out := DiariumPage{Entries: []public.Entry{}, Page: f.Page, PerPage: f.PerPage}
	if n := strings.TrimSpace(q.Number); n != "" {
		c, err := e.store.GetByNumber(ctx, n)
		if err != nil {
			if fault.From(err).Kind == fault.NotFound {
				return DiariumPage{}, ErrDiariumEntryNotFound.WithDetail("%s", n)
			}
			return DiariumPage{}, err
		}
		entry, ok := public.EntryOf(c, public.MarksOf(c))
		if !ok {
			return DiariumPage{}, ErrDiariumEntryNotFound.WithDetail("%s", n)
		}
		if matches(entry, c, f) {
			out.Entries, out.Total = append(out.Entries, entry), 1
		}
		return out, nil
	}
	cs, total, err := e.store.ListRegistry(ctx, f)
	if err != nil {
		return DiariumPage{}, err
	}
	out.Total = total
	for _, c := range cs {
		if entry, ok := public.EntryOf(c, public.MarksOf(c)); ok {
			out.Entries = append(out.Entries, entry)
		}
	}
	return out, nil
}

// matches applies the filters other than the number to the entry found by
// its number (its page is always the first).
func matches(entry public.Entry, c cases.Case, f cases.RegistryFilter) bool {
	if f.Boards != nil && entry.Board != f.Boards[0] {
		return false
	}
	if (!f.From.IsZero() && entry.RegisteredOn.Before(f.From)) || (!f.To.IsZero() && entry.RegisteredOn.After(f.To)) {
		return false
	}
	if f.Page > 1 {
		return false
	}
	text := strings.ToLower(public.SearchText(c))
	for _, w := range store.TextWords(strings.ToLower(f.Text)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
