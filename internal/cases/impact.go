package cases

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
