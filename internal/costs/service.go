package costs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/costs/allocation"
	"github.com/samstyr/samstyr/internal/costs/budget"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
)

// PendingCases finds the cases that carry recalculation tasks.
type PendingCases interface {
	ListRecalcPending(ctx context.Context, board string) ([]cases.Case, error)
	Get(ctx context.Context, id string) (cases.Case, error)
	Update(ctx context.Context, c cases.Case) (cases.Case, error)
}

// Service is the cost-allocation use cases.
type Service struct {
	store      Storer
	boards     board.Storer
	agreements agreement.Storer
	cases      PendingCases
	clock      platform.Clock
}

// NewService returns the service.
func NewService(st Storer, boards board.Storer, ag agreement.Storer, cs PendingCases, clk platform.Clock) *Service {
	return &Service{store: st, boards: boards, agreements: ag, cases: cs, clock: clk}
}

// Agreements lists a board's agreement versions.
func (s *Service) Agreements(ctx context.Context, board string) ([]agreement.Agreement, error) {
	return s.agreements.ListAgreements(ctx, board)
}

// AddAgreement stores a new agreement version with the next number.
func (s *Service) AddAgreement(ctx context.Context, by string, a agreement.Agreement) (agreement.Agreement, error) {
	b, err := s.boards.GetBoard(ctx, a.Board)
	if err != nil {
		return a, err
	}
	var fs fault.Fields
	for i, m := range a.Members {
		if !slices.ContainsFunc(b.Members, func(x board.Member) bool { return x.Code == m }) {
			fs.Add(fmt.Sprintf("/members/%d", i), "unknown_member")
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return a, err
	}
	existing, err := s.agreements.ListAgreements(ctx, a.Board)
	if err != nil {
		return a, err
	}
	a.Number = len(existing) + 1
	a.ID = fmt.Sprintf("%s/%d", a.Board, a.Number)
	a.CreatedAt, a.CreatedBy = s.clock.Now().UTC(), by
	if err := a.Validate(); err != nil {
		return a, err
	}
	return s.agreements.InsertAgreement(ctx, a)
}

// Year returns a board's budget year (empty when none was imported).
func (s *Service) Year(ctx context.Context, boardCode string, year int) (BudgetYear, error) {
	y, err := s.store.GetYear(ctx, YearID(boardCode, year))
	if err != nil && fault.From(err).Kind == fault.NotFound {
		return BudgetYear{ID: YearID(boardCode, year), Board: boardCode, Year: year, Lines: []budget.Line{}}, nil
	}
	return y, err
}

// memberNames maps member names (and short names) to codes for imports.
func memberNames(b board.Board) (codes []string, names map[string]string) {
	names = map[string]string{}
	for _, m := range b.Members {
		codes = append(codes, m.Code)
		names[m.Name] = m.Code
		for _, suffix := range []string{"s kommun", " kommun"} {
			if short, ok := cutSuffix(m.Name, suffix); ok {
				names[short] = m.Code
			}
		}
	}
	return codes, names
}

func cutSuffix(s, suffix string) (string, bool) {
	if len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// ImportBudget reads a CSV of lines for a year, replaces the lines of the
// types the file contains, and records a new snapshot. A bad file changes
// nothing and lists every bad row and column.
func (s *Service) ImportBudget(ctx context.Context, by, boardCode string, year int, r io.Reader) (BudgetYear, Snapshot, error) {
	b, err := s.boards.GetBoard(ctx, boardCode)
	if err != nil {
		return BudgetYear{}, Snapshot{}, err
	}
	if b.Kind != board.KindJointBoard {
		return BudgetYear{}, Snapshot{}, ErrNotJointBoard
	}
	codes, names := memberNames(b)
	lines, err := budget.ReadCSV(r, year, codes, names)
	if err != nil {
		return BudgetYear{}, Snapshot{}, err
	}
	var types []budget.LineType
	for _, l := range lines {
		if !slices.Contains(types, l.Type) {
			types = append(types, l.Type)
		}
	}
	// Check the key and the invoicing rule before storing anything, so a
	// year without user counts or without a rule is refused as a whole.
	ag, members, err := s.key(ctx, b, year)
	if err != nil {
		return BudgetYear{}, Snapshot{}, err
	}
	rule, ok := ag.RuleFor(year)
	if !ok {
		return BudgetYear{}, Snapshot{}, agreement.ErrNoAgreement.WithDetail("no invoicing rule for %d", year)
	}
	imp := Import{ID: platform.NewID(), At: s.clock.Now().UTC(), By: by, Types: types, Lines: len(lines)}
	var y BudgetYear
	for attempt := 0; ; attempt++ {
		if y, err = s.Year(ctx, boardCode, year); err != nil {
			return y, Snapshot{}, err
		}
		kept := make([]budget.Line, 0, len(y.Lines)+len(lines))
		for _, l := range y.Lines {
			if !slices.Contains(types, l.Type) {
				kept = append(kept, l)
			}
		}
		y.Lines = append(kept, lines...)
		// The year's own lines must allocate (decisions that do not are
		// left out of a snapshot, these cannot be), or nothing is stored.
		if _, _, err := calculate(ag, rule, members, year, y.Lines); err != nil {
			return BudgetYear{}, Snapshot{}, err
		}
		y.Imports = append(slices.Clone(y.Imports), imp)
		saved, err := s.store.PutYear(ctx, y)
		if errors.Is(err, fault.ErrVersionConflict) && attempt < 5 {
			continue
		}
		if err != nil {
			return y, Snapshot{}, err
		}
		y = saved
		break
	}
	snap, err := s.Apply(ctx, boardCode, year, Trigger{Kind: TriggerImport, Ref: imp.ID, At: imp.At})
	return y, snap, err
}

// Apply records trigger as the next change of the board-year (once: a
// trigger already in the head is not added again) and makes sure every
// change has its snapshot. It returns the snapshot of trigger.
func (s *Service) Apply(ctx context.Context, boardCode string, year int, t Trigger) (Snapshot, error) {
	var head Head
	for attempt := 0; ; attempt++ {
		h, err := s.store.GetHead(ctx, YearID(boardCode, year))
		if err != nil && fault.From(err).Kind == fault.NotFound {
			h, err = Head{ID: YearID(boardCode, year), Board: boardCode, Year: year}, nil
		}
		if err != nil {
			return Snapshot{}, err
		}
		if slices.ContainsFunc(h.Triggers, func(x Trigger) bool { return x.Ref == t.Ref }) {
			head = h
			break
		}
		t.Seq = len(h.Triggers) + 1
		h.Triggers = append(slices.Clone(h.Triggers), t)
		saved, err := s.store.PutHead(ctx, h)
		if errors.Is(err, fault.ErrVersionConflict) && attempt < 20 {
			continue
		}
		if err != nil {
			return Snapshot{}, err
		}
		head = saved
		break
	}
	var mine Snapshot
	for _, tr := range head.Triggers {
		id := SnapshotID(boardCode, year, tr.Seq)
		snap, err := s.store.GetSnapshot(ctx, id)
		if err != nil && fault.From(err).Kind != fault.NotFound {
			return Snapshot{}, err
		}
		if err != nil {
			if snap, err = s.compute(ctx, head, tr.Seq); err != nil {
				return Snapshot{}, err
			}
			if _, err := s.store.InsertSnapshot(ctx, snap); err != nil {
				return Snapshot{}, err
			}
		}
		if tr.Ref == t.Ref {
			mine = snap
		}
	}
	return mine, nil
}

// key finds the agreement of the year and the user counts on its key
// date.
func (s *Service) key(ctx context.Context, b board.Board, year int) (agreement.Agreement, []allocation.Member, error) {
	as, err := s.agreements.ListAgreements(ctx, b.Code)
	if err != nil {
		return agreement.Agreement{}, nil, err
	}
	ag, ok := agreement.For(as, year)
	if !ok {
		return ag, nil, agreement.ErrNoAgreement.WithDetail("%s %d", b.Code, year)
	}
	keyDate := ag.KeyDate(year)
	var members []allocation.Member
	var fs fault.Fields
	for _, code := range ag.Members {
		i := slices.IndexFunc(b.Members, func(m board.Member) bool { return m.Code == code })
		if i < 0 {
			fs.Add("/members/"+code, "unknown_member")
			continue
		}
		m := b.Members[i]
		var users int64
		found := false
		for _, uc := range m.UserCounts { // the latest recorded count for the key date wins
			if uc.KeyDate == keyDate {
				users, found = uc.Users, true
			}
		}
		if !found {
			f := ErrNoUserCounts.WithDetail("%s has no user count for %s", m.Name, keyDate)
			return ag, nil, f
		}
		members = append(members, allocation.Member{Code: m.Code, Name: m.Name, Host: m.Code == ag.Host, Users: users})
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return ag, nil, err
	}
	return ag, members, nil
}

// compute derives snapshot seq of a board-year: the year's lines plus the
// impact of every decision up to seq, in both key modes.
func (s *Service) compute(ctx context.Context, head Head, seq int) (Snapshot, error) {
	b, err := s.boards.GetBoard(ctx, head.Board)
	if err != nil {
		return Snapshot{}, err
	}
	ag, members, err := s.key(ctx, b, head.Year)
	if err != nil {
		return Snapshot{}, err
	}
	y, err := s.Year(ctx, head.Board, head.Year)
	if err != nil {
		return Snapshot{}, err
	}
	// Every change up to seq is folded in, but for a decision whose lines
	// no allocation could take: lines beyond the bound of every amount
	// (stored before the bound), or, should the sums still not fit, the
	// newest decisions until they do. Those are listed as excluded, so no
	// decision can make the allocation fail.
	var taken []Trigger
	var excluded []Excluded
	for _, tr := range head.Triggers[:seq] {
		if !slices.ContainsFunc(tr.Lines, func(l budget.Line) bool { return !money.InRange(l.AmountOre) }) {
			taken = append(taken, tr)
			continue
		}
		excluded = append(excluded, Excluded{Ref: tr.Ref, Reason: money.CodeTooLarge})
	}
	rule, ok := ag.RuleFor(head.Year)
	if !ok {
		return Snapshot{}, agreement.ErrNoAgreement.WithDetail("no invoicing rule for %d", head.Year)
	}
	var primary, alt allocation.Result
	var lineCount int
	for {
		lines := slices.Clone(y.Lines)
		for _, tr := range taken {
			lines = append(lines, tr.Lines...)
		}
		lineCount = len(lines)
		primary, alt, err = calculate(ag, rule, members, head.Year, lines)
		if err == nil {
			break
		}
		i := len(taken) - 1
		for i >= 0 && (taken[i].Kind != TriggerDecision || len(taken[i].Lines) == 0) {
			i--
		}
		if i < 0 {
			return Snapshot{}, err
		}
		excluded = append(excluded, Excluded{Ref: taken[i].Ref, Reason: "allocation_failed"})
		taken = slices.Delete(slices.Clone(taken), i, i+1)
	}
	users := map[string]int64{}
	for _, m := range members {
		users[m.Code] = m.Users
	}
	snap := Snapshot{ID: SnapshotID(head.Board, head.Year, seq), Board: head.Board, Year: head.Year, Seq: seq,
		Trigger: head.Triggers[seq-1], Agreement: ag.ID, Key: KeyUsed{KeyDate: ag.KeyDate(head.Year), Mode: string(ag.KeyMode), Users: users},
		Primary: primary, Alternative: alt, LineCount: lineCount, Excluded: excluded, CreatedAt: s.clock.Now().UTC()}
	if seq > 1 {
		snap.Previous = SnapshotID(head.Board, head.Year, seq-1)
	}
	return snap, nil
}

// calculate splits the year's lines between the members in the
// agreement's key mode (primary) and in the other one (alt).
func calculate(ag agreement.Agreement, rule agreement.InvoicingRule, members []allocation.Member, year int, lines []budget.Line) (primary, alt allocation.Result, err error) {
	in := allocation.Input{Year: year, Members: members, ResultKind: allocation.ResultKindForecast}
	outcome := slices.ContainsFunc(lines, func(l budget.Line) bool { return l.Type == budget.TypeOutcome })
	if outcome {
		in.ResultKind = allocation.ResultKindOutcome
	}
	for _, l := range lines {
		al := allocation.Line{Category: l.Category, ITObject: l.ITObject, Kind: allocation.LineKind(l.Kind), Member: l.Member, Amount: l.AmountOre}
		switch {
		case l.Type == budget.TypeBudget:
			in.Budget = append(in.Budget, al)
		case l.Type == budget.TypeOutcome || (l.Type == budget.TypeForecast && !outcome):
			in.Result = append(in.Result, al)
		}
	}
	in.Rule = allocation.InvoicingRule(rule)
	in.Mode = allocation.KeyMode(ag.KeyMode)
	if primary, err = allocation.Calculate(in); err != nil {
		return primary, alt, fault.New(fault.Unprocessable, "allocation_failed").WithDetail("%v", err)
	}
	in.Mode = allocation.KeyExactUsers
	if ag.KeyMode == agreement.KeyExactUsers {
		in.Mode = allocation.KeyRoundedPercent
	}
	if alt, err = allocation.Calculate(in); err != nil {
		return primary, alt, fault.New(fault.Unprocessable, "allocation_failed").WithDetail("%v", err)
	}
	return primary, alt, nil
}

// Current returns the latest snapshot of a board-year.
func (s *Service) Current(ctx context.Context, boardCode string, year int) (Snapshot, error) {
	h, err := s.store.GetHead(ctx, YearID(boardCode, year))
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return Snapshot{}, ErrNoSnapshot.WithDetail("%s %d", boardCode, year)
		}
		return Snapshot{}, err
	}
	if len(h.Triggers) == 0 {
		return Snapshot{}, ErrNoSnapshot.WithDetail("%s %d", boardCode, year)
	}
	// Repair a head whose last snapshot a crash left unwritten.
	return s.Apply(ctx, boardCode, year, h.Triggers[len(h.Triggers)-1])
}

// History returns every snapshot of a board-year, oldest first.
func (s *Service) History(ctx context.Context, boardCode string, year int) ([]Snapshot, error) {
	return s.store.ListSnapshots(ctx, boardCode, year)
}
