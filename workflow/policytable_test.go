package workflow_test

// The delegation policy table: every YAML file in
// policies/testdata/delegation is one scenario (a board, its
// delegationsordning versions, users with dated roles, cases with jäv) and
// a table of "may this user decide this?" checks with the expected answer.
// Each file runs on its own complete application (apptest, SQLite, no demo
// data), set up only through the public services, and each row is a
// subtest asking Decisions.CheckDelegation. The schema is documented at the
// top of every file and in ptFile below.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/workflow"
)

// ptDir holds the policy table files, relative to this package.
const ptDir = "../policies/testdata/delegation"

// ptFile is one policy table file.
type ptFile struct {
	Board     ptBoard             `yaml:"board"`
	Today     string              `yaml:"today"` // the manual clock's date; default apptest.Start
	Orders    []ptOrder           `yaml:"orders"`
	Users     []ptUser            `yaml:"users"`
	Registrar string              `yaml:"registrar"` // registers the cases (each person declares their own jäv)
	Jav       map[string][]string `yaml:"jav"`       // case label → jäviga usernames
	Absences  []ptAbsence         `yaml:"absences"`  // recorded förhinder, each by the absent person
	Cases     []ptRow             `yaml:"cases"`
}

// ptAbsence is a recorded absence: the fact an ersättare citing
// franvaro or forhinder needs.
type ptAbsence struct {
	User string `yaml:"user"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

type ptBoard struct {
	Code string `yaml:"code"`
	Name string `yaml:"name"`
}

type ptOrder struct {
	Number           int       `yaml:"number"`
	Draft            bool      `yaml:"draft"` // created, never adopted
	Title            string    `yaml:"title"`
	AdoptedRef       string    `yaml:"adopted_ref"`
	AdoptedOn        string    `yaml:"adopted_on"`
	ValidFrom        string    `yaml:"valid_from"`
	ExcludePrinciple bool      `yaml:"exclude_principle"`
	UrgentDeciders   []string  `yaml:"urgent_deciders"`
	Points           []ptPoint `yaml:"points"`
}

type ptPoint struct {
	Code        string   `yaml:"code"`
	Matter      string   `yaml:"matter"`
	Delegate    string   `yaml:"delegate"`
	Substitutes []string `yaml:"substitutes"`
	Limit       string   `yaml:"limit"` // delegation.ParseLimit; empty: no limit
	ReportTo    string   `yaml:"report_to"`
	UrgentOnly  bool     `yaml:"urgent_only"`
	Excluded    []string `yaml:"excluded"`
	Principle   bool     `yaml:"principle"`
}

type ptUser struct {
	Username string   `yaml:"username"`
	Name     string   `yaml:"name"`
	Roles    []ptRole `yaml:"roles"`
}

type ptRole struct {
	Board     string `yaml:"board"` // default: the file's board
	Role      string `yaml:"role"`
	ValidFrom string `yaml:"valid_from"`
	ValidTo   string `yaml:"valid_to"` // empty: open-ended
}

// ptRow is one check and its expected answer.
type ptRow struct {
	Name             string   `yaml:"name"`
	User             string   `yaml:"user"`
	Point            string   `yaml:"point"`
	Kind             string   `yaml:"kind"`
	Amount           ptAmount `yaml:"amount"`
	Date             string   `yaml:"date"`
	SubstituteReason string   `yaml:"substitute_reason"`
	Case             string   `yaml:"case"`
	Expect           string   `yaml:"expect"`
	Reasons          []string `yaml:"reasons"`
	ActingAs         string   `yaml:"acting_as"`
	ActingRole       string   `yaml:"acting_role"`
	Version          *int     `yaml:"version"`
	LimitOre         *int64   `yaml:"limit_ore"`
	Error            string   `yaml:"error"`
}

// ptAmount is an amount in öre: an integer is öre, a string is kronor
// written the Swedish way ("180 000,01 kr", "1,5 mnkr"), read with
// delegation.ParseLimit (so it must be positive and in kronor).
type ptAmount struct{ ore int64 }

func (a *ptAmount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: amount must be öre (integer) or kronor (text)", n.Line)
	}
	if n.Tag == "!!int" {
		v, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil {
			return fmt.Errorf("line %d: amount %q: %v", n.Line, n.Value, err)
		}
		a.ore = v
		return nil
	}
	l, err := delegation.ParseLimit(n.Value)
	switch {
	case err != nil:
		return fmt.Errorf("line %d: amount %q: %v", n.Line, n.Value, err)
	case l == nil || l.PBBCents != 0:
		return fmt.Errorf("line %d: amount %q: write kronor (\"180 000 kr\") or öre (an integer)", n.Line, n.Value)
	}
	a.ore = l.Ore
	return nil
}

// Expectations of a row.
const (
	ptAllow = "allow"
	ptDeny  = "deny"
	ptError = "error"
)

// ptActs and ptReasons are the values acting_as and reasons may name, so
// a typo in a file is an error rather than a row that can never pass.
var (
	ptActs = []string{string(policies.ActDelegate), string(policies.ActSubstitute), string(policies.ActUrgent),
		string(policies.ActUrgentSubstitute)}
	ptReasons = []string{workflow.ReasonNotDelegate, workflow.ReasonAmountExceeds, workflow.ReasonNotDelegable,
		workflow.ReasonNotInForce, workflow.ReasonJav, workflow.ReasonRoleNotValid, workflow.ReasonSubstituteNoCause,
		workflow.ReasonOutsideFrame, workflow.ReasonReadOnly, workflow.ReasonSubstituteJavUnrecorded,
		workflow.ReasonSubstituteAbsenceUnrecorded}
)

// ptPrepared is a validated file: its orders as drafts with adoptions.
type ptPrepared struct {
	file      ptFile
	today     platform.Date
	drafts    []delegation.Draft
	adoptions []delegation.Adoption
	users     []identity.NewUser
	dates     map[string]platform.Date // row name → date
}

// ptLoad reads and validates a policy table. Every problem is reported at
// once; a row naming an unknown user, point or case label is a problem,
// never a skipped row.
func ptLoad(r io.Reader) (ptPrepared, error) {
	var p ptPrepared
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&p.file); err != nil {
		return p, fmt.Errorf("decode: %w", err)
	}
	f := &p.file
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	date := func(what, s string, required bool) platform.Date {
		if s == "" {
			if required {
				bad("%s: date required", what)
			}
			return platform.Date{}
		}
		d, err := platform.ParseDate(s)
		if err != nil {
			bad("%s: date %q: %v", what, s, err)
		}
		return d
	}

	if err := (board.Board{Code: f.Board.Code, Name: f.Board.Name, Kind: board.KindBoard}).Validate(); err != nil {
		bad("board: %v", err)
	}
	p.today = platform.DateOf(apptest.Start)
	if f.Today != "" {
		p.today = date("today", f.Today, true)
	}

	points := map[string]bool{}
	for i, o := range f.Orders {
		what := fmt.Sprintf("orders[%d]", i)
		if o.Number != i+1 {
			bad("%s: number %d, but versions are numbered 1, 2, … in the order listed", what, o.Number)
		}
		d := delegation.Draft{Title: o.Title, ExcludePrinciple: o.ExcludePrinciple, UrgentDeciders: o.UrgentDeciders}
		a := delegation.Adoption{Ref: o.AdoptedRef, AdoptedOn: date(what+".adopted_on", o.AdoptedOn, !o.Draft),
			ValidFrom: date(what+".valid_from", o.ValidFrom, true)}
		d.ValidFrom = a.ValidFrom
		if a.Ref == "" {
			a.Ref = fmt.Sprintf("%s %s § %d", f.Board.Code, o.AdoptedOn, o.Number)
		}
		switch {
		case o.Draft && (o.AdoptedOn != "" || o.AdoptedRef != ""):
			bad("%s: a draft has no adoption", what)
		case a.AdoptedOn.After(p.today):
			bad("%s: adopted_on %s is after today (%s): adoption would be refused", what, a.AdoptedOn, p.today)
		}
		for j, pt := range o.Points {
			lim, err := delegation.ParseLimit(pt.Limit)
			if err != nil {
				bad("%s.points[%d] %s: %v", what, j, pt.Code, err)
			}
			if pt.Matter == "" {
				pt.Matter = "Ärendegrupp " + pt.Code
			}
			if pt.ReportTo == "" {
				pt.ReportTo = string(delegation.ReportBoard)
			}
			var excl []delegation.Category
			for _, c := range pt.Excluded {
				excl = append(excl, delegation.Category(c))
			}
			d.Points = append(d.Points, delegation.Point{Code: pt.Code, Matter: pt.Matter, Delegate: pt.Delegate,
				Substitutes: pt.Substitutes, Limit: lim, ReportTo: delegation.ReportTo(pt.ReportTo),
				UrgentOnly: pt.UrgentOnly, Excluded: excl, Principle: pt.Principle})
			points[pt.Code] = true
		}
		o := delegation.Order{Board: f.Board.Code, Number: i + 1, ValidFrom: d.ValidFrom,
			ExcludePrinciple: d.ExcludePrinciple, UrgentDeciders: d.UrgentDeciders, Points: d.Points}
		if err := o.Validate(); err != nil {
			bad("%s: %v", what, err)
		}
		p.drafts, p.adoptions = append(p.drafts, d), append(p.adoptions, a)
	}

	users := map[string]bool{}
	for i, u := range f.Users {
		what := fmt.Sprintf("users[%d] %s", i, u.Username)
		if users[u.Username] {
			bad("%s: declared twice", what)
		}
		users[u.Username] = true
		nu := identity.NewUser{Username: u.Username, Name: u.Name, Password: "policytabell-lösenord"}
		if nu.Name == "" {
			nu.Name = u.Username
		}
		for j, r := range u.Roles {
			b := r.Board
			if b == "" {
				b = f.Board.Code
			}
			if !identity.Role(r.Role).Valid() {
				bad("%s: roles[%d]: unknown role %q", what, j, r.Role)
			}
			nu.Roles = append(nu.Roles, identity.RoleAssignment{Board: b, Role: identity.Role(r.Role),
				ValidFrom: date(fmt.Sprintf("%s: roles[%d].valid_from", what, j), r.ValidFrom, true),
				ValidTo:   date(fmt.Sprintf("%s: roles[%d].valid_to", what, j), r.ValidTo, false)})
		}
		p.users = append(p.users, nu)
	}

	if len(f.Jav) > 0 && !users[f.Registrar] {
		bad("registrar %q (who registers the cases of jav:) is not declared in users:", f.Registrar)
	}
	for label, people := range f.Jav {
		for _, u := range people {
			if !users[u] {
				bad("jav %q: user %q is not declared in users:", label, u)
			}
		}
	}

	for i, a := range f.Absences {
		what := fmt.Sprintf("absences[%d]", i)
		if !users[a.User] {
			bad("%s: user %q is not declared in users:", what, a.User)
		}
		if from, to := date(what+".from", a.From, true), date(what+".to", a.To, true); to.Before(from) {
			bad("%s: to %s is before from %s", what, to, from)
		}
	}
	if len(f.Cases) == 0 {
		bad("cases: the table is empty")
	}
	names := map[string]bool{}
	p.dates = map[string]platform.Date{}
	for i, r := range f.Cases {
		what := fmt.Sprintf("cases[%d] %q", i, r.Name)
		switch {
		case r.Name == "":
			bad("%s: name required", what)
		case names[r.Name]:
			bad("%s: name used twice", what)
		}
		names[r.Name] = true
		if !users[r.User] {
			bad("%s: user %q is not declared in users:", what, r.User)
		}
		if !points[r.Point] {
			bad("%s: point %q is in no version of orders:", what, r.Point)
		}
		if _, ok := f.Jav[r.Case]; r.Case != "" && !ok {
			bad("%s: case %q is not a label of jav:", what, r.Case)
		}
		p.dates[r.Name] = date(what+".date", r.Date, true)
		if r.ActingAs != "" && !slices.Contains(ptActs, r.ActingAs) {
			bad("%s: acting_as %q is not one of %v", what, r.ActingAs, ptActs)
		}
		for _, reason := range r.Reasons {
			if !slices.Contains(ptReasons, reason) {
				bad("%s: reason %q is not one of %v", what, reason, ptReasons)
			}
		}
		switch r.Expect {
		case ptAllow:
			if len(r.Reasons) > 0 || r.Error != "" {
				bad("%s: an allowed check has no reasons or error", what)
			}
			if r.ActingAs == "" {
				bad("%s: allow needs acting_as", what)
			}
		case ptDeny:
			if len(r.Reasons) == 0 {
				bad("%s: deny needs the exact set of reasons", what)
			}
			if r.ActingAs != "" || r.ActingRole != "" || r.Error != "" {
				bad("%s: a denied check has no acting_as, acting_role or error", what)
			}
		case ptError:
			if r.Error == "" {
				bad("%s: expect error needs error: <code>", what)
			}
			if len(r.Reasons) > 0 || r.ActingAs != "" || r.Version != nil || r.LimitOre != nil {
				bad("%s: an error row has only error:", what)
			}
		default:
			bad("%s: expect must be allow, deny or error, not %q", what, r.Expect)
		}
	}
	return p, errors.Join(errs...)
}

// TestPolicyTable runs every policy table file against the engine.
func TestPolicyTable(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(ptDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no policy table files in %s", ptDir)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ptLoad(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s is not a valid policy table:\n%v", path, err)
			}
			ptRun(t, p)
		})
	}
}

// ptRun sets the scenario up on a fresh application and checks every row.
func ptRun(t *testing.T, p ptPrepared) {
	f := p.file
	env := apptest.New(t, apptest.WithConfig(func(c *config.Config) { c.NoDemo, c.Demo = true, false }))
	ctx := t.Context()
	env.Clock.Set(time.Date(p.today.Year, time.Month(p.today.Month), p.today.Day, 9, 0, 0, 0, platform.Stockholm))

	// No demo data: the board must not exist yet, so nothing but the file
	// decides the answers.
	if _, err := env.App.Boards.GetBoard(ctx, f.Board.Code); err == nil {
		t.Fatalf("board %s exists before the table set it up (demo data loaded?)", f.Board.Code)
	}
	if _, err := env.App.Boards.InsertBoard(ctx, board.Board{Code: f.Board.Code, Name: f.Board.Name,
		Kind: board.KindBoard, Organisation: "Testkommun", CreatedAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatalf("insert board %s: %v", f.Board.Code, err)
	}

	// The prisbasbelopp table an administrator maintains: the published
	// values 2023–2026 (a year without one is reference_value_missing).
	refs := repo.NewAdmin(env.Backend)
	pbb, err := refs.GetPrisbasbelopp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for y, v := range delegation.PrisbasbeloppOre {
		if err := pbb.Set("policytabell", env.Clock.Now(), y, v, "policytabell", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := refs.PutPrisbasbelopp(ctx, pbb); err != nil {
		t.Fatal(err)
	}

	users := map[string]identity.User{}
	for _, nu := range p.users {
		u, err := env.App.Identity.CreateUser(ctx, nu)
		if err != nil {
			t.Fatalf("create user %s: %v", nu.Username, err)
		}
		users[u.Username] = u
	}

	for i, d := range p.drafts {
		o, err := env.App.Orders.CreateDraft(ctx, f.Board.Code, "policytabell", d)
		if err != nil {
			t.Fatalf("orders[%d]: create draft: %v", i, err)
		}
		if o.Number != f.Orders[i].Number {
			t.Fatalf("orders[%d]: the draft got number %d, the file says %d", i, o.Number, f.Orders[i].Number)
		}
		if f.Orders[i].Draft {
			continue
		}
		a, err := env.App.Orders.Adopt(ctx, f.Board.Code, o.Number, o.Version, p.adoptions[i])
		if err != nil {
			t.Fatalf("orders[%d]: adopt version %d: %v", i, o.Number, err)
		}
		if a.Status != delegation.StatusAdopted || a.ContentHash == "" {
			t.Fatalf("orders[%d]: adopted version is %s with hash %q", i, a.Status, a.ContentHash)
		}
	}

	for i, a := range f.Absences {
		in := workflow.AbsenceInput{Username: a.User, From: platform.MustParseDate(a.From), To: platform.MustParseDate(a.To),
			Note: "förhinder enligt policytabellen"}
		if _, err := env.App.Workflow.Decisions.RecordAbsence(ctx, users[a.User], f.Board.Code, in); err != nil {
			t.Fatalf("absences[%d]: %s records the absence: %v", i, a.User, err)
		}
	}

	caseIDs := map[string]string{}
	labels := make([]string, 0, len(f.Jav))
	for l := range f.Jav {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, label := range labels {
		reg := users[f.Registrar]
		c, err := env.App.Workflow.Cases.Register(ctx, reg, cases.Registration{Board: f.Board.Code, Title: label})
		if err != nil {
			t.Fatalf("jav %q: register the case as %s: %v", label, f.Registrar, err)
		}
		for _, person := range f.Jav[label] {
			// Each person discloses their own jäv.
			c, err = env.App.Workflow.Cases.DeclareJav(ctx, users[person], c.ID, c.Version, person, "jäv enligt policytabellen")
			if err != nil {
				t.Fatalf("jav %q: declare %s jävig: %v", label, person, err)
			}
		}
		for _, person := range f.Jav[label] {
			if !c.Jav(person) {
				t.Fatalf("jav %q: %s is not jävig after the declaration", label, person)
			}
		}
		caseIDs[label] = c.ID
	}

	for _, r := range f.Cases {
		t.Run(r.Name, func(t *testing.T) {
			in := workflow.CheckInput{Board: f.Board.Code, Username: r.User, PointCode: r.Point,
				Kind: cases.DecisionKind(r.Kind), AmountOre: r.Amount.ore, Date: p.dates[r.Name],
				CaseID: caseIDs[r.Case], SubstituteReason: r.SubstituteReason}
			res, err := env.App.Workflow.Decisions.CheckDelegation(ctx, in)
			if problems := ptCompare(r, res, err); len(problems) > 0 {
				t.Errorf("%s on %s by %s (kind %q, %d öre, reason %q, case %q):\n  %s\n  got: %s",
					r.Point, r.Date, r.User, r.Kind, r.Amount.ore, r.SubstituteReason, r.Case,
					strings.Join(problems, "\n  "), ptDescribe(res, err))
			}
		})
	}
}

// ptCompare lists how a check's answer differs from the row.
func ptCompare(r ptRow, res workflow.CheckResult, err error) []string {
	var out []string
	if r.Expect == ptError {
		if err == nil {
			return []string{fmt.Sprintf("want error %s, got none", r.Error)}
		}
		f := fault.From(err)
		if f.Code != r.Error && !slices.ContainsFunc(f.Fields, func(fe fault.FieldError) bool { return fe.Code == r.Error }) {
			out = append(out, fmt.Sprintf("want error %s", r.Error))
		}
		return out
	}
	if err != nil {
		return []string{fmt.Sprintf("want %s, got error", r.Expect)}
	}
	if res.Allowed != (r.Expect == ptAllow) {
		out = append(out, fmt.Sprintf("want %s", r.Expect))
	}
	want, got := slices.Sorted(slices.Values(r.Reasons)), slices.Sorted(slices.Values(res.Reasons))
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(want, got) {
		out = append(out, fmt.Sprintf("want reasons %v", want))
	}
	if res.ActingAs != r.ActingAs {
		out = append(out, fmt.Sprintf("want acting_as %q", r.ActingAs))
	}
	if r.ActingRole != "" && res.ActingRole != r.ActingRole {
		out = append(out, fmt.Sprintf("want acting_role %q", r.ActingRole))
	}
	if r.Expect == ptAllow {
		// The proof: the Casbin rule that allowed it names the point and the act.
		if len(res.MatchedRule) != 5 || res.MatchedRule[2] != r.Point || res.MatchedRule[3] != r.ActingAs ||
			res.MatchedRule[0] != res.ActingRole {
			out = append(out, fmt.Sprintf("want a matched rule for %s acting as %s", r.Point, r.ActingAs))
		}
	} else if len(res.MatchedRule) != 0 {
		out = append(out, "want no matched rule on a denial")
	}
	if r.Version != nil {
		switch {
		case *r.Version == 0 && res.Version != nil:
			out = append(out, "want no version in force")
		case *r.Version != 0 && (res.Version == nil || res.Version.Number != *r.Version):
			out = append(out, fmt.Sprintf("want version %d", *r.Version))
		}
	}
	if res.Version != nil && res.Version.ContentHash == "" {
		out = append(out, "want the version's content hash")
	}
	if r.LimitOre != nil && (res.LimitOre == nil || *res.LimitOre != *r.LimitOre) {
		out = append(out, fmt.Sprintf("want limit_ore %d", *r.LimitOre))
	}
	return out
}

func ptDescribe(res workflow.CheckResult, err error) string {
	if err != nil {
		f := fault.From(err)
		var fields []string
		for _, fe := range f.Fields {
			fields = append(fields, fe.Field+" "+fe.Code)
		}
		return fmt.Sprintf("error %s %v (%v)", f.Code, fields, err)
	}
	v, lim := "none", "none"
	if res.Version != nil {
		v = strconv.Itoa(res.Version.Number)
	}
	if res.LimitOre != nil {
		lim = strconv.FormatInt(*res.LimitOre, 10)
	}
	return fmt.Sprintf("allowed=%t reasons=%v acting_as=%q acting_role=%q rule=%v version=%s limit_ore=%s",
		res.Allowed, res.Reasons, res.ActingAs, res.ActingRole, res.MatchedRule, v, lim)
}

// TestPolicyTableRejectsBadRows: a row naming what the file does not
// declare fails the file instead of being skipped.
func TestPolicyTableRejectsBadRows(t *testing.T) {
	const doc = `
board: {code: ITN, name: Ölands IT-nämnd}
orders:
  - number: 1
    adopted_on: 2024-12-12
    valid_from: 2025-01-01
    points:
      - {code: A16, delegate: ordforande}
users:
  - username: ordforande
    roles: [{role: ordforande, valid_from: 2023-01-01}]
jav:
  avtal: [ordforande]
cases:
  - {name: okänd användare, user: nobody, point: A16, date: 2025-06-01, expect: allow, acting_as: delegate}
  - {name: okänd punkt, user: ordforande, point: Z9, date: 2025-06-01, expect: allow, acting_as: delegate}
  - {name: okänt ärende, user: ordforande, point: A16, date: 2025-06-01, case: annat, expect: deny, reasons: [jav]}
  - {name: nekad utan skäl, user: ordforande, point: A16, date: 2025-06-01, expect: deny}
  - {name: tillåten utan roll, user: ordforande, point: A16, date: 2025-06-01, expect: allow}
  - {name: okänt utfall, user: ordforande, point: A16, date: 2025-06-01, expect: maybe}
  - {name: stavfel, user: ordforande, point: A16, date: 2025-06-01, expect: deny, reasons: [not_delegatee]}
  - {name: dubbel, user: ordforande, point: A16, date: 2025-06-01, expect: allow, acting_as: delegate}
  - {name: dubbel, user: ordforande, point: A16, date: 2025-13-01, expect: allow, acting_as: delegate}
`
	_, err := ptLoad(strings.NewReader(doc))
	if err == nil {
		t.Fatal("a table with unknown names loaded without error")
	}
	for _, want := range []string{`user "nobody" is not declared`, `point "Z9" is in no version`,
		`case "annat" is not a label`, `registrar ""`, "deny needs the exact set", "allow needs acting_as",
		`expect must be allow, deny or error, not "maybe"`, `reason "not_delegatee"`, "name used twice", `date "2025-13-01"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}

	if _, err := ptLoad(strings.NewReader("board: {code: ITN, name: X}\nunknown_key: 1\n")); err == nil {
		t.Error("an unknown key loaded without error")
	}
	if _, err := ptLoad(strings.NewReader(strings.Replace(doc, "cases:", "cases:\n  - {name: x, user: ordforande, point: A16, date: 2025-06-01, amount: 5 pbb, expect: deny, reasons: [a]}", 1))); err == nil ||
		!strings.Contains(err.Error(), "write kronor") {
		t.Errorf("an amount in prisbasbelopp loaded: %v", err)
	}
}

// TestPolicyTableCompareCatchesDifferences: the comparison notices every
// field of the answer that differs from the row.
func TestPolicyTableCompareCatchesDifferences(t *testing.T) {
	one, two := 1, 2
	lim := int64(100)
	allowRow := ptRow{Point: "A16", Expect: ptAllow, ActingAs: "delegate", ActingRole: "ordforande", Version: &one, LimitOre: &lim}
	good := workflow.CheckResult{Allowed: true, Reasons: []string{}, ActingAs: "delegate", ActingRole: "ordforande",
		MatchedRule: []string{"ordforande", "ITN", "A16", "delegate", "ore:100"}, LimitOre: &lim,
		Version: &workflow.OrderRef{Number: 1, ContentHash: "h"}}
	if p := ptCompare(allowRow, good, nil); len(p) != 0 {
		t.Fatalf("a matching answer differs: %v", p)
	}
	mutations := map[string]func(*workflow.CheckResult){
		"denied":      func(r *workflow.CheckResult) { r.Allowed = false },
		"reasons":     func(r *workflow.CheckResult) { r.Reasons = []string{"jav"} },
		"acting_as":   func(r *workflow.CheckResult) { r.ActingAs = "substitute" },
		"acting_role": func(r *workflow.CheckResult) { r.ActingRole = "ledamot" },
		"rule":        func(r *workflow.CheckResult) { r.MatchedRule = []string{"ordforande", "ITN", "B3", "delegate", "*"} },
		"version":     func(r *workflow.CheckResult) { r.Version = &workflow.OrderRef{Number: two, ContentHash: "h"} },
		"no version":  func(r *workflow.CheckResult) { r.Version = nil },
		"no hash":     func(r *workflow.CheckResult) { r.Version = &workflow.OrderRef{Number: 1} },
		"limit":       func(r *workflow.CheckResult) { l := int64(99); r.LimitOre = &l },
	}
	for name, mutate := range mutations {
		res := good
		mutate(&res)
		if p := ptCompare(allowRow, res, nil); len(p) == 0 {
			t.Errorf("%s: the difference went unnoticed", name)
		}
	}
	if p := ptCompare(allowRow, good, errors.New("boom")); len(p) == 0 {
		t.Error("an error went unnoticed")
	}
	denyRow := ptRow{Point: "A16", Expect: ptDeny, Reasons: []string{"jav", "amount_exceeds_limit"}}
	denied := workflow.CheckResult{Reasons: []string{"amount_exceeds_limit", "jav"}, MatchedRule: []string{}}
	if p := ptCompare(denyRow, denied, nil); len(p) != 0 {
		t.Fatalf("a matching denial differs: %v", p)
	}
	for _, reasons := range [][]string{{"jav"}, {"jav", "amount_exceeds_limit", "jav"}, {"jav", "not_delegate"}} {
		if p := ptCompare(denyRow, workflow.CheckResult{Reasons: reasons}, nil); len(p) == 0 {
			t.Errorf("reasons %v went unnoticed", reasons)
		}
	}
	errRow := ptRow{Expect: ptError, Error: "invalid_substitute_reason"}
	if p := ptCompare(errRow, workflow.CheckResult{}, (&fault.Fields{{Field: "/substitute_reason",
		Code: "invalid_substitute_reason"}}).Err(fault.Unprocessable)); len(p) != 0 {
		t.Errorf("a matching error differs: %v", p)
	}
	if p := ptCompare(errRow, workflow.CheckResult{}, delegation.ErrUnknownPoint); len(p) == 0 {
		t.Error("a different error went unnoticed")
	}
}
