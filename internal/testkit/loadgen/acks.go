package loadgen

import (
	"slices"
	"strings"
	"sync"
)

// StateRank orders the lifecycle states a flow moves a case through, so
// "at least the acknowledged state" can be checked; states outside the
// flows rank -1.
func StateRank(state string) int {
	return slices.Index([]string{"registrerad", "under_beredning", "beslutsklar", "beslutad", "avslutad", "arkiverad"}, state)
}

// CaseAck is the furthest the server has confirmed a case to be: from a
// successful write answer or a successful read.
type CaseAck struct {
	ID           string
	Dnr          string // diarienummer
	Version      int64  // highest case version confirmed
	State        string // state of that version
	MemoRevision int    // highest memo revision confirmed
	Documents    int    // number of handlingar confirmed
}

// DecisionAck is a decision the server confirmed.
type DecisionAck struct {
	ID          string
	CaseID      string
	PointCode   string
	BudgetYears []int // years of its budget impact (empty: none)
	Signed      bool  // the signature was confirmed
	Reported    bool  // the anmälan was confirmed
}

// Acks records every acknowledged write. Safe for concurrent use.
type Acks struct {
	mu        sync.Mutex
	cases     map[string]*CaseAck
	decisions map[string]*DecisionAck
	completed int
}

// NewAcks returns an empty record.
func NewAcks() *Acks {
	return &Acks{cases: map[string]*CaseAck{}, decisions: map[string]*DecisionAck{}}
}

// caseSeen raises the record of a case to what the server confirmed.
func (a *Acks) caseSeen(v caseView) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.cases[v.ID]
	if c == nil {
		c = &CaseAck{ID: v.ID, Dnr: v.RegistrationNumber}
		a.cases[v.ID] = c
	}
	if v.Version > c.Version {
		c.Version, c.State = v.Version, v.State
	}
	if v.Memo != nil && v.Memo.Revision > c.MemoRevision {
		c.MemoRevision = v.Memo.Revision
	}
	c.Documents = max(c.Documents, len(v.Documents))
}

// memoSaved records a confirmed memo revision.
func (a *Acks) memoSaved(caseID string, rev int) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c := a.cases[caseID]; c != nil && rev > c.MemoRevision {
		c.MemoRevision = rev
	}
}

// documentAdded records a confirmed handling number no.
func (a *Acks) documentAdded(caseID string, no int) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c := a.cases[caseID]; c != nil && no > c.Documents {
		c.Documents = no
	}
}

// decisionSeen raises the record of a decision to what was confirmed.
func (a *Acks) decisionSeen(d decisionView, caseID string) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	x := a.decisions[d.ID]
	if x == nil {
		x = &DecisionAck{ID: d.ID, CaseID: caseID, PointCode: d.PointCode}
		for _, b := range d.BudgetImpact {
			if !slices.Contains(x.BudgetYears, b.Year) {
				x.BudgetYears = append(x.BudgetYears, b.Year)
			}
		}
		slices.Sort(x.BudgetYears)
		a.decisions[d.ID] = x
	}
	x.Signed = x.Signed || len(d.Signatures) > 0
	x.Reported = x.Reported || d.Report != nil
}

// decisionReported records a confirmed anmälan.
func (a *Acks) decisionReported(id string) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if x := a.decisions[id]; x != nil {
		x.Reported = true
	}
}

func (a *Acks) complete() {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.completed++
	a.mu.Unlock()
}

// Cases returns a copy of every acknowledged case.
func (a *Acks) Cases() []CaseAck {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]CaseAck, 0, len(a.cases))
	for _, c := range a.cases {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y CaseAck) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// Decisions returns a copy of every acknowledged decision.
func (a *Acks) Decisions() []DecisionAck {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]DecisionAck, 0, len(a.decisions))
	for _, d := range a.decisions {
		x := *d
		x.BudgetYears = slices.Clone(d.BudgetYears)
		out = append(out, x)
	}
	slices.SortFunc(out, func(x, y DecisionAck) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// Completed is how many cases a flow took all the way to arkiverad.
func (a *Acks) Completed() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.completed
}
