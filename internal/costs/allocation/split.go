package allocation

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Weight is one member's part of an allocation key (fördelningsnyckel).
type Weight struct {
	// Member is the member's code, e.g. the municipality code "0885"
	// (Borgholm) or "0840" (Mörbylånga). It orders ties (see Split).
	Member string
	// Units is the member's weight: a user count (antal användare) or a
	// published percentage in per-mille (54,7 % is 547). Never negative.
	Units int64
}

// Errors returned (wrapped, with the offending index) by Split and Key.
// Test for them with errors.Is.
var (
	// ErrNoWeights: the key has no weights at all.
	ErrNoWeights = errors.New("allocation: no weights")
	// ErrNegativeUnits: a weight has negative units.
	ErrNegativeUnits = errors.New("allocation: negative units")
	// ErrZeroUnits: every weight has zero units, so nothing can be split.
	ErrZeroUnits = errors.New("allocation: all units are zero")
	// ErrDuplicateMember: two weights have the same member code.
	ErrDuplicateMember = errors.New("allocation: duplicate member code")
	// ErrUnitsOverflow: the units do not sum within an int64.
	ErrUnitsOverflow = errors.New("allocation: sum of units overflows int64")
)

// validateWeights checks the key and returns the sum of its units.
func validateWeights(weights []Weight) (uint64, error) {
	if len(weights) == 0 {
		return 0, ErrNoWeights
	}
	var sum uint64
	for i, w := range weights {
		if w.Units < 0 {
			return 0, fmt.Errorf("weights[%d] (%q): %w", i, w.Member, ErrNegativeUnits)
		}
		sum += uint64(w.Units)
		if sum > math.MaxInt64 {
			return 0, fmt.Errorf("weights[%d] (%q): %w", i, w.Member, ErrUnitsOverflow)
		}
	}
	if sum == 0 {
		return 0, ErrZeroUnits
	}
	if err := checkDistinct(weights); err != nil {
		return 0, err
	}
	return sum, nil
}

// checkDistinct rejects duplicate member codes. Small keys are checked
// pairwise, which allocates nothing; larger ones through a set.
func checkDistinct(weights []Weight) error {
	if len(weights) <= 16 {
		for i := 1; i < len(weights); i++ {
			for j := range i {
				if weights[i].Member == weights[j].Member {
					return fmt.Errorf("weights[%d] (%q): %w", i, weights[i].Member, ErrDuplicateMember)
				}
			}
		}
		return nil
	}
	seen := make(map[string]struct{}, len(weights))
	for i, w := range weights {
		if _, dup := seen[w.Member]; dup {
			return fmt.Errorf("weights[%d] (%q): %w", i, w.Member, ErrDuplicateMember)
		}
		seen[w.Member] = struct{}{}
	}
	return nil
}

// Split apportions total öre between the weights by the largest-remainder
// method (Hamilton's method) and returns the shares in the order of
// weights.
//
// Let S be the sum of all units and T = |total|. Each member first gets
// floor(T·units/S), computed exactly in 128 bits, so no product can
// overflow for any int64 total and any units whose sum fits in an int64.
// The öre left over (always fewer than the number of members) then go one
// each to the members with the largest fractional remainders
// (T·units mod S). Ties between equal remainders go to the member code
// that sorts first (byte-wise ascending), whatever the order of weights.
// A member with zero units gets exactly 0.
//
// A negative total is split symmetrically: |total| is split as above and
// every share negated, so the left-over öre go, as negative öre, to the
// largest remainders of |total|, and Split(-x, w) is the element-wise
// negation of Split(x, w).
//
// The result satisfies, for every input it accepts: the shares sum to
// total exactly, and every share differs from the exact rational value
// total·units/S by less than one öre.
//
// Errors (wrapped, test with errors.Is): ErrNoWeights, ErrNegativeUnits,
// ErrZeroUnits (all units zero), ErrDuplicateMember, ErrUnitsOverflow.
func Split(total int64, weights []Weight) ([]int64, error) {
	sum, err := validateWeights(weights)
	if err != nil {
		return nil, err
	}
	shares := make([]int64, len(weights))
	splitInto(shares, total, weights, sum)
	return shares, nil
}

// splitInto is Split on an already validated key: sum is the (non-zero)
// sum of the units. It writes the shares into dst, len(dst) == len(w).
func splitInto(dst []int64, total int64, w []Weight, sum uint64) {
	neg := total < 0
	t := uint64(total)
	if neg {
		t = -t // two's complement: |math.MinInt64| = 1<<63 fits a uint64.
	}
	var given uint64
	var rem [8]uint64
	var rems []uint64
	if len(w) <= len(rem) {
		rems = rem[:len(w)]
	} else {
		rems = make([]uint64, len(w))
	}
	for i, x := range w {
		// units <= sum, so hi < sum and the quotient fits in 64 bits.
		hi, lo := bits.Mul64(t, uint64(x.Units))
		q, r := bits.Div64(hi, lo, sum)
		dst[i] = int64(q) // q <= t <= 1<<63; fixed below if q == 1<<63.
		rems[i] = r
		given += q
	}
	left := t - given // < len(w): Σr = left·sum and every r < sum.
	if left > 0 {
		order := make([]int, len(w))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			if c := cmp.Compare(rems[b], rems[a]); c != 0 {
				return c
			}
			return cmp.Compare(w[a].Member, w[b].Member)
		})
		for _, i := range order[:left] {
			dst[i]++
		}
	}
	if neg {
		for i := range dst {
			// Negating in uint64 maps 1<<63 to math.MinInt64 correctly.
			dst[i] = int64(-uint64(dst[i]))
		}
	}
}

// quarters splits an annual amount into four quarterly amounts that sum
// to it exactly: Split with four equal weights coded "Q1".."Q4", so the
// left-over öre (at most three) go to the earliest quarters. A negative
// amount is split symmetrically, so its earliest quarters carry the
// larger magnitude.
func quarters(annual int64) [4]int64 {
	var q [4]int64
	splitInto(q[:], annual, quarterWeights[:], 4)
	return q
}

// quarterWeights is the equal key used by quarters.
var quarterWeights = [4]Weight{{"Q1", 1}, {"Q2", 1}, {"Q3", 1}, {"Q4", 1}}
