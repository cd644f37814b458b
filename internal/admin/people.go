package admin

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/paging"
)

// Paging of the people list.
const (
	// DefaultPeoplePerPage is the page size when none is asked for.
	DefaultPeoplePerPage = 50
	// MaxPeoplePerPage is the largest page size a client may ask for.
	MaxPeoplePerPage = 200
	// maxPeoplePage bounds the page number, so that its offset cannot
	// overflow.
	maxPeoplePage = 100000
	// maxPeopleText bounds the search text, in characters.
	maxPeopleText = 200
)

// PeopleQuery asks for one page of the people list as a client sends it
// (the API's q, page and per_page, the web page's q and sida), unparsed,
// so that the API and the web answer a malformed one alike. Empty fields
// take the defaults: every person, page 1, DefaultPeoplePerPage a page.
type PeopleQuery struct {
	// Text is searched in every person's name and username, case
	// insensitively (ÅSA finds Åsa).
	Text          string
	Page, PerPage string
}

// PeoplePage is one page of the people list: the people in username
// order, how many match in all, and the page answered.
type PeoplePage struct {
	People        []identity.User
	Total         int64
	Page, PerPage int
}

// Pages is how many pages the matches fill (at least 1).
func (p PeoplePage) Pages() int { return paging.Count(p.Total, p.PerPage) }

// errPeopleQuery is the fault of a malformed people query; its fields
// name each bad parameter.
var errPeopleQuery = fault.New(fault.Invalid, "invalid_parameter")

// People returns one page of the accounts whose name or username contains
// q.Text, in username order, and how many match (an administrator or a
// revisor). It reads that page and a count, never every person. A
// malformed page, page size or search text is invalid_parameter naming
// it (page, per_page, q).
func (s *Service) People(ctx context.Context, u identity.User, q PeopleQuery) (PeoplePage, error) {
	if err := s.requireAuditor(u); err != nil {
		return PeoplePage{}, err
	}
	var fs fault.Fields
	page := paging.Number(&fs, "page", q.Page, 1, maxPeoplePage)
	per := paging.Number(&fs, "per_page", q.PerPage, DefaultPeoplePerPage, MaxPeoplePerPage)
	text := strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(text) > maxPeopleText || strings.ContainsFunc(text, unicode.IsControl) {
		fs.Add("q", "invalid_parameter")
	}
	if len(fs) > 0 {
		f := *errPeopleQuery
		f.Fields = fs
		return PeoplePage{}, &f
	}
	us, total, err := s.id.FindUsers(ctx, identity.UserFilter{Text: text, Offset: (page - 1) * per, Limit: per})
	if err != nil {
		return PeoplePage{}, err
	}
	return PeoplePage{People: us, Total: total, Page: page, PerPage: per}, nil
}
