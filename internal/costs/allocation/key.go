package allocation

import (
	"fmt"
	"math/bits"
	"strconv"
)

// KeyMode says which numbers a key (fördelningsnyckel) splits by.
type KeyMode string

const (
	// KeyExactUsers splits by the user counts themselves: 2002 and 1658
	// users split 2002/3660 and 1658/3660.
	KeyExactUsers KeyMode = "exact_users"
	// KeyRoundedPercent splits by the percentages as published in the
	// agreement, rounded to one decimal (Bilaga 3: "Mörbylånga 2002
	// användare – 54,7%, Borgholm 1658 användare – 45,3%"): each member's
	// weight is its per-mille of the users, rounded half up (PerMille).
	KeyRoundedPercent KeyMode = "rounded_percent"
)

// Valid reports whether m is one of the defined key modes.
func (m KeyMode) Valid() bool { return m == KeyExactUsers || m == KeyRoundedPercent }

// Key turns user counts into the weights that Split is given under mode.
// users holds one Weight per member with Units = the member's number of
// users per 1 January of the year before the operating year; the result
// is in the same order.
//
// Under KeyExactUsers the weights are the user counts unchanged. Under
// KeyRoundedPercent they are the per-mille values of PerMille: 2002 and
// 1658 users give 547 and 453. Rounded per-milles need not sum to 1000
// (three members with one user each give 333 ‰ each, 999 in all); they
// are used as weights all the same, and Split still makes the shares sum
// to the amount split exactly, in proportion to the rounded values.
//
// Errors: those of Split's key validation (ErrNoWeights, ErrNegativeUnits,
// ErrZeroUnits, ErrDuplicateMember, ErrUnitsOverflow), or an unknown mode.
func Key(mode KeyMode, users []Weight) ([]Weight, error) {
	if !mode.Valid() {
		return nil, fmt.Errorf("allocation: unknown key mode %q", mode)
	}
	sum, err := validateWeights(users)
	if err != nil {
		return nil, err
	}
	out, outSum := keyFrom(mode, users, sum)
	if outSum == 0 {
		return nil, fmt.Errorf("allocation: rounded per-mille key: %w", ErrZeroUnits)
	}
	return out, nil
}

// keyFrom is Key on validated user counts whose units sum to sum. It
// returns the key and the sum of its units, which is 0 only when every
// rounded per-mille is 0.
func keyFrom(mode KeyMode, users []Weight, sum uint64) ([]Weight, uint64) {
	out := make([]Weight, len(users))
	copy(out, users)
	if mode != KeyRoundedPercent {
		return out, sum
	}
	var pmSum uint64
	for i := range out {
		out[i].Units = perMille(out[i].Units, sum)
		pmSum += uint64(out[i].Units)
	}
	return out, pmSum
}

// perMille is units/sum in per-mille rounded half up: floor((2000·units +
// sum) / (2·sum)), in 128 bits. 0 <= units <= sum, sum > 0.
func perMille(units int64, sum uint64) int64 {
	hi, lo := bits.Mul64(uint64(units), 2000)
	lo, carry := bits.Add64(lo, sum, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, 2*sum) // sum <= MaxInt64: 2·sum fits.
	return int64(q)
}

// PercentShare is one member's part of a key as a percentage.
type PercentShare struct {
	// Member is the member code.
	Member string
	// PerMille is the member's per-mille of all units, rounded half up:
	// 547 for 54,7 %.
	PerMille int64
	// Text is the percentage written the Swedish way, with a decimal
	// comma and one decimal: "54,7 %".
	Text string
}

// Percent gives each weight's percentage of the key, in the order of w:
// the per-mille of the units rounded half up (2002 of 3660 users is
// 54,699 %, so 547 ‰, "54,7 %"; 1658 is 45,300 %, so 453 ‰, "45,3 %").
// The rounded values need not sum to 1000. Percent does not validate the
// key: if the units do not sum to a positive int64 (or any is negative)
// every per-mille is 0.
func Percent(w []Weight) []PercentShare {
	var sum uint64
	ok := true
	for _, x := range w {
		if x.Units < 0 {
			ok = false
			break
		}
		sum += uint64(x.Units)
		if sum > 1<<63-1 {
			ok = false
			break
		}
	}
	out := make([]PercentShare, len(w))
	for i, x := range w {
		var pm int64
		if ok && sum > 0 {
			pm = perMille(x.Units, sum)
		}
		out[i] = PercentShare{Member: x.Member, PerMille: pm, Text: FormatPerMille(pm)}
	}
	return out
}

// FormatPerMille writes a per-mille value as a Swedish percentage with
// one decimal: 547 is "54,7 %", 1000 is "100,0 %", -5 is "-0,5 %".
func FormatPerMille(pm int64) string {
	sign := ""
	u := uint64(pm)
	if pm < 0 {
		sign = "-"
		u = -u
	}
	return sign + strconv.FormatUint(u/10, 10) + "," + strconv.FormatUint(u%10, 10) + " %"
}
