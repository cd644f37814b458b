// Package demo loads the demo installation from the seed documents: Ölands
// IT-nämnd (ITN), the joint board of Borgholm (värdkommun) and Mörbylånga
// with the 2025 allocation key (1658 and 2002 users on 1 January 2024),
// and one user for every role. Loading is idempotent, so a start that died
// half-way finishes the job on the next start.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// BoardCode is the demo board's code and diarienummer prefix.
const BoardCode = "ITN"

// Login is one demo account and its password.
type Login struct {
	Username string
	Password string
	Name     string
	Role     identity.Role
}

type demoUser struct {
	username, name, title string
	roles                 []identity.Role
	board                 string
}

// Users are the demo accounts; their usernames are fixed (README).
var users = []demoUser{
	{"ordforande", "Anna Lindqvist", "Ordförande i IT-nämnden", []identity.Role{identity.RoleOrdforande, identity.RoleLedamot}, BoardCode},
	{"vice-ordforande", "Erik Johansson", "Vice ordförande i IT-nämnden", []identity.Role{identity.RoleViceOrdforande, identity.RoleLedamot}, BoardCode},
	{"it-chef", "Karin Berg", "IT-chef", []identity.Role{identity.RoleForvaltningschef}, BoardCode},
	{"handlaggare", "Olof Nilsson", "IT-strateg", []identity.Role{identity.RoleHandlaggare}, BoardCode},
	{"sekreterare", "Maria Holm", "Nämndsekreterare", []identity.Role{identity.RoleSekreterare}, BoardCode},
	{"revisor", "Lars Ek", "Förtroendevald revisor", []identity.Role{identity.RoleRevisor}, BoardCode},
	{"admin", "Sara Admin", "Systemadministratör", []identity.Role{identity.RoleAdmin}, identity.AllBoards},
}

// PasswordProblem returns what the password rule (identity.PasswordProblem)
// refuses about password as the password of a demo user, or "".
func PasswordProblem(password string) string {
	for _, u := range users {
		if p := identity.PasswordProblem(password, u.username, u.name); p != "" {
			return p
		}
	}
	return ""
}

// Usernames lists the demo usernames in display order.
func Usernames() []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.username
	}
	return out
}

// Organisation is the demo's organisation: the värdkommun.
func Organisation() admin.InitInput {
	return admin.InitInput{Name: "Borgholms kommun", OrgNumber: "212000-0779", Letterhead: "Borgholms kommun",
		AdminUsername: "admin", AdminName: "Sara Admin"}
}

// Board returns the demo joint board as the demo stores it (with its
// members' user counts), for fixtures.
func Board(clk platform.Clock) board.Board {
	in, now := BoardInput(), clk.Now().UTC()
	b := board.Board{Code: in.Code, Name: in.Name, Kind: in.Kind, Organisation: in.Organisation, ValidFrom: in.ValidFrom, CreatedAt: now}
	for _, m := range in.Members {
		bm := board.Member{Code: m.Code, Name: m.Name, Host: m.Host, OrgNumber: m.OrgNumber, NoticeBoard: m.NoticeBoard}
		for _, uc := range userCounts {
			if uc.member == m.Code {
				bm.UserCounts = append(bm.UserCounts, board.UserCount{KeyDate: platform.MustParseDate(uc.keyDate), Users: uc.users, RecordedBy: uc.by, RecordedAt: now})
			}
		}
		b.Members = append(b.Members, bm)
	}
	return b
}

// BoardInput returns the demo joint board as in the seed's Bilaga 3, as
// the administration creates it. The anslagstavla addresses are demo
// values.
func BoardInput() admin.BoardInput {
	return admin.BoardInput{Code: BoardCode, Name: "Ölands IT-nämnd", Kind: board.KindJointBoard, Organisation: "Borgholms kommun",
		ValidFrom: platform.MustParseDate("2023-01-01"),
		Members: []admin.MemberInput{
			{Code: "0885", Name: "Borgholms kommun", Host: true, OrgNumber: "212000-0779", NoticeBoard: "https://www.borgholm.se/anslagstavla"},
			{Code: "0840", Name: "Mörbylånga kommun", OrgNumber: "212000-0787", NoticeBoard: "https://www.morbylanga.se/anslagstavla"},
		}}
}

// userCounts are the members' users per key date: the 2025 key in Bilaga 3
// of the seed, and demo figures for the 2026 key.
var userCounts = []struct {
	member, keyDate, by string
	users               int64
}{
	{"0885", "2024-01-01", "demo", 1658},
	{"0885", "2025-01-01", "demo (inte från källdokumenten)", 1671},
	{"0840", "2024-01-01", "demo", 2002},
	{"0840", "2025-01-01", "demo (inte från källdokumenten)", 2019},
}

// budget2025 is the interim report's Årsbudget and Årsprognos columns.
// The report prints whole tkr and its printed sums disagree with its
// printed lines by up to 1 tkr of rounding; the forecast lines here carry
// one decimal chosen so that every line rounds to the printed figure and
// the shared result is exactly the printed 170 tkr deficit (with the
// 160 tkr of arvoden, the printed 330 tkr). The seed's row "Intäkter
// Mörbylånga och kommunala bolag" mixes a member's payment with company
// revenue; it is loaded as Mörbylånga's contribution.
//
//go:embed itn-2025.csv
var budget2025 []byte

// Agreement returns the demo samverkansavtal (the seed's draft agreement):
// shared net costs split by users per 1 January of the year before, exact
// counts; ¼ in advance per quarter in 2025, ordered IT objects quarterly
// in arrears from 2026.
func Agreement() agreement.Agreement {
	return agreement.Agreement{Board: BoardCode, Title: "Avtal om samverkan i gemensam IT-nämnd",
		ValidFrom: platform.MustParseDate("2024-01-01"), ValidTo: platform.MustParseDate("2026-12-31"), Host: "0885",
		Members: []string{"0885", "0840"}, KeyMonth: time.January, KeyDay: 1, KeyMode: agreement.KeyExactUsers,
		Exclusions: "Arvoden och ersättningar till förtroendevalda belastar den kommun som valt dem (§13).",
		Invoicing: []agreement.YearRule{{FromYear: 2024, Rule: agreement.RuleQuarterlyAdvance},
			{FromYear: 2026, Rule: agreement.RuleObjectsInArrears}}}
}

// Order returns the demo delegationsordning: the seed's A16 rows
// (agreements with the municipal companies, delegat ordförande), a
// purchasing point B3 for the IT-chef up to 5 prisbasbelopp, and a
// non-delegable C1 (yttranden to fullmäktige, KL 6:38), with the chair
// and vice chair appointed for urgent decisions.
func Order() delegation.Draft {
	return delegation.Draft{
		Title:          "Delegationsordning för Ölands IT-nämnd",
		ValidFrom:      platform.MustParseDate("2025-01-01"),
		UrgentDeciders: []string{"ordforande", "vice_ordforande"},
		Points: []delegation.Point{
			{Code: "A16", Section: "A Avtal", Matter: "Avtal mellan Ölands IT-nämnd och de kommunala bolagen MBAB, BHEM, ÖBAB och BEAB",
				LegalBasis: "KL 6 kap. 37 §", Delegate: "ordforande", Substitutes: []string{"vice_ordforande"}, ReportTo: delegation.ReportBoard},
			{Code: "B3", Section: "B Upphandling och inköp", Matter: "Upphandling och avrop av IT-varor och IT-tjänster inom nämndens budget",
				LegalBasis: "LOU; KL 7 kap. 5 §", Delegate: "forvaltningschef", Limit: &delegation.Limit{PBBCents: 500},
				Conditions: "Inom budgetram", ReportTo: delegation.ReportBoard, SubdelegationAllowed: true},
			{Code: "C1", Section: "C Yttranden", Matter: "Yttranden till kommunfullmäktige i Borgholm och Mörbylånga",
				Delegate: "ordforande", ReportTo: delegation.ReportBoard, Excluded: []delegation.Category{delegation.CatToCouncil}},
		},
	}
}

// Load builds the demo installation through the administration's use
// cases, as an administrator would (internal/admin): the organisation and
// its administrator (samstyr init), the board, the prisbasbelopp table,
// the people with their roles and the chair's and vice chair's seats, then
// the delegationsordning and the cost allocation. Every user gets
// password if it is set, else a random one. It is idempotent: it creates
// what does not exist yet and returns the logins it created (none on a
// repeated call).
func Load(ctx context.Context, adm *admin.Service, idsvc *identity.Service, orders *delegation.Service, costSvc *costs.Service, password string) ([]Login, error) {
	var out []Login
	pw := func(username, name string) string {
		p := password
		for p == "" || identity.PasswordProblem(p, username, name) != "" && password == "" {
			p = platform.Secret("", 9) // 12 random characters; drawn again in the rare case the rule refuses them
		}
		return p
	}
	done, err := adm.Initialised(ctx)
	if err != nil {
		return nil, err
	}
	if !done {
		in := Organisation()
		in.Password = pw(in.AdminUsername, in.AdminName)
		if _, _, err := adm.Init(ctx, in); err != nil {
			return nil, err
		}
		out = append(out, Login{Username: in.AdminUsername, Password: in.Password, Name: in.AdminName, Role: identity.RoleAdmin})
	}
	actor, err := idsvc.UserByUsername(ctx, Organisation().AdminUsername)
	if err != nil {
		return nil, err
	}
	if _, err := adm.CreateBoard(ctx, actor, BoardInput()); err != nil && !errors.Is(err, board.ErrBoardExists) {
		return nil, err
	}
	if err := loadReference(ctx, adm, actor); err != nil {
		return nil, err
	}
	if err := loadUserCounts(ctx, adm, costSvc); err != nil {
		return nil, err
	}
	if err := loadOrder(ctx, orders); err != nil {
		return nil, err
	}
	if err := loadCosts(ctx, costSvc); err != nil {
		return nil, err
	}
	from := platform.MustParseDate("2023-01-01")
	for _, du := range users {
		if du.username == Organisation().AdminUsername {
			continue
		}
		var roles []identity.RoleAssignment
		for _, r := range du.roles {
			roles = append(roles, identity.RoleAssignment{Board: du.board, Role: r, ValidFrom: from})
		}
		p := pw(du.username, du.name)
		_, err := adm.CreateUser(ctx, actor, admin.UserInput{Username: du.username, Name: du.name, Title: du.title,
			Password: p, Roles: roles, Note: "demo"})
		if errors.Is(err, identity.ErrUsernameTaken) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Login{Username: du.username, Password: p, Name: du.name, Role: du.roles[0]})
	}
	return out, loadSeats(ctx, adm, actor, from)
}

// loadReference enters the published prisbasbelopp (see
// delegation.PrisbasbeloppOre) that the table lacks.
func loadReference(ctx context.Context, adm *admin.Service, actor identity.User) error {
	p, err := adm.Prisbasbelopp(ctx)
	if err != nil {
		return err
	}
	years := make([]int, 0, len(delegation.PrisbasbeloppOre))
	for y := range delegation.PrisbasbeloppOre {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		if _, ok := p.Value(y); ok {
			continue
		}
		if _, err := adm.SetPrisbasbelopp(ctx, actor, y, delegation.PrisbasbeloppOre[y], "demo: det publicerade prisbasbeloppet (kontrollera mot SFS)"); err != nil {
			return err
		}
	}
	return nil
}

// loadUserCounts records the members' user counts the board lacks.
func loadUserCounts(ctx context.Context, adm *admin.Service, costSvc *costs.Service) error {
	b, err := adm.Board(ctx, BoardCode)
	if err != nil {
		return err
	}
	for _, uc := range userCounts {
		have := false
		for _, m := range b.Members {
			for _, c := range m.UserCounts {
				if m.Code == uc.member && c.KeyDate.String() == uc.keyDate {
					have = true
				}
			}
		}
		if have {
			continue
		}
		if _, err := costSvc.RecordUserCount(ctx, uc.by, BoardCode, uc.member, board.UserCount{KeyDate: platform.MustParseDate(uc.keyDate), Users: uc.users}); err != nil {
			return err
		}
	}
	return nil
}

// loadSeats gives the chair and the vice chair their ledamot seats of the
// mandate period 2023–2026, unless they hold one.
func loadSeats(ctx context.Context, adm *admin.Service, actor identity.User, from platform.Date) error {
	r, err := adm.Roster(ctx, BoardCode)
	if err != nil {
		return err
	}
	for _, holder := range []string{"ordforande", "vice-ordforande"} {
		if _, ok := r.Holds(holder, from); ok {
			continue
		}
		if _, _, err := adm.AddSeat(ctx, actor, BoardCode, seat.Seat{Holder: holder, Kind: seat.KindLedamot, ValidFrom: from}); err != nil {
			return err
		}
	}
	return nil
}

// loadOrder creates and adopts version 1 of the demo order unless the
// board has one.
func loadOrder(ctx context.Context, orders *delegation.Service) error {
	existing, err := orders.List(ctx, BoardCode)
	if err != nil || len(existing) > 0 {
		if err == nil && existing[0].Status == delegation.StatusDraft {
			_, err = orders.Adopt(ctx, BoardCode, 1, existing[0].Version, adoption())
		}
		return err
	}
	o, err := orders.CreateDraft(ctx, BoardCode, "demo", Order())
	if err != nil {
		return err
	}
	_, err = orders.Adopt(ctx, BoardCode, o.Number, o.Version, adoption())
	return err
}

func adoption() delegation.Adoption {
	return delegation.Adoption{Ref: "ITN 2024-12-12 § 87", AdoptedOn: platform.MustParseDate("2024-12-12"), ValidFrom: platform.MustParseDate("2025-01-01")}
}

// loadCosts stores the demo agreement and imports the 2025 budget and
// forecast of the seed's interim report (delårsrapport), which makes the
// first allocation snapshot of 2025.
func loadCosts(ctx context.Context, svc *costs.Service) error {
	as, err := svc.Agreements(ctx, BoardCode)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		if _, err := svc.AddAgreement(ctx, "demo", Agreement()); err != nil {
			return err
		}
	}
	y, err := svc.Year(ctx, BoardCode, 2025)
	if err != nil || len(y.Lines) > 0 {
		return err
	}
	_, _, err = svc.ImportBudget(ctx, "demo", BoardCode, 2025, bytes.NewReader(budget2025))
	return err
}
