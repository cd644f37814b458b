package allocation

import (
	"fmt"
	"math"
	"strconv"
)

// LineKind says how a budget or result line is allocated.
type LineKind string

const (
	// KindShared is a cost or revenue inside the shared net cost
	// (gemensam nettokostnad), split by the key. Revenues are negative,
	// e.g. income from the municipal companies (Bilaga 3: counted into
	// the net cost before the split). A shared line names no member.
	KindShared LineKind = "shared"
	// KindPolitical is a political cost of one member: arvoden and
	// expense allowances of the elected members it pays (§13, §16). Never
	// split; charged to Line.Member.
	KindPolitical LineKind = "political"
	// KindDirect is a cost that can be traced to one member ("kostnader
	// som kan härledas till en kommun", §13), charged to Line.Member. A
	// direct line with an ITObject is an ordered IT object (§15).
	KindDirect LineKind = "direct"
	// KindContribution is a member's payment to the board (intäkter från
	// kommunen), negative. It is not part of the net cost but part of the
	// year's result: net cost plus contributions is the över-/underskott
	// of the shared part, which is split by the key (§17).
	KindContribution LineKind = "contribution"
)

// Valid reports whether k is one of the defined line kinds.
func (k LineKind) Valid() bool {
	return k == KindShared || k == KindPolitical || k == KindDirect || k == KindContribution
}

// Line is one amount of a budget, forecast or outcome.
type Line struct {
	// Category is the account group, e.g. "Personalkostnader". A label
	// only; it does not affect the calculation.
	Category string `json:"category"`
	// ITObject is the IT object (objekt) the line belongs to, e.g.
	// "Digital arbetsplats", or empty. On a direct line it marks an
	// ordered object, invoiced under RuleObjectsInArrears.
	ITObject string `json:"it_object"`
	// Kind says how the line is allocated.
	Kind LineKind `json:"kind"`
	// Member is the member code of a political, direct or contribution
	// line; it must be empty on a shared line.
	Member string `json:"member"`
	// Amount in öre: costs positive, revenues and contributions negative.
	Amount int64 `json:"amount"`
}

// Member is a member municipality of the gemensam nämnd.
type Member struct {
	// Code is the member's code, e.g. "0885"; unique within the input.
	Code string `json:"code"`
	// Name is the member's name, e.g. "Borgholms kommun". A label only.
	Name string `json:"name"`
	// Host marks the värdkommun, in whose organisation the nämnd sits. At
	// most one member is the host.
	Host bool `json:"host"`
	// Users is the number of users in the member's kommunkoncern per 1
	// January of the year before the operating year; > 0.
	Users int64 `json:"users"`
}

// InvoicingRule says how the host invoices the members during the year
// (ersättning till värdkommunen).
type InvoicingRule string

const (
	// RuleQuarterlyAdvance is §14 of the agreement (2025): each member's
	// annual invoiced amount is its key share of the budgeted net cost
	// (Σ budget shared lines) plus its budgeted political and direct
	// lines; it is invoiced in four quarterly parts in advance, and the
	// December reconciliation settles the difference to the result.
	RuleQuarterlyAdvance InvoicingRule = "quarterly_advance"
	// RuleObjectsInArrears is §15 (2026 on): each member's annual
	// invoiced amount is its ordered IT objects (its budget direct lines
	// that carry an ITObject) plus its key share of the budgeted net
	// cost; it is invoiced in four quarterly parts in arrears. Political
	// costs and direct lines without an ITObject are not invoiced during
	// the year; they, like every deviation from the budget, are settled
	// by the December reconciliation.
	RuleObjectsInArrears InvoicingRule = "objects_in_arrears"
)

// Valid reports whether r is one of the defined invoicing rules.
func (r InvoicingRule) Valid() bool { return r == RuleQuarterlyAdvance || r == RuleObjectsInArrears }

// The values of Input.ResultKind.
const (
	// ResultKindForecast: Input.Result is a forecast (årsprognos).
	ResultKindForecast = "forecast"
	// ResultKindOutcome: Input.Result is the outcome (utfall).
	ResultKindOutcome = "outcome"
)

// Input is everything Calculate needs for one operating year.
type Input struct {
	// Year is the operating year (verksamhetsår); > 0. A label only: the
	// key and the rule are inputs, not derived from the year.
	Year int `json:"year"`
	// Members are the member municipalities, in the order the results
	// are reported.
	Members []Member `json:"members"`
	// Mode is the key mode: exact user counts or rounded percentages.
	Mode KeyMode `json:"mode"`
	// Budget is the year's budget (årsbudget).
	Budget []Line `json:"budget"`
	// Result is the year's forecast or outcome.
	Result []Line `json:"result"`
	// ResultKind is ResultKindForecast or ResultKindOutcome.
	ResultKind string `json:"result_kind"`
	// Rule is the invoicing rule of the year.
	Rule InvoicingRule `json:"rule"`
}

// MemberResult is one member's part of a Calculate result. All amounts
// are öre.
type MemberResult struct {
	// Code is the member's code, copied from the input like Name, Host
	// and Users.
	Code string `json:"code"`
	// Name is the member's name.
	Name string `json:"name"`
	// Host marks the värdkommun.
	Host bool `json:"host"`
	// Users is the member's user count.
	Users int64 `json:"users"`
	// KeyUnits is the member's weight in the key: Users under
	// KeyExactUsers, PerMille under KeyRoundedPercent.
	KeyUnits int64 `json:"key_units"`
	// PerMille is the member's share of the users in per-mille, rounded
	// half up (547 for 54,7 %), whatever the key mode.
	PerMille int64 `json:"per_mille"`
	// Percent is PerMille written the Swedish way, "54,7 %".
	Percent string `json:"percent"`

	// BudgetNetShare is the member's key share of the budgeted net cost.
	BudgetNetShare int64 `json:"budget_net_share"`
	// BudgetPolitical is Σ the member's budget political lines.
	BudgetPolitical int64 `json:"budget_political"`
	// BudgetDirect is Σ the member's budget direct lines.
	BudgetDirect int64 `json:"budget_direct"`
	// BudgetObjects is the part of BudgetDirect that carries an ITObject.
	BudgetObjects int64 `json:"budget_objects"`
	// BudgetContributions is Σ the member's budget contribution lines
	// (informational: no rule uses it).
	BudgetContributions int64 `json:"budget_contributions"`

	// Invoiced is the annual amount invoiced during the year by the rule.
	Invoiced int64 `json:"invoiced"`
	// Invoices are the four quarterly invoices; they sum to Invoiced
	// exactly, any left-over öre going to the earliest quarters. Under
	// RuleQuarterlyAdvance they are due at the start of each quarter,
	// under RuleObjectsInArrears after its end.
	Invoices [4]int64 `json:"invoices"`

	// ResultNetShare is the member's key share of the result's net cost
	// (Σ result shared lines).
	ResultNetShare int64 `json:"result_net_share"`
	// ResultShared is the member's key share of the shared part's
	// över-/underskott: Σ result shared and contribution lines (net cost
	// minus the contributions paid). Positive is a deficit.
	ResultShared int64 `json:"result_shared"`
	// ResultPolitical is Σ the member's result political lines.
	ResultPolitical int64 `json:"result_political"`
	// ResultDirect is Σ the member's result direct lines.
	ResultDirect int64 `json:"result_direct"`
	// ResultContributions is Σ the member's own result contribution lines
	// (what it paid; informational, since the shared result is split by
	// the key regardless of who paid).
	ResultContributions int64 `json:"result_contributions"`
	// Total = ResultShared + ResultPolitical + ResultDirect: what the
	// member carries of the year's result. Positive is a deficit.
	Total int64 `json:"total"`
	// Reconciliation is the December settlement (årsavstämning):
	// ResultNetShare + ResultPolitical + ResultDirect − Invoiced.
	// Positive: the member pays that much more; negative: it is refunded.
	Reconciliation int64 `json:"reconciliation"`
}

// Result is the outcome of Calculate. All amounts are öre; every total is
// the exact sum of the members' amounts (see Check).
type Result struct {
	// Year is the operating year, copied from the input like Mode, Rule
	// and ResultKind.
	Year int `json:"year"`
	// Mode is the key mode used.
	Mode KeyMode `json:"mode"`
	// Rule is the invoicing rule used.
	Rule InvoicingRule `json:"rule"`
	// ResultKind is "forecast" or "outcome".
	ResultKind string `json:"result_kind"`
	// Members are the per-member results, in input order.
	Members []MemberResult `json:"members"`

	// BudgetNet is the budgeted net cost: Σ budget shared lines.
	BudgetNet int64 `json:"budget_net"`
	// BudgetPolitical is Σ budget political lines.
	BudgetPolitical int64 `json:"budget_political"`
	// BudgetDirect is Σ budget direct lines.
	BudgetDirect int64 `json:"budget_direct"`
	// BudgetObjects is Σ budget direct lines that carry an ITObject.
	BudgetObjects int64 `json:"budget_objects"`
	// BudgetContributions is Σ budget contribution lines.
	BudgetContributions int64 `json:"budget_contributions"`
	// Invoiced is Σ the members' Invoiced.
	Invoiced int64 `json:"invoiced"`

	// ResultNet is the result's net cost: Σ result shared lines.
	ResultNet int64 `json:"result_net"`
	// ResultContributions is Σ result contribution lines (negative).
	ResultContributions int64 `json:"result_contributions"`
	// ResultShared = ResultNet + ResultContributions: the över-/underskott
	// of the shared part, split by the key.
	ResultShared int64 `json:"result_shared"`
	// ResultPolitical is Σ result political lines.
	ResultPolitical int64 `json:"result_political"`
	// ResultDirect is Σ result direct lines.
	ResultDirect int64 `json:"result_direct"`
	// ResultTotal = ResultShared + ResultPolitical + ResultDirect: the
	// year's deficit when positive, surplus when negative.
	ResultTotal int64 `json:"result_total"`
	// Reconciliation is Σ the members' Reconciliation.
	Reconciliation int64 `json:"reconciliation"`
}

// acc accumulates the lines of one section.
type acc struct {
	shared, political, direct, objects, contributions int64
}

// add returns a + b and whether it did not overflow.
func add(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// sub returns a − b and whether it did not overflow.
func sub(a, b int64) (int64, bool) {
	s := a - b
	return s, (s < a) == (b > 0)
}

// add3 returns a + b + c and whether it did not overflow.
func add3(a, b, c int64) (int64, bool) {
	s, ok1 := add(a, b)
	s, ok2 := add(s, c)
	return s, ok1 && ok2
}

// addTo adds b to *a, reporting whether it did not overflow.
func addTo(a *int64, b int64) bool {
	s, ok := add(*a, b)
	*a = s
	return ok
}

// Calculate allocates a year's budget and result between the members.
//
// For each member, in input order, it computes the key (KeyUnits,
// PerMille); the budget shares (BudgetNetShare = key share of Σ budget
// shared lines; BudgetPolitical, BudgetDirect = Σ the member's own lines);
// the annual invoiced amount and its four quarterly invoices by the rule
// (see RuleQuarterlyAdvance and RuleObjectsInArrears); the result shares
// (ResultNetShare = key share of Σ result shared lines; ResultShared = key
// share of Σ result shared and contribution lines; ResultPolitical,
// ResultDirect = Σ the member's own lines); Total = ResultShared +
// ResultPolitical + ResultDirect; and Reconciliation = ResultNetShare +
// ResultPolitical + ResultDirect − Invoiced.
//
// Every key share is computed with Split, so the shares of an amount sum
// to it exactly; the result always passes Check.
//
// Validation errors are a *MemberError, *InputError or *LineError with a
// field path and an ErrorCode (see CodeOf); the first problem found is
// returned, checking the members, then Year, Mode, Rule and ResultKind,
// then the budget lines and the result lines in order. A sum that does
// not fit in an int64 öre is reported with CodeOverflow.
func Calculate(in Input) (Result, error) {
	idx, users, usersSum, err := validate(in)
	if err != nil {
		return Result{}, err
	}
	n := len(in.Members)

	// Per-member sums of political, direct, objects and contributions.
	budget := make([]acc, 2*n)
	result := budget[n:]
	budget = budget[:n]
	var bt, rt acc
	if err := sumLines(SectionBudget, in.Budget, idx, budget, &bt); err != nil {
		return Result{}, err
	}
	if err := sumLines(SectionResult, in.Result, idx, result, &rt); err != nil {
		return Result{}, err
	}

	key, keySum := keyFrom(in.Mode, users, usersSum)
	if keySum == 0 {
		return Result{}, &InputError{Field: "Members", Code: CodeKeyAllZero}
	}

	res := Result{
		Year: in.Year, Mode: in.Mode, Rule: in.Rule, ResultKind: in.ResultKind,
		BudgetNet: bt.shared, BudgetPolitical: bt.political, BudgetDirect: bt.direct,
		BudgetObjects: bt.objects, BudgetContributions: bt.contributions,
		ResultNet: rt.shared, ResultContributions: rt.contributions,
		ResultPolitical: rt.political, ResultDirect: rt.direct,
	}
	var ok bool
	if res.ResultShared, ok = add(rt.shared, rt.contributions); !ok {
		return Result{}, &InputError{Field: "ResultShared", Code: CodeOverflow}
	}
	if res.ResultTotal, ok = add3(res.ResultShared, rt.political, rt.direct); !ok {
		return Result{}, &InputError{Field: "ResultTotal", Code: CodeOverflow}
	}

	shares := make([]int64, 3*n)
	budgetNet, resultNet, resultShared := shares[:n], shares[n:2*n], shares[2*n:]
	splitInto(budgetNet, bt.shared, key, keySum)
	splitInto(resultNet, rt.shared, key, keySum)
	splitInto(resultShared, res.ResultShared, key, keySum)

	ms := make([]MemberResult, n)
	res.Members = ms
	for i, m := range in.Members {
		overflow := func(f string) error {
			return &InputError{Field: "Members[" + strconv.Itoa(i) + "]." + f, Code: CodeOverflow}
		}
		b, r := budget[i], result[i]
		mr := &ms[i]
		*mr = MemberResult{
			Code: m.Code, Name: m.Name, Host: m.Host, Users: m.Users,
			KeyUnits: key[i].Units, PerMille: perMille(m.Users, usersSum),
			BudgetNetShare: budgetNet[i], BudgetPolitical: b.political, BudgetDirect: b.direct,
			BudgetObjects: b.objects, BudgetContributions: b.contributions,
			ResultNetShare: resultNet[i], ResultShared: resultShared[i],
			ResultPolitical: r.political, ResultDirect: r.direct, ResultContributions: r.contributions,
		}
		mr.Percent = FormatPerMille(mr.PerMille)

		switch in.Rule {
		case RuleQuarterlyAdvance:
			mr.Invoiced, ok = add3(mr.BudgetNetShare, b.political, b.direct)
		case RuleObjectsInArrears:
			mr.Invoiced, ok = add(mr.BudgetNetShare, b.objects)
		}
		if !ok {
			return Result{}, overflow("Invoiced")
		}
		mr.Invoices = quarters(mr.Invoiced)
		if !addTo(&res.Invoiced, mr.Invoiced) {
			return Result{}, &InputError{Field: "Invoiced", Code: CodeOverflow}
		}

		if mr.Total, ok = add3(mr.ResultShared, r.political, r.direct); !ok {
			return Result{}, overflow("Total")
		}
		c, ok1 := add3(mr.ResultNetShare, r.political, r.direct)
		c, ok2 := sub(c, mr.Invoiced)
		if !ok1 || !ok2 {
			return Result{}, overflow("Reconciliation")
		}
		mr.Reconciliation = c
		if !addTo(&res.Reconciliation, c) {
			return Result{}, &InputError{Field: "Reconciliation", Code: CodeOverflow}
		}
	}
	return res, nil
}

// validate checks the input's members and top-level fields. It returns
// the index of each member code, the user-count key and its sum.
func validate(in Input) (map[string]int, []Weight, uint64, error) {
	if len(in.Members) == 0 {
		return nil, nil, 0, &InputError{Field: "Members", Code: CodeNoMembers}
	}
	idx := make(map[string]int, len(in.Members))
	users := make([]Weight, len(in.Members))
	var sum uint64
	host := false
	for i, m := range in.Members {
		if m.Code == "" {
			return nil, nil, 0, &MemberError{Index: i, Field: "Code", Code: CodeMissingCode}
		}
		if _, dup := idx[m.Code]; dup {
			return nil, nil, 0, &MemberError{Index: i, Field: "Code", Code: CodeDuplicateMember}
		}
		idx[m.Code] = i
		if m.Users <= 0 {
			return nil, nil, 0, &MemberError{Index: i, Field: "Users", Code: CodeUsersNotPositive}
		}
		if sum += uint64(m.Users); sum > math.MaxInt64 {
			return nil, nil, 0, &MemberError{Index: i, Field: "Users", Code: CodeOverflow}
		}
		if m.Host {
			if host {
				return nil, nil, 0, &MemberError{Index: i, Field: "Host", Code: CodeMultipleHosts}
			}
			host = true
		}
		users[i] = Weight{Member: m.Code, Units: m.Users}
	}
	var f string
	var c ErrorCode
	switch {
	case in.Year <= 0:
		f, c = "Year", CodeInvalidYear
	case !in.Mode.Valid():
		f, c = "Mode", CodeUnknownMode
	case !in.Rule.Valid():
		f, c = "Rule", CodeUnknownRule
	case in.ResultKind != ResultKindForecast && in.ResultKind != ResultKindOutcome:
		f, c = "ResultKind", CodeUnknownResultKind
	default:
		return idx, users, sum, nil
	}
	return nil, nil, 0, &InputError{Field: f, Code: c}
}

// sumLines validates the lines of one section and adds them up: the
// members' own lines into per[member], everything into tot.
func sumLines(section string, lines []Line, idx map[string]int, per []acc, tot *acc) error {
	for i := range lines {
		l := &lines[i]
		if !l.Kind.Valid() {
			return &LineError{Section: section, Index: i, Field: "Kind", Code: CodeUnknownKind}
		}
		if l.Kind == KindShared {
			if l.Member != "" {
				return &LineError{Section: section, Index: i, Field: "Member", Code: CodeMemberOnShared}
			}
			if !addTo(&tot.shared, l.Amount) {
				return &LineError{Section: section, Index: i, Field: "Amount", Code: CodeOverflow}
			}
			continue
		}
		if l.Member == "" {
			return &LineError{Section: section, Index: i, Field: "Member", Code: CodeMissingMember}
		}
		m, known := idx[l.Member]
		if !known {
			return &LineError{Section: section, Index: i, Field: "Member", Code: CodeUnknownMember}
		}
		p := &per[m]
		ok := true
		switch l.Kind {
		case KindPolitical:
			ok = addTo(&p.political, l.Amount) && addTo(&tot.political, l.Amount)
		case KindDirect:
			ok = addTo(&p.direct, l.Amount) && addTo(&tot.direct, l.Amount)
			if ok && l.ITObject != "" {
				ok = addTo(&p.objects, l.Amount) && addTo(&tot.objects, l.Amount)
			}
		case KindContribution:
			ok = addTo(&p.contributions, l.Amount) && addTo(&tot.contributions, l.Amount)
		}
		if !ok {
			return &LineError{Section: section, Index: i, Field: "Amount", Code: CodeOverflow}
		}
	}
	return nil
}

// Check verifies the invariants of a Result exactly, to the öre: every
// total is the sum of the members' amounts; each member's quarterly
// invoices sum to its Invoiced; Total = ResultShared + ResultPolitical +
// ResultDirect and Reconciliation = ResultNetShare + ResultPolitical +
// ResultDirect − Invoiced for every member; ResultShared = ResultNet +
// ResultContributions and ResultTotal = ResultShared + ResultPolitical +
// ResultDirect. Sums are taken in 128 bits, so an overflow cannot hide a
// mismatch. It returns nil for every result Calculate returns.
func (r Result) Check() error {
	var s [11]wide
	for i, m := range r.Members {
		var q wide
		for _, x := range m.Invoices {
			q.add(x)
		}
		if !q.is(m.Invoiced) {
			return fmt.Errorf("allocation: Members[%d] (%s): quarterly invoices sum to %s, Invoiced is %d", i, m.Code, q, m.Invoiced)
		}
		var t wide
		t.add(m.ResultShared)
		t.add(m.ResultPolitical)
		t.add(m.ResultDirect)
		if !t.is(m.Total) {
			return fmt.Errorf("allocation: Members[%d] (%s): Total %d != ResultShared + ResultPolitical + ResultDirect = %s", i, m.Code, m.Total, t)
		}
		var c wide
		c.add(m.ResultNetShare)
		c.add(m.ResultPolitical)
		c.add(m.ResultDirect)
		c.sub(m.Invoiced)
		if !c.is(m.Reconciliation) {
			return fmt.Errorf("allocation: Members[%d] (%s): Reconciliation %d != ResultNetShare + ResultPolitical + ResultDirect - Invoiced = %s", i, m.Code, m.Reconciliation, c)
		}
		for j, x := range [...]int64{m.BudgetNetShare, m.BudgetPolitical, m.BudgetDirect, m.BudgetObjects,
			m.BudgetContributions, m.Invoiced, m.ResultNetShare, m.ResultShared, m.ResultPolitical,
			m.ResultDirect, m.Total} {
			s[j].add(x)
		}
	}
	totals := [...]struct {
		name string
		v    int64
	}{
		{"BudgetNet", r.BudgetNet}, {"BudgetPolitical", r.BudgetPolitical}, {"BudgetDirect", r.BudgetDirect},
		{"BudgetObjects", r.BudgetObjects}, {"BudgetContributions", r.BudgetContributions},
		{"Invoiced", r.Invoiced}, {"ResultNet", r.ResultNet}, {"ResultShared", r.ResultShared},
		{"ResultPolitical", r.ResultPolitical}, {"ResultDirect", r.ResultDirect}, {"ResultTotal", r.ResultTotal},
	}
	for j, t := range totals {
		if !s[j].is(t.v) {
			return fmt.Errorf("allocation: Σ members' %s = %s, total is %d", t.name, s[j], t.v)
		}
	}
	var rs, rc wide
	for _, m := range r.Members {
		rc.add(m.Reconciliation)
	}
	if !rc.is(r.Reconciliation) {
		return fmt.Errorf("allocation: Σ members' Reconciliation = %s, total is %d", rc, r.Reconciliation)
	}
	rs.add(r.ResultNet)
	rs.add(r.ResultContributions)
	if !rs.is(r.ResultShared) {
		return fmt.Errorf("allocation: ResultShared %d != ResultNet + ResultContributions = %s", r.ResultShared, rs)
	}
	var tt wide
	tt.add(r.ResultShared)
	tt.add(r.ResultPolitical)
	tt.add(r.ResultDirect)
	if !tt.is(r.ResultTotal) {
		return fmt.Errorf("allocation: ResultTotal %d != ResultShared + ResultPolitical + ResultDirect = %s", r.ResultTotal, tt)
	}
	return nil
}
