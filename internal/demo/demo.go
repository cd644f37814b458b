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
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
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

// Board returns the demo joint board as in the seed's Bilaga 3.
func Board(clk platform.Clock) board.Board {
	now := clk.Now().UTC()
	key := platform.MustParseDate("2024-01-01")     // the 2025 key in Bilaga 3 of the seed
	key2025 := platform.MustParseDate("2025-01-01") // the 2026 key: demo figures, not in the seed
	return board.Board{
		Code: BoardCode, Name: "Ölands IT-nämnd", Kind: board.KindJointBoard, Organisation: "Borgholms kommun",
		Members: []board.Member{
			{Code: "0885", Name: "Borgholms kommun", Host: true,
				UserCounts: []board.UserCount{{KeyDate: key, Users: 1658, RecordedBy: "demo", RecordedAt: now},
					{KeyDate: key2025, Users: 1671, RecordedBy: "demo (inte från källdokumenten)", RecordedAt: now}}},
			{Code: "0840", Name: "Mörbylånga kommun",
				UserCounts: []board.UserCount{{KeyDate: key, Users: 2002, RecordedBy: "demo", RecordedAt: now},
					{KeyDate: key2025, Users: 2019, RecordedBy: "demo (inte från källdokumenten)", RecordedAt: now}}},
		},
		CreatedAt: now,
	}
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
// purchasing point B3 for the IT-chef up to 5 prisbasbelopp, a
// non-delegable C1 (yttranden to fullmäktige, KL 6:38), and D1, refusing
// a request for allmän handling (the IT-chef, the nämndsekreterare as
// ersättare), with the chair and vice chair appointed for urgent
// decisions.
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
			{Code: "D1", Section: "D Allmänna handlingar", Matter: "Avslag på begäran om utlämnande av allmän handling, helt eller delvis (maskering)",
				LegalBasis: "TF 2 kap. 14 §; OSL 6 kap. 3 och 7 §§", Delegate: "forvaltningschef", Substitutes: []string{"sekreterare"},
				ReportTo: delegation.ReportBoard},
		},
	}
}

// Load creates the demo board and users that do not exist yet. Every user
// gets password if it is set, else a random one. It returns the logins it
// created (none on a repeated call).
func Load(ctx context.Context, idsvc *identity.Service, boards board.Storer, orders *delegation.Service, costSvc *costs.Service, clk platform.Clock, password string) ([]Login, error) {
	if _, err := boards.InsertBoard(ctx, Board(clk)); err != nil && !errors.Is(err, board.ErrBoardExists) {
		return nil, err
	}
	if err := loadOrder(ctx, orders); err != nil {
		return nil, err
	}
	if err := loadCosts(ctx, costSvc); err != nil {
		return nil, err
	}
	from := platform.MustParseDate("2023-01-01")
	var out []Login
	for _, du := range users {
		pw := password
		for pw == "" || identity.PasswordProblem(pw, du.username, du.name) != "" && password == "" {
			pw = platform.Secret("", 9) // 12 random characters; drawn again in the rare case the rule refuses them
		}
		var roles []identity.RoleAssignment
		for _, r := range du.roles {
			roles = append(roles, identity.RoleAssignment{Board: du.board, Role: r, ValidFrom: from})
		}
		_, err := idsvc.CreateUser(ctx, identity.NewUser{Username: du.username, Name: du.name, Title: du.title,
			Password: pw, Roles: roles})
		if errors.Is(err, identity.ErrUsernameTaken) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Login{Username: du.username, Password: pw, Name: du.name, Role: du.roles[0]})
	}
	return out, nil
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
