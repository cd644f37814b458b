package oparl

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/internal/signing"
)

// The fixture is Ölands IT-nämnd from the seed: the joint board of
// Borgholm and Mörbylånga, its elected members, a justerat meeting on
// 12 March 2026 with an open decision on the agreements with the
// municipal companies (A16), a secret paragraph, a paragraph on a
// sekretessmarkerat ärende, and the report of delegation decisions; a
// planned meeting; and the ärenden behind them.

// Strings that must never appear in a public response.
var secrets = []string{
	"Bo Berglund",            // the secret paragraph's ärende
	"Personalärende",         // its title
	"Anna Andersson",         // the marked part of a secret ärende's title
	"121212-1212",            // a personnummer in a counterpart
	"Läkarintyg",             // a secret handling
	"omplacering",            // the clause of a decision on a secret ärende
	"Inte anmält beslut",     // a decision not yet reported
	"Planerad dagordning",    // the planned meeting's agenda
	"Internt arbetsmaterial", // an internal handling of an open ärende
	"ledamot-mbl",            // login names are not published …
	"ersattare-mbl",
	"Maria Holm", // … nor are officials who hold no seat
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, platform.Stockholm)

func user(id, username, name string, roles ...identity.Role) identity.User {
	u := identity.User{ID: id, Username: username, Name: name, CreatedAt: t0.Add(-48 * time.Hour)}
	for _, r := range roles {
		u.Roles = append(u.Roles, identity.RoleAssignment{Board: demo.BoardCode, Role: r, ValidFrom: platform.MustParseDate("2023-01-01"), ValidTo: platform.MustParseDate("2026-12-31")})
	}
	return u
}

func signed(by string, at time.Time) []signing.Signature {
	return []signing.Signature{{Method: "samstyr-ed25519", SignerID: by, SignedAt: at}}
}

type fixture struct {
	boards   []board.Board
	users    []identity.User
	meetings []meeting.Meeting
	cases    []cases.Case
	marks    map[string]public.Marks
}

func newFixture() *fixture {
	f := &fixture{marks: map[string]public.Marks{}}
	f.boards = []board.Board{demo.Board(platform.NewManualClock(t0.Add(-72 * time.Hour)))}
	f.users = []identity.User{
		user("01900000-0000-7000-8000-000000000001", "ordforande", "Anna Lindqvist", identity.RoleOrdforande, identity.RoleLedamot),
		user("01900000-0000-7000-8000-000000000002", "vice-ordforande", "Erik Johansson", identity.RoleViceOrdforande, identity.RoleLedamot),
		user("01900000-0000-7000-8000-000000000003", "ledamot-mbl", "Sofia Ekström", identity.RoleLedamot),
		user("01900000-0000-7000-8000-000000000004", "ledamot-bhm", "Johan Petersson", identity.RoleLedamot),
		user("01900000-0000-7000-8000-000000000005", "ersattare-mbl", "Lena Ström", identity.RoleErsattare),
		user("01900000-0000-7000-8000-000000000006", "sekreterare", "Maria Holm", identity.RoleSekreterare),
		user("01900000-0000-7000-8000-000000000007", "it-chef", "Karin Berg", identity.RoleForvaltningschef),
	}
	decided := t0.Add(24 * time.Hour)
	reported := &cases.Report{MeetingRef: "ITN 2026-03-12 § 10", At: time.Date(2026, 3, 16, 10, 0, 0, 0, platform.Stockholm), By: "sekreterare"}
	upp := time.Date(2026, 3, 5, 14, 0, 0, 0, platform.Stockholm)
	open := cases.Case{ID: "01950000-0000-7000-8000-00000000000a", Board: "ITN", Year: 2026, Seq: 3, RegistrationNumber: "ITN 2026/3",
		Title: "Avtal med MBAB, BHEM, ÖBAB och BEAB om IT-tjänster 2026", Counterpart: "Mörbylånga Bostads AB",
		RegisteredOn: platform.MustParseDate("2026-03-02"), RegisteredAt: t0, UpdatedAt: upp, State: cases.StateDecided,
		Memo: &cases.MemoHead{Revision: 2, UpprattadAt: &upp, UpprattadRevision: 2, UpprattadReason: "expedierad"},
		Documents: []cases.Document{
			{No: 1, Direction: cases.DirIncoming, Date: platform.MustParseDate("2026-03-02"), Party: "Mörbylånga Bostads AB",
				Description: "Offert IT-tjänster", FileName: "offert.pdf", ContentType: "application/pdf", Size: 48213,
				SHA256: "9f2c1f0a6b7c4e3d2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f", AddedAt: t0},
			{No: 2, Direction: cases.DirInternal, Date: platform.MustParseDate("2026-03-03"), Description: "Internt arbetsmaterial",
				FileName: "pm.docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: 1200, AddedAt: t0},
			{No: 3, Direction: cases.DirIncoming, Date: platform.MustParseDate("2026-03-04"), Description: "Läkarintyg", FileName: "intyg.pdf",
				ContentType: "application/pdf", Size: 900, Secrecy: &cases.Secrecy{Reference: "OSL 25 kap. 1 §", Date: platform.MustParseDate("2026-03-04")}, AddedAt: t0},
		},
		Decisions: []cases.Decision{
			{ID: "01950000-0000-7000-8000-00000000000a-b1", No: 1, Kind: cases.KindDelegation, Intro: "Ordföranden beslutar",
				Clauses: []string{"att teckna avtal med MBAB om drift av verksamhetssystem 2026"}, DeciderID: "01900000-0000-7000-8000-000000000001",
				DeciderName: "Anna Lindqvist", ActingRole: "ordforande", ActingAs: "delegate", PointCode: "A16", OrderID: "order-itn-2025",
				OrderNumber: 2, DecidedAt: decided, DecidedOn: platform.DateOf(decided),
				Signatures: signed("01900000-0000-7000-8000-000000000001", decided), Report: reported},
			{ID: "01950000-0000-7000-8000-00000000000a-b2", No: 2, Kind: cases.KindDelegation, Clauses: []string{"Inte anmält beslut"},
				DeciderID: "01900000-0000-7000-8000-000000000001", DeciderName: "Anna Lindqvist", PointCode: "A16", OrderID: "order-itn-2025",
				OrderNumber: 2, DecidedAt: decided, DecidedOn: platform.DateOf(decided), Signatures: signed("01900000-0000-7000-8000-000000000001", decided)},
		}}
	secretMarked := cases.Case{ID: "01950000-0000-7000-8000-00000000000b", Board: "ITN", Year: 2026, Seq: 4, RegistrationNumber: "ITN 2026/4",
		Title: "Begäran om rättelse av IT-konto från Anna Andersson", Counterpart: "Anna Andersson, 121212-1212",
		RegisteredOn: platform.MustParseDate("2026-03-03"), RegisteredAt: t0.Add(24 * time.Hour), UpdatedAt: t0.Add(48 * time.Hour), State: cases.StateDecided,
		Secrecy: &cases.Secrecy{Reference: "OSL 21 kap. 1 §", Date: platform.MustParseDate("2026-03-03")},
		Documents: []cases.Document{{No: 1, Direction: cases.DirIncoming, Date: platform.MustParseDate("2026-03-03"), Party: "Anna Andersson",
			Description: "Skrivelse från Anna Andersson", FileName: "skrivelse.pdf", ContentType: "application/pdf", AddedAt: t0}}}
	f.marks[secretMarked.ID] = public.Marks{Title: []public.Span{{Start: 37, End: 51}}}
	staff := cases.Case{ID: "01950000-0000-7000-8000-00000000000c", Board: "ITN", Year: 2026, Seq: 5, RegistrationNumber: "ITN 2026/5",
		Title: "Personalärende Bo Berglund", RegisteredOn: platform.MustParseDate("2026-03-04"), RegisteredAt: t0.Add(48 * time.Hour),
		UpdatedAt: t0.Add(72 * time.Hour), State: cases.StateDecided,
		Secrecy: &cases.Secrecy{Reference: "OSL 39 kap. 3 §", Date: platform.MustParseDate("2026-03-04")},
		Decisions: []cases.Decision{{ID: "01950000-0000-7000-8000-00000000000c-b1", No: 1, Kind: cases.KindUrgent,
			Clauses: []string{"att besluta om omplacering"}, DeciderID: "01900000-0000-7000-8000-000000000001", DeciderName: "Anna Lindqvist",
			ActingRole: "ordforande", ActingAs: "urgent", PointCode: "KL 6:39", OrderID: "order-itn-2025", OrderNumber: 2,
			DecidedAt: decided, DecidedOn: platform.DateOf(decided), Signatures: signed("01900000-0000-7000-8000-000000000001", decided), Report: reported}}}
	f.cases = []cases.Case{open, secretMarked, staff}

	starts := time.Date(2026, 3, 12, 13, 0, 0, 0, platform.Stockholm)
	rec := starts.Add(30 * time.Minute)
	seats := []meeting.Seat{{Username: "ordforande", Name: "Anna Lindqvist", Role: "ordforande", Present: true},
		{Username: "vice-ordforande", Name: "Erik Johansson", Role: "vice_ordforande", Present: true},
		{Username: "ledamot-mbl", Name: "Sofia Ekström", Role: "ledamot", Present: true},
		{Username: "ledamot-bhm", Name: "Johan Petersson", Role: "ledamot", Present: false},
		{Username: "ersattare-mbl", Name: "Lena Ström", Role: "ersattare", Present: true, ServesFor: "ledamot-bhm"}}
	justerad := meeting.Meeting{ID: "01960000-0000-7000-8000-000000000001", Board: "ITN", Year: 2026, StartsAt: starts,
		Date: platform.MustParseDate("2026-03-12"), Place: "Kommunhuset i Borgholm, sammanträdesrum Solberga", Status: meeting.StatusJusterad,
		Seats: seats, Justerare: []string{"vice-ordforande"},
		Paragraphs: []meeting.Paragraph{
			{No: 7, Kind: "case", CaseID: open.ID, RegistrationNumber: open.RegistrationNumber, Title: open.Title, Outcome: meeting.OutcomeApproved,
				Clauses: []string{"att godkänna avtalen med MBAB, BHEM, ÖBAB och BEAB", "att uppdra åt IT-chefen att teckna avtalen"},
				Votes: []meeting.Vote{{Username: "ordforande", Vote: "ja"}, {Username: "vice-ordforande", Vote: "ja"},
					{Username: "ledamot-mbl", Vote: "nej"}, {Username: "ersattare-mbl", Vote: "avstar"}},
				Reservations: []meeting.Reservation{{Username: "ledamot-mbl", Reason: "Avtalen borde ha upphandlats."}},
				Serving:      []string{"ordforande", "vice-ordforande", "ledamot-mbl", "ersattare-mbl"}, RecordedAt: rec, Immediate: true},
			{No: 8, Kind: "case", CaseID: staff.ID, RegistrationNumber: staff.RegistrationNumber, Title: staff.Title, Outcome: meeting.OutcomeApproved,
				Clauses: []string{"att besluta om omplacering"}, Secret: true, RecordedAt: rec},
			{No: 9, Kind: "case", CaseID: secretMarked.ID, RegistrationNumber: secretMarked.RegistrationNumber, Title: secretMarked.Title,
				Outcome: meeting.OutcomeRejected, Clauses: []string{"att avslå begäran"}, RecordedAt: rec},
			{No: 10, Kind: "delegation_report", Title: "Anmälan av delegationsbeslut", Outcome: meeting.OutcomeReported,
				Decisions: []string{open.Decisions[0].ID, staff.Decisions[0].ID}, RecordedAt: rec},
		},
		Signatures: []meeting.ProtocolSignature{{Username: "ordforande", Role: "ordforande", Signature: signed("x", time.Date(2026, 3, 16, 9, 0, 0, 0, platform.Stockholm))[0]}},
		JusteredOn: platform.MustParseDate("2026-03-16"),
		Notices: []meeting.Notice{{Member: "0885", MemberName: "Borgholms kommun", PostedOn: platform.MustParseDate("2026-03-16"), StaysUntil: platform.MustParseDate("2026-04-08")},
			{Member: "0840", MemberName: "Mörbylånga kommun", PostedOn: platform.MustParseDate("2026-03-17"), StaysUntil: platform.MustParseDate("2026-04-08")}},
		AppealEnd: platform.MustParseDate("2026-04-07"), LagaKraftOn: platform.MustParseDate("2026-04-08"), Public: true}
	planned := meeting.Meeting{ID: "01960000-0000-7000-8000-000000000002", Board: "ITN", Year: 2026,
		StartsAt: time.Date(2026, 4, 16, 13, 0, 0, 0, platform.Stockholm), Date: platform.MustParseDate("2026-04-16"), Status: meeting.StatusPlanned,
		Agenda:     []meeting.AgendaItem{{Kind: "case", Title: "Planerad dagordning"}},
		Paragraphs: []meeting.Paragraph{{No: 11, Kind: "case", Title: "Planerad dagordning", Outcome: meeting.OutcomeApproved}}}
	f.meetings = []meeting.Meeting{justerad, planned}
	return f
}

// The fixture answers the reads DomainSource makes.
func (f *fixture) ListBoards(context.Context) ([]board.Board, error) { return f.boards, nil }

// SeatHolders answers with every user (People keeps those with a seat).
func (f *fixture) SeatHolders(context.Context, string, []identity.Role) ([]identity.User, error) {
	return f.users, nil
}

// SeatHolderIDs answers with the users with a seat role on board.
func (f *fixture) SeatHolderIDs(_ context.Context, board string, roles []identity.Role) ([]string, error) {
	var ids []string
	for _, u := range f.users {
		if slices.ContainsFunc(u.Roles, func(a identity.RoleAssignment) bool { return a.Board == board && slices.Contains(roles, a.Role) }) {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}
func (f *fixture) ListMeetings(_ context.Context, b string) ([]meeting.Meeting, error) {
	var out []meeting.Meeting
	for _, m := range f.meetings {
		if m.Board == b {
			out = append(out, m)
		}
	}
	return out, nil
}
func (f *fixture) GetMeeting(_ context.Context, id string) (meeting.Meeting, error) {
	for _, m := range f.meetings {
		if m.ID == id {
			return m, nil
		}
	}
	return meeting.Meeting{}, meeting.ErrMeetingNotFound
}
func (f *fixture) Get(_ context.Context, id string) (cases.Case, error) {
	for _, c := range f.cases {
		if c.ID == id {
			return c, nil
		}
	}
	return cases.Case{}, cases.ErrCaseNotFound
}
func (f *fixture) List(_ context.Context, flt cases.Filter) ([]cases.Case, int64, error) {
	var out []cases.Case
	for _, c := range f.cases {
		if flt.Boards == nil || slices.Contains(flt.Boards, c.Board) {
			out = append(out, c)
		}
	}
	per := flt.PerPage
	from := min((max(flt.Page, 1)-1)*per, len(out))
	return out[from:min(from+per, len(out))], int64(len(out)), nil
}

func (f *fixture) User(_ context.Context, id string) (identity.User, error) {
	for _, u := range f.users {
		if u.ID == id {
			return u, nil
		}
	}
	return identity.User{}, fault.ErrNotFound
}
func (f *fixture) UserByUsername(_ context.Context, name string) (identity.User, error) {
	for _, u := range f.users {
		if u.Username == name {
			return u, nil
		}
	}
	return identity.User{}, fault.ErrNotFound
}
func (f *fixture) MeetingsHandling(_ context.Context, ids ...string) ([]meeting.Meeting, error) {
	var out []meeting.Meeting
	for _, m := range f.meetings {
		if slices.ContainsFunc(m.Paragraphs, func(p meeting.Paragraph) bool { return slices.Contains(ids, p.CaseID) }) {
			out = append(out, m)
		}
	}
	return out, nil
}

// justerade are a board's justerade meetings in start order.
func (f *fixture) justerade(b string) []meeting.Meeting {
	var out []meeting.Meeting
	for _, m := range f.meetings {
		if m.Board == b && m.Status == meeting.StatusJusterad {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b meeting.Meeting) int { return a.StartsAt.Compare(b.StartsAt) })
	return out
}
func (f *fixture) ListJusterade(_ context.Context, b string, offset, limit int) ([]meeting.Meeting, int64, error) {
	ms := f.justerade(b)
	from := min(offset, len(ms))
	return ms[from:min(from+limit, len(ms))], int64(len(ms)), nil
}
func (f *fixture) LatestJusterad(_ context.Context, b string, before time.Time) (meeting.Meeting, bool, error) {
	ms := f.justerade(b)
	for i := len(ms) - 1; i >= 0; i-- {
		if before.IsZero() || ms[i].StartsAt.Before(before) {
			return ms[i], true, nil
		}
	}
	return meeting.Meeting{}, false, nil
}
func (f *fixture) ListPublic(_ context.Context, b string, from, to time.Time, offset, limit int) ([]cases.Case, int64, error) {
	var out []cases.Case
	for _, c := range f.cases {
		if c.Board == b && public.Case(c) && (from.IsZero() || !c.RegisteredAt.Before(from)) && (to.IsZero() || !c.RegisteredAt.After(to)) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b cases.Case) int {
		return cmp.Or(a.RegisteredOn.Compare(b.RegisteredOn), strings.Compare(a.RegistrationNumber, b.RegistrationNumber), strings.Compare(a.ID, b.ID))
	})
	start := min(offset, len(out))
	return out[start:min(start+limit, len(out))], int64(len(out)), nil
}

func (f *fixture) ListPublicModified(_ context.Context, b string, from, to time.Time) ([]cases.Case, error) {
	var out []cases.Case
	for _, c := range f.cases {
		if c.Board == b && public.Case(c) && (from.IsZero() || !c.UpdatedAt.Before(from)) && (to.IsZero() || !c.UpdatedAt.After(to)) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fixture) service(perPage int) *Service {
	src := DomainSource{Stores: Stores{Boards: f, Meetings: f, Cases: f, Users: f,
		Marks: func(c cases.Case) public.Marks { return f.marks[c.ID] }}}
	return &Service{Site: Site{Base: "https://samstyr.example.se/api/v1/public/oparl", Name: "Samstyr – Ölands IT-nämnd",
		ContactEmail: "registrator@example.se", License: "https://creativecommons.org/publicdomain/zero/1.0/"}, Source: src, PerPage: perPage}
}
