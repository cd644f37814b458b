package cases

import "math"

// ImpactType is the kind of budget impact a proposal has
// (Konsekvensanalys, ekonomiska konsekvenser).
type ImpactType string

// Budget impact types (DOMAIN.md §7).
const (
	ImpactSupplementary ImpactType = "tillaggsanslag" // tilläggsanslag: more funding, beyond the frame
	ImpactReallocation  ImpactType = "omfordelning"   // omfördelning inom ram: must sum to zero
	ImpactNextBudget    ImpactType = "budget"         // next year's budget
	ImpactAgreement     ImpactType = "avtal"          // an agreement with costs
	ImpactInvestment    ImpactType = "investering"    // investment
)

// ImpactTypes lists the budget impact types.
var ImpactTypes = []ImpactType{ImpactSupplementary, ImpactReallocation, ImpactNextBudget, ImpactAgreement, ImpactInvestment}

// BudgetImpact is one structured line of a memo's budget impact.
type BudgetImpact struct {
	Type        ImpactType `json:"type"`
	Year        int        `json:"year"`
	Category    string     `json:"category"`
	AmountOre   int64      `json:"amount_ore"` // cost positive, saving or revenue negative
	Kind        string     `json:"kind"`       // shared, political or direct (as budget lines)
	Member      string     `json:"member,omitempty"`
	WithinFrame bool       `json:"within_frame"` // inom ram
}

// OutsideFrame reports whether any line lies outside the budget frame.
func OutsideFrame(lines []BudgetImpact) bool {
	for _, l := range lines {
		if !l.WithinFrame {
			return true
		}
	}
	return false
}

// ImpactAmount is the value of the matter the lines describe, as a
// delegation's amount limit reads it: the sum of the lines' absolute
// amounts, except that an omfördelning, whose lines cancel out, counts
// what it moves (its positive lines). It saturates at math.MaxInt64.
func ImpactAmount(lines []BudgetImpact) int64 {
	var sum uint64
	for _, l := range lines {
		a := l.AmountOre
		switch {
		case l.Type == ImpactReallocation && a < 0:
			continue
		case a < 0:
			sum += uint64(-(a + 1)) + 1 // no overflow at math.MinInt64
		default:
			sum += uint64(a)
		}
		if sum > math.MaxInt64 {
			return math.MaxInt64
		}
	}
	return int64(sum)
}

// CheckedAmount is the amount a delegation's limit is checked against:
// the larger of the amount the decider states and the value of the
// memo's budget impact, so a small stated amount cannot sidestep the
// limit.
func CheckedAmount(stated int64, impact []BudgetImpact) int64 {
	return max(stated, ImpactAmount(impact))
}

// ImpactYears returns the distinct years the lines affect, ascending.
func ImpactYears(lines []BudgetImpact) []int {
	var out []int
	for _, l := range lines {
		seen := false
		for _, y := range out {
			seen = seen || y == l.Year
		}
		if !seen {
			out = append(out, l.Year)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// RecalcTask marks a decision whose budget impact on a year has not yet
// been folded into that year's cost allocation. It is written with the
// decision, in the same update, and removed once the snapshot exists.
type RecalcTask struct {
	DecisionID string `json:"decision_id"`
	Year       int    `json:"year"`
}
