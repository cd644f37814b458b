package oparl

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// This file turns Samstyr's domain data into the input structs, asking
// internal/public what may be shown.

// seatRoles are the roles that make a user an elected member (Person).
var seatRoles = []identity.Role{identity.RoleOrdforande, identity.RoleViceOrdforande, identity.RoleLedamot, identity.RoleErsattare}

// BoardInput returns a board's input.
func BoardInput(b board.Board) BoardIn {
	in := BoardIn{Code: b.Code, Name: b.Name, Organisation: b.Organisation, Kind: string(b.Kind), Created: b.CreatedAt, Modified: b.CreatedAt}
	for _, m := range b.Members {
		in.Members = append(in.Members, MemberIn{Code: m.Code, Name: m.Name, Host: m.Host})
		for _, uc := range m.UserCounts {
			in.Modified = later(in.Modified, uc.RecordedAt)
		}
	}
	return in
}

// PersonInput returns a user as an elected member with their seats
// (on board, or on every board when board is ""), or false for a user
// with no seat: officials are not Persons.
func PersonInput(u identity.User, board string) (PersonIn, bool) {
	p := PersonIn{ID: u.ID, Name: u.Name, Created: u.CreatedAt, Modified: u.CreatedAt}
	for _, r := range u.Roles {
		if !slices.Contains(seatRoles, r.Role) || r.Board == identity.AllBoards || (board != "" && r.Board != board) {
			continue
		}
		p.Memberships = append(p.Memberships, MembershipIn{Board: r.Board, Role: string(r.Role), From: r.ValidFrom, To: r.ValidTo})
	}
	return p, len(p.Memberships) > 0
}

// DecisionInput returns a decision on an ärende.
func DecisionInput(c cases.Case, d cases.Decision, marks public.Marks) DecisionIn {
	in := DecisionIn{ID: d.ID, CaseID: c.ID, Reference: c.RegistrationNumber, CaseTitle: c.Title, CaseSecret: c.Secrecy != nil,
		TitleSpans: marks.Title, PaperPublic: public.Case(c), Kind: string(d.Kind), Clauses: d.Clauses, DeciderName: d.DeciderName,
		ActingRole: d.ActingRole, ActingAs: d.ActingAs, Point: d.PointCode, OrderID: d.OrderID, OrderVersion: d.OrderNumber,
		DecidedOn: d.DecidedOn, Signed: d.Signed(), Reported: public.Decision(d)}
	if d.Report != nil {
		in.ReportedIn, in.ReportedAt = d.Report.MeetingRef, d.Report.At
	}
	return in
}

// Lookup finds what a meeting refers to: users by username and ärenden by
// id (false when missing), and the secrecy markings of an ärende.
type Lookup struct {
	User  func(username string) (identity.User, bool)
	Case  func(id string) (cases.Case, bool)
	Marks func(c cases.Case) public.Marks
}

func (l Lookup) marks(c cases.Case) public.Marks {
	if l.Marks == nil {
		return public.Marks{}
	}
	return l.Marks(c)
}

func (l Lookup) person(username string) (string, string) {
	if u, ok := l.User(username); ok {
		if _, seat := PersonInput(u, ""); seat {
			return u.ID, u.Name
		}
		return "", u.Name
	}
	return "", username
}

// MeetingInput returns a meeting's input with only its public paragraphs
// (public.Paragraphs): nothing at all before justering.
func MeetingInput(m meeting.Meeting, l Lookup) MeetingIn {
	in := MeetingIn{ID: m.ID, Board: m.Board, StartsAt: m.StartsAt, Date: m.Date, Place: m.Place, Justerad: public.Meeting(m),
		JusteredOn: m.JusteredOn, AppealEnd: m.AppealEnd, Appealed: len(m.Appeals) > 0, Created: m.StartsAt, Modified: m.StartsAt}
	if !in.Justerad {
		return in
	}
	for _, j := range m.Justerare {
		_, name := l.person(j)
		in.Justerare = append(in.Justerare, name)
	}
	for _, s := range m.Seats {
		if s.Present {
			id, name := l.person(s.Username)
			in.Present = append(in.Present, ParticipantIn{PersonID: id, Name: name})
		}
	}
	for _, sig := range m.Signatures {
		in.Modified = later(in.Modified, sig.Signature.SignedAt)
	}
	for _, n := range m.Notices {
		in.Notices = append(in.Notices, NoticeIn{MemberCode: n.Member, MemberName: n.MemberName, PostedOn: n.PostedOn,
			StaysUntil: n.StaysUntil, Late: n.Late})
		in.Modified = later(in.Modified, time.Date(n.PostedOn.Year, n.PostedOn.Month, n.PostedOn.Day, 0, 0, 0, 0, platform.Stockholm))
	}
	for _, a := range m.Appeals {
		in.Modified = later(in.Modified, time.Date(a.ReceivedOn.Year, a.ReceivedOn.Month, a.ReceivedOn.Day, 0, 0, 0, 0, platform.Stockholm))
	}
	for _, p := range public.Paragraphs(m) {
		in.Paragraphs = append(in.Paragraphs, paragraphInput(p, l))
	}
	// The justerat protocol is allmän handling (TF 2:10): published as a
	// file, rendered with its public paragraphs only (public.Protocol).
	in.Protocol = &FileIn{Key: "protokoll", Name: "Protokoll " + m.Board + " " + m.Date.String(),
		FileName: "protokoll-" + m.Board + "-" + m.Date.String() + ".pdf", MimeType: "application/pdf", Date: m.JusteredOn,
		Direction: string(cases.DirInternal), Public: true, Created: in.Modified, Modified: in.Modified}
	return in
}

func paragraphInput(p meeting.Paragraph, l Lookup) ParagraphIn {
	in := ParagraphIn{No: p.No, Kind: p.Kind, Title: p.Title, Secret: p.Secret, CaseID: p.CaseID, Reference: p.RegistrationNumber,
		Outcome: string(p.Outcome), Clauses: p.Clauses, Immediate: p.Immediate, RecordedAt: p.RecordedAt}
	if p.CaseID != "" {
		c, ok := l.Case(p.CaseID)
		if !ok {
			in.CaseSecret = true // an ärende we cannot read: fail closed
		} else {
			in.CaseSecret, in.TitleSpans, in.PaperPublic = c.Secrecy != nil, l.marks(c).Title, public.Case(c)
		}
	}
	for _, v := range p.Votes {
		id, name := l.person(v.Username)
		in.Votes = append(in.Votes, VoteIn{PersonID: id, Name: name, Vote: v.Vote})
	}
	for _, r := range p.Reservations {
		id, name := l.person(r.Username)
		in.Reservations = append(in.Reservations, ReservationIn{PersonID: id, Name: name, Reason: r.Reason})
	}
	for _, id := range p.Decisions {
		caseID, no, err := cases.ParseDecisionID(id)
		if err != nil {
			continue
		}
		c, ok := l.Case(caseID)
		if !ok {
			continue
		}
		if d, ok := c.Decision(no); ok {
			in.Reported = append(in.Reported, DecisionInput(c, d, l.marks(c)))
		}
	}
	return in
}

// PaperInput returns an ärende's input: its public files and decisions,
// and the public paragraphs of meetings (of its board) that dealt with it
// (meetings may hold others: they are left out).
func PaperInput(c cases.Case, meetings []meeting.Meeting, marks public.Marks) PaperIn {
	in := PaperIn{ID: c.ID, Board: c.Board, Reference: c.RegistrationNumber, Title: c.Title, Public: public.Case(c),
		RegisteredOn: c.RegisteredOn, State: string(c.State), Created: c.RegisteredAt, Modified: c.UpdatedAt}
	if !in.Public {
		return in
	}
	if public.Memo(c) {
		in.Memo = &FileIn{Key: "memo", Name: "Tjänsteskrivelse", FileName: "tjansteskrivelse-" + strconv.Itoa(c.Memo.UpprattadRevision) + ".pdf",
			MimeType: "application/pdf", Date: platform.DateOf(*c.Memo.UpprattadAt), Direction: string(cases.DirInternal), Public: true,
			Created: *c.Memo.UpprattadAt, Modified: *c.Memo.UpprattadAt}
	}
	for _, d := range c.Documents {
		if public.Document(c, d) {
			in.Files = append(in.Files, FileIn{Key: strconv.Itoa(d.No), Name: d.Description, FileName: d.FileName, MimeType: d.ContentType,
				Date: d.Date, Size: d.Size, SHA256: d.SHA256, Direction: string(d.Direction), Public: true, Created: d.AddedAt, Modified: d.AddedAt})
		}
	}
	for _, d := range c.Decisions {
		in.Decisions = append(in.Decisions, DecisionInput(c, d, marks))
	}
	for _, m := range meetings {
		if m.Board != c.Board {
			continue
		}
		for _, p := range public.Paragraphs(m) {
			if p.Kind == "case" && p.CaseID == c.ID {
				in.Handled = append(in.Handled, HandledIn{MeetingID: m.ID, Board: m.Board, No: p.No, Outcome: string(p.Outcome)})
			}
		}
	}
	return in
}

// Stores are the reads DomainSource makes; Samstyr's stores have these
// methods. Each read is bounded by what one request returns: one object
// and what it refers to, or one page of a list.
type Stores struct {
	Boards interface {
		ListBoards(ctx context.Context) ([]board.Board, error)
	}
	Meetings interface {
		GetMeeting(ctx context.Context, id string) (meeting.Meeting, error)
		MeetingsHandling(ctx context.Context, caseIDs ...string) ([]meeting.Meeting, error)
		ListJusterade(ctx context.Context, board string, offset, limit int) ([]meeting.Meeting, int64, error)
		LatestJusterad(ctx context.Context, board string, before time.Time) (meeting.Meeting, bool, error)
	}
	Cases interface {
		Get(ctx context.Context, id string) (cases.Case, error)
		List(ctx context.Context, f cases.Filter) ([]cases.Case, int64, error)
		ListPublic(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]cases.Case, int64, error)
		ListPublicModified(ctx context.Context, board string, from, to time.Time) ([]cases.Case, error)
	}
	Users interface {
		// SeatHolders returns in username order the users with an
		// assignment of one of roles on board, at any time (others may
		// be among them: People keeps those with a seat).
		SeatHolders(ctx context.Context, board string, roles []identity.Role) ([]identity.User, error)
		// SeatHolderIDs returns, in any order, the ids of exactly the
		// users with an assignment of one of roles on board, at any
		// time: what a page of the board's people counts and windows.
		SeatHolderIDs(ctx context.Context, board string, roles []identity.Role) ([]string, error)
		User(ctx context.Context, id string) (identity.User, error)
		UserByUsername(ctx context.Context, username string) (identity.User, error)
	}
	// Marks returns the registrator's markings of an ärende's secret
	// parts; nil means none are recorded (a secret title then shows only
	// public.SecretMarker).
	Marks func(c cases.Case) public.Marks
}

// DomainSource is the Source over Samstyr's stores.
type DomainSource struct{ Stores Stores }

var (
	_ Source = DomainSource{}
	_ Pager  = DomainSource{}
)

// Boards lists every board.
func (d DomainSource) Boards(ctx context.Context) ([]BoardIn, error) {
	bs, err := d.Stores.Boards.ListBoards(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]BoardIn, 0, len(bs))
	for _, b := range bs {
		out = append(out, BoardInput(b))
	}
	return out, nil
}

// People lists the elected members of a board: the users the store
// names as holders of a seat role on it.
func (d DomainSource) People(ctx context.Context, board string) ([]PersonIn, error) {
	us, err := d.Stores.Users.SeatHolders(ctx, board, seatRoles)
	if err != nil {
		return nil, err
	}
	var out []PersonIn
	for _, u := range us {
		if p, ok := PersonInput(u, board); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// PersonPage returns the window [offset, offset+limit) of the board's
// elected members in list order (id), and how many there are: it reads
// the ids of the seat holders and the page's users, not every member.
func (d DomainSource) PersonPage(ctx context.Context, board string, offset, limit int) ([]PersonIn, int, error) {
	ids, err := d.Stores.Users.SeatHolderIDs(ctx, board, seatRoles)
	if err != nil {
		return nil, 0, err
	}
	slices.Sort(ids)
	var out []PersonIn
	for _, id := range ids[min(offset, len(ids)):min(offset+limit, len(ids))] {
		u, err := d.Stores.Users.User(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		if p, ok := PersonInput(u, board); ok {
			out = append(out, p)
		}
	}
	return out, len(ids), nil
}

// Person returns an elected member by id (ErrNotFound for anyone else).
func (d DomainSource) Person(ctx context.Context, id string) (PersonIn, error) {
	u, err := d.Stores.Users.User(ctx, id)
	if err != nil {
		return PersonIn{}, notFound(err)
	}
	if p, ok := PersonInput(u, ""); ok {
		return p, nil
	}
	return PersonIn{}, ErrNotFound
}

// lookup reads what meetings refer to, each user and ärende once per
// request, and only those referred to.
func (d DomainSource) lookup(ctx context.Context) Lookup {
	users := map[string]identity.User{}
	known := map[string]bool{}
	cs := map[string]cases.Case{}
	found := map[string]bool{}
	return Lookup{
		User: func(n string) (identity.User, bool) {
			if _, ok := known[n]; !ok {
				u, err := d.Stores.Users.UserByUsername(ctx, n)
				users[n], known[n] = u, err == nil
			}
			return users[n], known[n]
		},
		Case: func(id string) (cases.Case, bool) {
			if _, ok := found[id]; !ok {
				c, err := d.Stores.Cases.Get(ctx, id)
				cs[id], found[id] = c, err == nil
			}
			return cs[id], found[id]
		},
		Marks: d.Stores.Marks,
	}
}

// Meetings lists a board's justerade meetings (the others are not
// public), pageSize at a time.
func (d DomainSource) Meetings(ctx context.Context, board string) ([]MeetingIn, error) {
	l := d.lookup(ctx)
	var out []MeetingIn
	for {
		ms, total, err := d.Stores.Meetings.ListJusterade(ctx, board, len(out), pageSize)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, MeetingInput(m, l))
		}
		if len(ms) == 0 || int64(len(out)) >= total {
			return out, nil
		}
	}
}

// Meeting returns one meeting.
func (d DomainSource) Meeting(ctx context.Context, id string) (MeetingIn, error) {
	m, err := d.Stores.Meetings.GetMeeting(ctx, id)
	if err != nil {
		return MeetingIn{}, err
	}
	return MeetingInput(m, d.lookup(ctx)), nil
}

// MeetingPage returns one window of a board's justerade meetings in list
// order, and how many there are.
func (d DomainSource) MeetingPage(ctx context.Context, board string, offset, limit int) ([]MeetingIn, int, error) {
	ms, total, err := d.Stores.Meetings.ListJusterade(ctx, board, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	l := d.lookup(ctx)
	out := make([]MeetingIn, 0, len(ms))
	for _, m := range ms {
		out = append(out, MeetingInput(m, l))
	}
	return out, int(total), nil
}

// MeetingYears returns one year with a justerat meeting per legislative
// term that has one, newest first: one read per term.
func (d DomainSource) MeetingYears(ctx context.Context, board string) ([]int, error) {
	var years []int
	var before time.Time
	for {
		m, ok, err := d.Stores.Meetings.LatestJusterad(ctx, board, before)
		if err != nil || !ok {
			return years, err
		}
		years = append(years, m.Date.Year)
		before = time.Date(termStart(m.Date.Year), 1, 1, 0, 0, 0, 0, platform.Stockholm)
	}
}

// pageSize is how many ärenden or meetings Papers and Meetings read per
// store call.
const pageSize = 500

// Papers lists a board's ärenden.
func (d DomainSource) Papers(ctx context.Context, board string) ([]PaperIn, error) {
	var out []PaperIn
	for page := 1; ; page++ {
		cs, total, err := d.Stores.Cases.List(ctx, cases.Filter{Boards: []string{board}, Page: page, PerPage: pageSize})
		if err != nil {
			return nil, err
		}
		ps, err := d.papers(ctx, cs)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		if len(cs) == 0 || int64(page*pageSize) >= total {
			return out, nil
		}
	}
}

// PaperPage returns one window of a board's public ärenden in list order,
// registered within [from, to] where those are set, and how many there are.
func (d DomainSource) PaperPage(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]PaperIn, int, error) {
	cs, total, err := d.Stores.Cases.ListPublic(ctx, board, from, to, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	ps, err := d.papers(ctx, cs)
	return ps, int(total), err
}

// PapersModified returns a board's public ärenden modified within [from,
// to] where those are set.
func (d DomainSource) PapersModified(ctx context.Context, board string, from, to time.Time) ([]PaperIn, error) {
	var out []PaperIn
	cs, err := d.Stores.Cases.ListPublicModified(ctx, board, from, to)
	for len(cs) > 0 && err == nil {
		n := min(len(cs), pageSize)
		var ps []PaperIn
		ps, err = d.papers(ctx, cs[:n])
		out, cs = append(out, ps...), cs[n:]
	}
	return out, err
}

// papers returns the inputs of ärenden, with the meetings that dealt with
// them read once for all.
func (d DomainSource) papers(ctx context.Context, cs []cases.Case) ([]PaperIn, error) {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	ms, err := d.Stores.Meetings.MeetingsHandling(ctx, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]PaperIn, 0, len(cs))
	for _, c := range cs {
		out = append(out, PaperInput(c, ms, d.marks(c)))
	}
	return out, nil
}

// Paper returns one ärende.
func (d DomainSource) Paper(ctx context.Context, id string) (PaperIn, error) {
	c, err := d.Stores.Cases.Get(ctx, id)
	if err != nil {
		return PaperIn{}, err
	}
	ms, err := d.Stores.Meetings.MeetingsHandling(ctx, c.ID)
	if err != nil {
		return PaperIn{}, err
	}
	return PaperInput(c, ms, d.marks(c)), nil
}

func (d DomainSource) marks(c cases.Case) public.Marks {
	if d.Stores.Marks == nil {
		return public.Marks{}
	}
	return d.Stores.Marks(c)
}
