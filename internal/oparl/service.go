package oparl

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
)

// Source is what the API reads. Its methods return every item of the
// kind; the Service applies the public policy, sorts and pages. A missing
// item is fault.NotFound.
type Source interface {
	Boards(ctx context.Context) ([]BoardIn, error)
	People(ctx context.Context, board string) ([]PersonIn, error) // people with a seat on the board
	Person(ctx context.Context, id string) (PersonIn, error)
	Meetings(ctx context.Context, board string) ([]MeetingIn, error)
	Meeting(ctx context.Context, id string) (MeetingIn, error)
	Papers(ctx context.Context, board string) ([]PaperIn, error)
	Paper(ctx context.Context, id string) (PaperIn, error)
}

// Pager is a Source that reads one window of a body's lists itself, in
// list order, so that a list page reads that page and not the body's
// whole history. The Service uses it when the Source has it and the
// filters allow (meetingPage, paperPage); it returns the same pages as the Source's
// whole lists would.
type Pager interface {
	// MeetingPage returns the window [offset, offset+limit) of the
	// board's justerade meetings in list order (start, then id), and how
	// many there are.
	MeetingPage(ctx context.Context, board string, offset, limit int) ([]MeetingIn, int, error)
	// PaperPage returns the window of the board's public ärenden in list
	// order (registration date, diarienummer, id) created (registered)
	// within [from, to] where those are set, and how many there are.
	PaperPage(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]PaperIn, int, error)
	// PapersModified returns the board's public ärenden modified within
	// [from, to] where those are set, in any order.
	PapersModified(ctx context.Context, board string, from, to time.Time) ([]PaperIn, error)
	// PersonPage returns the window [offset, offset+limit) of the
	// board's elected members in list order (id), and how many there
	// are.
	PersonPage(ctx context.Context, board string, offset, limit int) ([]PersonIn, int, error)
	// MeetingYears returns at least one year of a justerat meeting of
	// each legislative term that has one, newest term first.
	MeetingYears(ctx context.Context, board string) ([]int, error)
}

// Service answers the read-only OParl API: Get returns the object or list
// page at a path, File resolves a file download. One route in the API
// serves every path through it.
type Service struct {
	Site   Site
	Source Source
	// PerPage is the page size of lists (default 100, OParl's
	// recommendation); a client's limit may only lower it.
	PerPage int
}

// Faults of the OParl API.
var (
	ErrNotFound = fault.New(fault.NotFound, "oparl_not_found")
	ErrBadQuery = fault.New(fault.Invalid, "invalid_parameter")
)

// MaxPerPage caps the page size.
const MaxPerPage = 100

// Get returns the object or list page at path (relative to Site.Base,
// e.g. "/body/ITN/meeting"), filtered by the OParl list parameters in q.
// Anything not public is ErrNotFound, exactly like anything that does not
// exist.
func (s *Service) Get(ctx context.Context, path string, q url.Values) (any, error) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 1 && parts[0] == "" {
		parts = []string{"system"}
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return nil, ErrNotFound
		}
	}
	// omit_internal is the one parameter an object (not a list) takes:
	// anything but true or false is refused, as on a list.
	switch q.Get("omit_internal") {
	case "", "false", "true":
	default:
		e := *ErrBadQuery
		e.Fields = fault.Fields{{Field: "omit_internal", Code: "invalid_parameter"}}
		return nil, &e
	}
	switch parts[0] {
	case "system":
		if len(parts) == 1 {
			return s.system(ctx)
		}
	case "body":
		return s.body(ctx, parts[1:], q)
	case "organization":
		if len(parts) == 2 {
			b, err := s.board(ctx, parts[1])
			if err != nil {
				return nil, err
			}
			people, err := s.Source.People(ctx, b.Code)
			if err != nil {
				return nil, err
			}
			return s.Site.Organization(b, people), nil
		}
	case "person":
		if len(parts) == 2 {
			p, err := s.Source.Person(ctx, parts[1])
			if err != nil || len(p.Memberships) == 0 {
				return nil, notFound(err)
			}
			return s.Site.Person(p), nil
		}
	case "membership":
		if len(parts) == 5 {
			return s.membership(ctx, parts[1:])
		}
	case "meeting":
		return s.meeting(ctx, parts[1:], q)
	case "paper":
		return s.paper(ctx, parts[1:], q)
	}
	return nil, ErrNotFound
}

// notFound turns a store's NotFound into ErrNotFound and keeps other
// errors (nil becomes ErrNotFound: the item exists but is not public).
func notFound(err error) error {
	if err == nil || fault.From(err).Kind == fault.NotFound {
		return ErrNotFound
	}
	return err
}

func (s *Service) system(ctx context.Context) (any, error) {
	boards, err := s.Source.Boards(ctx)
	if err != nil {
		return nil, err
	}
	var created, modified time.Time
	for _, b := range boards {
		if created.IsZero() || b.Created.Before(created) {
			created = b.Created
		}
		modified = later(modified, b.Modified)
	}
	return s.Site.System(created, modified), nil
}

func (s *Service) board(ctx context.Context, code string) (BoardIn, error) {
	boards, err := s.Source.Boards(ctx)
	if err != nil {
		return BoardIn{}, err
	}
	for _, b := range boards {
		if b.Code == code {
			return b, nil
		}
	}
	return BoardIn{}, ErrNotFound
}

func (s *Service) body(ctx context.Context, parts []string, q url.Values) (any, error) {
	if len(parts) == 0 {
		boards, err := s.Source.Boards(ctx)
		if err != nil {
			return nil, err
		}
		items := make([]item, 0, len(boards))
		for _, b := range boards {
			body, err := s.bodyObject(ctx, b)
			if err != nil {
				return nil, err
			}
			items = append(items, item{key: b.Code, created: b.Created, modified: b.Modified, obj: body})
		}
		return s.page(s.Site.url("body"), items, q)
	}
	b, err := s.board(ctx, parts[0])
	if err != nil {
		return nil, err
	}
	if len(parts) == 1 {
		return s.bodyObject(ctx, b)
	}
	list := s.Site.url("body", b.Code, parts[1])
	switch {
	case len(parts) == 2 && parts[1] == "organization":
		people, err := s.Source.People(ctx, b.Code)
		if err != nil {
			return nil, err
		}
		return s.page(list, []item{{key: b.Code, created: b.Created, modified: b.Modified, obj: s.Site.Organization(b, people)}}, q)
	case len(parts) == 2 && parts[1] == "person":
		if pg, ok := s.Source.(Pager); ok {
			return s.personPage(ctx, pg, list, b, q)
		}
		people, err := s.Source.People(ctx, b.Code)
		if err != nil {
			return nil, err
		}
		return s.page(list, s.personItems(people), q)
	case len(parts) == 2 && parts[1] == "meeting":
		if pg, ok := s.Source.(Pager); ok {
			return s.meetingPage(ctx, pg, list, b, q)
		}
		ms, err := s.Source.Meetings(ctx, b.Code)
		if err != nil {
			return nil, err
		}
		return s.page(list, s.meetingItems(ms, b, q.Get("omit_internal") == "true"), q)
	case len(parts) == 2 && parts[1] == "paper":
		if pg, ok := s.Source.(Pager); ok {
			return s.paperPage(ctx, pg, list, b, q)
		}
		ps, err := s.Source.Papers(ctx, b.Code)
		if err != nil {
			return nil, err
		}
		return s.page(list, s.paperItems(ps, q.Get("omit_internal") == "true"), q)
	case len(parts) == 3 && parts[1] == "term":
		body, err := s.bodyObject(ctx, b)
		if err != nil {
			return nil, err
		}
		for _, t := range body.LegislativeTerm {
			if strings.HasSuffix(t.ID, "/"+parts[2]) {
				return t, nil
			}
		}
	}
	return nil, ErrNotFound
}

func (s *Service) bodyObject(ctx context.Context, b BoardIn) (Body, error) {
	if pg, ok := s.Source.(Pager); ok {
		years, err := pg.MeetingYears(ctx, b.Code)
		if err != nil {
			return Body{}, err
		}
		return s.Site.Body(b, years), nil
	}
	ms, err := s.Source.Meetings(ctx, b.Code)
	if err != nil {
		return Body{}, err
	}
	var years []int
	for _, m := range ms {
		if m.Justerad {
			years = append(years, m.Date.Year)
		}
	}
	return s.Site.Body(b, years), nil
}

func (s *Service) membership(ctx context.Context, parts []string) (any, error) {
	p, err := s.Source.Person(ctx, parts[0])
	if err != nil {
		return nil, notFound(err)
	}
	for _, m := range p.Memberships {
		if m.Board == parts[1] && m.Role == parts[2] && m.From.String() == parts[3] {
			return s.Site.Membership(p, m, false), nil
		}
	}
	return nil, ErrNotFound
}

func (s *Service) meeting(ctx context.Context, parts []string, q url.Values) (any, error) {
	if len(parts) == 0 {
		return nil, ErrNotFound
	}
	m, err := s.Source.Meeting(ctx, parts[0])
	if err != nil || !m.Justerad {
		return nil, notFound(err)
	}
	b, err := s.board(ctx, m.Board)
	if err != nil {
		return nil, err
	}
	switch {
	case len(parts) == 1:
		obj, _ := s.Site.Meeting(m, b.Name, q.Get("omit_internal") == "true")
		return obj, nil
	case len(parts) == 2 && parts[1] == "location" && strings.TrimSpace(m.Place) != "":
		return s.Site.Location(m), nil
	case len(parts) == 3 && (parts[1] == "agenda-item" || parts[1] == "consultation"):
		no, err := strconv.Atoi(parts[2])
		if err != nil || strconv.Itoa(no) != parts[2] {
			return nil, ErrNotFound
		}
		p, ok := paragraph(m, no)
		if !ok {
			return nil, ErrNotFound
		}
		if parts[1] == "agenda-item" {
			obj, _ := s.Site.AgendaItem(m, p, false)
			return obj, nil
		}
		if obj, ok := s.Site.Consultation(m, p, false); ok {
			return obj, nil
		}
	case len(parts) == 3 && parts[1] == "file" && parts[2] == "protokoll" && m.Protocol != nil && m.Protocol.Public:
		f := s.Site.file(s.Site.MeetingURL(m.ID), *m.Protocol)
		f.Meeting = []string{s.Site.MeetingURL(m.ID)}
		return f, nil
	}
	return nil, ErrNotFound
}

func (s *Service) paper(ctx context.Context, parts []string, q url.Values) (any, error) {
	if len(parts) == 0 {
		return nil, ErrNotFound
	}
	p, err := s.Source.Paper(ctx, parts[0])
	if err != nil || !p.Public {
		return nil, notFound(err)
	}
	switch {
	case len(parts) == 1:
		obj, _ := s.Site.Paper(p, q.Get("omit_internal") == "true")
		return obj, nil
	case len(parts) == 3 && parts[1] == "file":
		if f, ok := paperFile(p, parts[2]); ok {
			out := s.Site.file(s.Site.PaperURL(p.ID), f)
			out.Paper = []string{s.Site.PaperURL(p.ID)}
			return out, nil
		}
	}
	return nil, ErrNotFound
}

func paperFile(p PaperIn, key string) (FileIn, bool) {
	if key == "memo" && p.Memo != nil && p.Memo.Public {
		return *p.Memo, true
	}
	for _, f := range p.Files {
		if f.Key == key && f.Public {
			return f, true
		}
	}
	return FileIn{}, false
}

// FileRef names a public file to send: the ärende's tjänsteskrivelse
// (Memo), one of its handlingar (DocumentNo), or a meeting's public
// protocol (MeetingID).
type FileRef struct {
	CaseID     string
	Memo       bool
	DocumentNo int
	MeetingID  string
	File       FileIn
	Download   bool // …/download: send as an attachment
}

// File resolves the path of a file's bytes (".../file/{key}/access" or
// ".../download") to what the API must send, checking that the file is
// public. The API then reads the bytes and sends them: inline for access,
// as an attachment for download (OParl "Dateizugriffe").
func (s *Service) File(ctx context.Context, path string) (FileRef, error) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 5 || parts[2] != "file" || (parts[4] != "access" && parts[4] != "download") {
		return FileRef{}, ErrNotFound
	}
	ref := FileRef{Download: parts[4] == "download"}
	switch parts[0] {
	case "paper":
		p, err := s.Source.Paper(ctx, parts[1])
		if err != nil || !p.Public {
			return FileRef{}, notFound(err)
		}
		f, ok := paperFile(p, parts[3])
		if !ok {
			return FileRef{}, ErrNotFound
		}
		ref.CaseID, ref.File = p.ID, f
		if f.Key == "memo" {
			ref.Memo = true
		} else if ref.DocumentNo, _ = strconv.Atoi(f.Key); ref.DocumentNo < 1 {
			return FileRef{}, ErrNotFound
		}
		return ref, nil
	case "meeting":
		m, err := s.Source.Meeting(ctx, parts[1])
		if err != nil || !m.Justerad {
			return FileRef{}, notFound(err)
		}
		if parts[3] != "protokoll" || m.Protocol == nil || !m.Protocol.Public {
			return FileRef{}, ErrNotFound
		}
		ref.MeetingID, ref.File = m.ID, *m.Protocol
		return ref, nil
	}
	return FileRef{}, ErrNotFound
}

// item is one object of a list with what the filters and the order need.
type item struct {
	key               string // stable order
	created, modified time.Time
	obj               any
}

// ListQuery is a list request's parameters: the page and the OParl
// filters created_since, created_until, modified_since, modified_until
// (full date-times) and limit.
type ListQuery struct {
	Page                                                     int
	Limit                                                    int
	CreatedSince, CreatedUntil, ModifiedSince, ModifiedUntil time.Time
	OmitInternal                                             bool
}

// ParseListQuery reads and checks the list parameters; a malformed one is
// ErrBadQuery naming the parameter.
func ParseListQuery(q url.Values) (ListQuery, error) {
	var lq ListQuery
	var fs fault.Fields
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fs.Add("page", "invalid_parameter")
		}
		lq.Page = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fs.Add("limit", "invalid_parameter")
		}
		lq.Limit = n
	}
	for name, dst := range map[string]*time.Time{"created_since": &lq.CreatedSince, "created_until": &lq.CreatedUntil,
		"modified_since": &lq.ModifiedSince, "modified_until": &lq.ModifiedUntil} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fs.Add(name, "invalid_parameter")
			}
			*dst = t
		}
	}
	switch q.Get("omit_internal") {
	case "", "false":
	case "true":
		lq.OmitInternal = true
	default:
		fs.Add("omit_internal", "invalid_parameter")
	}
	if len(fs) > 0 {
		e := *ErrBadQuery
		e.Fields = fs
		return ListQuery{}, &e
	}
	if lq.Page == 0 {
		lq.Page = 1
	}
	return lq, nil
}

// encode writes the query back in one canonical order, for links.
func (lq ListQuery) encode(page int) string {
	v := url.Values{}
	set := func(name string, t time.Time) {
		if !t.IsZero() {
			v.Set(name, dateTime(t))
		}
	}
	set("created_since", lq.CreatedSince)
	set("created_until", lq.CreatedUntil)
	set("modified_since", lq.ModifiedSince)
	set("modified_until", lq.ModifiedUntil)
	if lq.Limit > 0 {
		v.Set("limit", strconv.Itoa(lq.Limit))
	}
	if lq.OmitInternal {
		v.Set("omit_internal", "true")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode() // Encode sorts by key: one canonical URL per page
}

// filtered reports whether lq filters on the modified time, or (with
// created) on the created time too.
func (lq ListQuery) filtered(created bool) bool {
	return !lq.ModifiedSince.IsZero() || !lq.ModifiedUntil.IsZero() ||
		created && (!lq.CreatedSince.IsZero() || !lq.CreatedUntil.IsZero())
}

func (lq ListQuery) keep(it item) bool {
	in := func(t, since, until time.Time) bool {
		return (since.IsZero() || !t.Before(since)) && (until.IsZero() || !t.After(until))
	}
	return in(it.created, lq.CreatedSince, lq.CreatedUntil) && in(it.modified, lq.ModifiedSince, lq.ModifiedUntil)
}

// page filters, sorts (by a stable key) and pages items under list.
func (s *Service) page(list string, items []item, q url.Values) (List, error) {
	lq, err := ParseListQuery(q)
	if err != nil {
		return List{}, err
	}
	var kept []item
	for _, it := range items {
		if lq.keep(it) {
			kept = append(kept, it)
		}
	}
	sortItems(kept)
	w, err := s.window(lq, len(kept))
	if err != nil {
		return List{}, err
	}
	objs := make([]any, 0, w.to-w.from)
	for _, it := range kept[w.from:w.to] {
		objs = append(objs, it.obj)
	}
	return w.list(list, lq, objs), nil
}

// window is the part of a list of total items that one page shows.
type window struct {
	per, pages, total int
	from, to          int
}

// perPage is the page size of a list: the Service's, lowered by the
// client's limit.
func (s *Service) perPage(lq ListQuery) int {
	per := s.PerPage
	if per <= 0 || per > MaxPerPage {
		per = MaxPerPage
	}
	if lq.Limit > 0 && lq.Limit < per {
		per = lq.Limit
	}
	return per
}

// window returns the page lq asks for of a list of total items, or
// ErrNotFound past the last page.
func (s *Service) window(lq ListQuery, total int) (window, error) {
	per := s.perPage(lq)
	pages := max((total+per-1)/per, 1)
	if lq.Page > pages {
		return window{}, ErrNotFound
	}
	from := (lq.Page - 1) * per
	return window{per: per, pages: pages, total: total, from: from, to: min(from+per, total)}, nil
}

// list is the page of the list at URL list holding objs.
func (w window) list(list string, lq ListQuery, objs []any) List {
	out := List{Data: objs, Pagination: Pagination{TotalElements: w.total, ElementsPerPage: w.per, CurrentPage: lq.Page, TotalPages: w.pages},
		Links: Links{First: list + lq.encode(1), Self: list + lq.encode(lq.Page), Last: list + lq.encode(w.pages)}}
	if out.Data == nil {
		out.Data = []any{}
	}
	if lq.Page > 1 {
		out.Links.Prev = list + lq.encode(lq.Page-1)
	}
	if lq.Page < w.pages {
		out.Links.Next = list + lq.encode(lq.Page+1)
	}
	return out
}

// meetingPage is a page of a body's meetings read through the Pager: the
// page's meetings and their count. A created or modified filter needs
// what only the whole list has (a meeting's modified comes from its
// signatures, notices and appeals), so it reads the whole list.
func (s *Service) meetingPage(ctx context.Context, pg Pager, list string, b BoardIn, q url.Values) (List, error) {
	lq, err := ParseListQuery(q)
	if err != nil {
		return List{}, err
	}
	if lq.filtered(true) {
		ms, err := s.Source.Meetings(ctx, b.Code)
		if err != nil {
			return List{}, err
		}
		return s.page(list, s.meetingItems(ms, b, lq.OmitInternal), q)
	}
	per := s.perPage(lq)
	if lq.Page-1 > maxOffset/per {
		return List{}, ErrNotFound
	}
	ms, total, err := pg.MeetingPage(ctx, b.Code, (lq.Page-1)*per, per)
	if err != nil {
		return List{}, err
	}
	return s.pagedList(list, lq, total, s.meetingItems(ms, b, lq.OmitInternal))
}

// personPage is a page of a body's elected members read through the
// Pager. A created or modified filter (a person's are the user's
// creation) reads the whole list, as without a Pager.
func (s *Service) personPage(ctx context.Context, pg Pager, list string, b BoardIn, q url.Values) (List, error) {
	lq, err := ParseListQuery(q)
	if err != nil {
		return List{}, err
	}
	if lq.filtered(true) {
		people, err := s.Source.People(ctx, b.Code)
		if err != nil {
			return List{}, err
		}
		return s.page(list, s.personItems(people), q)
	}
	per := s.perPage(lq)
	if lq.Page-1 > maxOffset/per {
		return List{}, ErrNotFound
	}
	people, total, err := pg.PersonPage(ctx, b.Code, (lq.Page-1)*per, per)
	if err != nil {
		return List{}, err
	}
	return s.pagedList(list, lq, total, s.personItems(people))
}

// personItems are the people with a membership as list items, keyed by id.
func (s *Service) personItems(people []PersonIn) []item {
	var items []item
	for _, p := range people {
		if len(p.Memberships) > 0 {
			items = append(items, item{key: p.ID, created: p.Created, modified: p.Modified, obj: s.Site.Person(p)})
		}
	}
	return items
}

// paperPage is a page of a body's ärenden read through the Pager. The
// created filters are the registration time, which the Pager filters on;
// a modified filter reads the ärenden modified in its range (what a
// client that synchronises asks for), and pages them here.
func (s *Service) paperPage(ctx context.Context, pg Pager, list string, b BoardIn, q url.Values) (List, error) {
	lq, err := ParseListQuery(q)
	if err != nil {
		return List{}, err
	}
	if lq.filtered(false) {
		ps, err := pg.PapersModified(ctx, b.Code, lq.ModifiedSince, lq.ModifiedUntil)
		if err != nil {
			return List{}, err
		}
		return s.page(list, s.paperItems(ps, lq.OmitInternal), q)
	}
	per := s.perPage(lq)
	if lq.Page-1 > maxOffset/per {
		return List{}, ErrNotFound
	}
	ps, total, err := pg.PaperPage(ctx, b.Code, lq.CreatedSince, lq.CreatedUntil, (lq.Page-1)*per, per)
	if err != nil {
		return List{}, err
	}
	return s.pagedList(list, lq, total, s.paperItems(ps, lq.OmitInternal))
}

// maxOffset bounds the offset a Pager is asked for: no list is longer,
// so a page beyond it is past the end (and its offset cannot overflow).
const maxOffset = 1 << 31

// pagedList is the page lq asks for of a list of total items, holding
// items (that page, read by a Pager).
func (s *Service) pagedList(list string, lq ListQuery, total int, items []item) (List, error) {
	w, err := s.window(lq, total)
	if err != nil {
		return List{}, err
	}
	objs := make([]any, 0, len(items))
	for _, it := range items {
		objs = append(objs, it.obj)
	}
	return w.list(list, lq, objs), nil
}

// meetingItems are the public meetings of ms as list items.
func (s *Service) meetingItems(ms []MeetingIn, b BoardIn, omit bool) []item {
	var items []item
	for _, m := range ms {
		if obj, ok := s.Site.Meeting(m, b.Name, omit); ok {
			items = append(items, item{key: m.StartsAt.UTC().Format(time.RFC3339) + m.ID, created: m.Created, modified: m.Modified, obj: obj})
		}
	}
	return items
}

// paperItems are the public ärenden of ps as list items, keyed by
// registration date, diarienummer and id (NUL-separated, so that the key
// orders as the three fields do).
func (s *Service) paperItems(ps []PaperIn, omit bool) []item {
	var items []item
	for _, p := range ps {
		if obj, ok := s.Site.Paper(p, omit); ok {
			items = append(items, item{key: p.RegisteredOn.String() + "\x00" + p.Reference + "\x00" + p.ID, created: p.Created, modified: p.Modified, obj: obj})
		}
	}
	return items
}

func sortItems(items []item) {
	slices.SortStableFunc(items, func(a, b item) int { return strings.Compare(a.key, b.key) })
}

// IsNotFound reports whether err means "no such public object".
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
