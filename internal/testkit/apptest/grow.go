package apptest

import (
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/seat"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/workflow"
)

// Growth is how much Grow adds to an organisation.
type Growth struct {
	// Boards are the extra nämnder (codes GROWA, GROWB, …; at most 26), each with an
	// adopted delegationsordning and Seats ledamot seats.
	Boards, Seats int
	// Users are the extra people: every third a ledamot of the demo board
	// (ITN), the others handläggare or ledamöter of an extra board.
	Users int
	// Meetings and Cases are spread over the extra boards and the demo
	// board: a third of them on ITN. Meetings were held in 2025, justerade
	// and announced (every tenth is planned for the coming months), ärenden
	// registrerade in the diarium year 2025, handled by the extra people,
	// never by a demo user.
	Meetings, Cases int
	// Decisions, DisclosureRequests and Absences are spread over the
	// boards as ärenden are (a third on ITN), each board with a
	// förvaltningschef of its own (growchefitn, growchefgrowa, …) who
	// takes them through the use cases: delegationsbeslut on ärenden of
	// their own (nine in ten signed, eight in ten reported to the nämnd,
	// every fourth on ITN with a budget impact on 2026, every fifth with a
	// member's jäv declared), requests for allmän handling of the grown
	// ärenden (every tenth still open, the others answered), a week's
	// absence of a person of the board.
	Decisions, DisclosureRequests, Absences int
}

// GrowBoard is the code of the i-th board Grow adds (from 1): GROWA,
// GROWB, … (a board's code is letters).
func GrowBoard(i int) string { return "GROW" + string(rune('A'+i-1)) }

// Grow enlarges the instance's organisation by g, as an organisation
// grows, without touching anything the demo users own: boards, orders,
// people and seats through the administration's use cases, meetings and
// ärenden straight through the repositories (as an import would write
// them, each ärende with its registration event and number drawn from the
// diarium's counter; thousands through the use cases would cost the test
// minutes), and
// the decisions, requests for allmän handling and absences (tens, not
// thousands) through the use cases, so every hash chain, digest,
// signature and audit record is the one the service writes.
func (e *Env) Grow(t testing.TB, g Growth) {
	t.Helper()
	ctx := t.Context()
	actor, err := e.App.Identity.UserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	from := platform.MustParseDate("2023-01-01")
	boardOf := func(i int) string {
		if g.Boards == 0 || i%3 == 0 {
			return "ITN"
		}
		return GrowBoard(1 + i%g.Boards)
	}
	for i := 1; i <= g.Boards; i++ {
		code := GrowBoard(i)
		if _, err := e.App.Admin.CreateBoard(ctx, actor, admin.BoardInput{Code: code, Name: fmt.Sprintf("Växande nämnd %d", i),
			Kind: board.KindBoard, ValidFrom: from}); err != nil {
			t.Fatalf("board %s: %v", code, err)
		}
		d := delegation.Draft{Title: "Delegationsordning för " + code, ValidFrom: platform.MustParseDate("2025-01-01"),
			UrgentDeciders: []string{"ordforande"}, Points: []delegation.Point{{Code: "A1", Section: "A Avtal",
				Matter: "Avtal inom nämndens budget", Delegate: "forvaltningschef", ReportTo: delegation.ReportBoard}}}
		o, err := e.App.Orders.CreateDraft(ctx, code, "admin", d)
		if err != nil {
			t.Fatalf("order %s: %v", code, err)
		}
		if _, err := e.App.Orders.Adopt(ctx, code, o.Number, o.Version, delegation.Adoption{Ref: code + " 2024-12-12 § 1",
			AdoptedOn: platform.MustParseDate("2024-12-12"), ValidFrom: platform.MustParseDate("2025-01-01")}); err != nil {
			t.Fatalf("adopt %s: %v", code, err)
		}
	}
	ms, cs := repo.NewMeetings(e.Backend), repo.NewCases(e.Backend)
	var userIDs []string
	username := func(i int) string { return fmt.Sprintf("grow%04d", i) }
	for i := range g.Users {
		role, b := identity.RoleLedamot, boardOf(i)
		if b != "ITN" && i%2 == 0 {
			role = identity.RoleHandlaggare
		}
		u, err := e.App.Admin.CreateUser(ctx, actor, admin.UserInput{Username: username(i), Name: fmt.Sprintf("Person %d", i),
			Roles: []identity.RoleAssignment{{Board: b, Role: role, ValidFrom: from}}})
		if err != nil {
			t.Fatalf("person %s: %v", username(i), err)
		}
		userIDs = append(userIDs, u.ID)
	}
	var chefBoards []string
	if g.Decisions+g.DisclosureRequests+g.Absences > 0 {
		chefBoards = []string{"ITN"}
		for i := 1; i <= g.Boards; i++ {
			chefBoards = append(chefBoards, GrowBoard(i))
		}
		e.insertChefs(ctx, t, actor, chefBoards, from)
	}
	// Seats: Seats ledamöter on each extra board and on ITN, from the
	// people of that board.
	for bi := 0; bi <= g.Boards; bi++ {
		code := "ITN"
		if bi > 0 {
			code = GrowBoard(bi)
		}
		added := 0
		for i := 0; i < g.Users && added < g.Seats; i++ {
			if boardOf(i) != code {
				continue
			}
			if _, _, err := e.App.Admin.AddSeat(ctx, actor, code, seat.Seat{Holder: username(i), Kind: seat.KindLedamot,
				Period: "2023-2026", ValidFrom: from}); err != nil {
				t.Fatalf("seat %s on %s: %v", username(i), code, err)
			}
			added++
		}
	}
	officer := func(i int) (id, name string) {
		if g.Users == 0 {
			return actor.ID, actor.Username
		}
		return userIDs[i%g.Users], username(i % g.Users)
	}
	boards := map[string]board.Board{}
	boardNamed := func(code string) board.Board {
		b, ok := boards[code]
		if !ok {
			if b, err = e.App.Boards.GetBoard(ctx, code); err != nil {
				t.Fatal(err)
			}
			boards[code] = b
		}
		return b
	}
	numbers := map[string][]string{} // board → its grown ärenden's diarienummer
	for i := range g.Cases {
		day := platform.MustParseDate("2025-01-01").AddDays(i % 360)
		at := time.Date(day.Year, day.Month, day.Day, 9, 0, 0, 0, platform.Stockholm)
		b := boardOf(i)
		prefix := boardNamed(b).SeriesOf().Prefix
		seq, err := cs.NextNumber(ctx, prefix, 2025) // the diarium's counter, as a registration draws it
		if err != nil {
			t.Fatal(err)
		}
		by, name := officer(i)
		title := fmt.Sprintf("Växande ärende %d", i)
		c := cases.Case{ID: fmt.Sprintf("grow-c%04d", i), Board: b, Year: 2025, Seq: seq,
			RegistrationNumber: cases.FormatNumber(prefix, 2025, seq), Title: title, TitleFolded: store.Fold(title),
			State: cases.StateRegistered, FSMVersion: workflow.CurrentVersion, OfficerID: by, CreatedBy: by, RegisteredOn: day,
			RegisteredAt: at.UTC(), RegisteredNS: at.UnixNano(), UpdatedAt: at.UTC(), Documents: []cases.Document{}}
		// The registration's event, as Register writes it: the first
		// link of the ärende's hash chain.
		c.Append(cases.Event{At: at, Actor: name, Action: cases.ActionRegister, To: cases.StateRegistered,
			Ref: c.RegistrationNumber, DataDigest: cases.DigestJSON(cases.RegistrationRecord(c))})
		if _, err := cs.Insert(ctx, c); err != nil {
			t.Fatal(err)
		}
		numbers[b] = append(numbers[b], c.RegistrationNumber)
	}
	for i := range g.Meetings {
		code := boardOf(i)
		b := boardNamed(code)
		// Every tenth is planned for the coming months; the others were
		// held in 2025, justerade and announced on each of the board's
		// anslagstavlor, their appeal period over.
		day := platform.MustParseDate("2025-01-01").AddDays(i % 360)
		if i%10 == 0 {
			day = platform.DateOf(Start).AddDays(20 + i%90)
		}
		at := time.Date(day.Year, day.Month, day.Day, 13, 0, 0, 0, platform.Stockholm)
		m := meeting.Meeting{ID: fmt.Sprintf("grow-m%04d", i), Board: code, Year: day.Year, Date: day, StartsAt: at.UTC(),
			Place: "Sammanträdesrum", Status: meeting.StatusPlanned, CreatedBy: "admin",
			Agenda: []meeting.AgendaItem{}, Paragraphs: []meeting.Paragraph{}, Justerare: []string{}}
		for s := range min(g.Seats, g.Users) {
			m.Seats = append(m.Seats, meeting.Seat{Username: username(s), Role: "ledamot", Present: i%10 != 0})
		}
		if i%10 != 0 {
			m.Status, m.JusteredOn = meeting.StatusJusterad, day.AddDays(2)
			var nbs []meeting.NoticeBoard
			for _, mb := range b.Members {
				nbs = append(nbs, meeting.NoticeBoard{Member: mb.Code, MemberName: mb.Name})
			}
			if len(nbs) == 0 {
				nbs = []meeting.NoticeBoard{{Member: b.Code, MemberName: b.Organisation}}
			}
			for _, nb := range nbs {
				m.Notices = append(m.Notices, meeting.Notice{Member: nb.Member, MemberName: nb.MemberName, PostedOn: day.AddDays(3), Location: "Kansliet"})
			}
			m.SetNoticeBoards(nbs) // works out the appeal end, laga kraft and public
		}
		if _, err := ms.InsertMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	people := map[string][]string{} // board → the grown people on it
	for i := range g.Users {
		people[boardOf(i)] = append(people[boardOf(i)], username(i))
	}
	pick := func(m map[string][]string) func(string, int) string {
		return func(b string, i int) string {
			if len(m[b]) == 0 {
				return ""
			}
			return m[b][i%len(m[b])]
		}
	}
	e.growDecisions(ctx, t, g.Decisions, boardOf, pick(people))
	e.growRequests(ctx, t, g.DisclosureRequests, boardOf, pick(numbers))
	e.growAbsences(ctx, t, g.Absences, boardOf, pick(people))
}
