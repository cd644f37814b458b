package allocation

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// The seed's key for 2025 (Bilaga 3).
const (
	borgholm   = "0885"
	morbylanga = "0840"
)

func TestSplitTable(t *testing.T) {
	users := []Weight{{borgholm, 1658}, {morbylanga, 2002}}
	tests := []struct {
		name    string
		total   int64
		weights []Weight
		want    []int64
	}{
		// 17 000 000 × 1658/3660 = 7 701 092,896…; × 2002/3660 =
		// 9 298 907,103…: the floors leave 1 öre, which goes to the
		// larger remainder, Borgholm's.
		{"170 000 kr by users", 17_000_000, users, []int64{7_701_093, 9_298_907}},
		{"-170 000 kr by users", -17_000_000, users, []int64{-7_701_093, -9_298_907}},
		{"170 000 kr by 453/547 ‰", 17_000_000, []Weight{{borgholm, 453}, {morbylanga, 547}}, []int64{7_701_000, 9_299_000}},
		// 1 780 800 000 × 2002/3660 = 974 087 868,852…: Mörbylånga gets the öre.
		{"budget 17 808 tkr by users", 1_780_800_000, users, []int64{806_712_131, 974_087_869}},
		{"zero", 0, users, []int64{0, 0}},
		{"one öre", 1, users, []int64{0, 1}},
		{"minus one öre", -1, users, []int64{0, -1}},
		{"single member", 12345, []Weight{{"x", 7}}, []int64{12345}},
		{"zero units get zero", 100, []Weight{{"a", 0}, {"b", 3}, {"c", 0}}, []int64{0, 100, 0}},
		{"ties to lowest code", 10, []Weight{{"c", 1}, {"a", 1}, {"b", 1}}, []int64{3, 4, 3}},
		{"ties to lowest codes", 11, []Weight{{"c", 1}, {"a", 1}, {"b", 1}}, []int64{3, 4, 4}},
		{"negative ties to lowest code", -10, []Weight{{"c", 1}, {"a", 1}, {"b", 1}}, []int64{-3, -4, -3}},
		{"remainder beats code", 5, []Weight{{"a", 1}, {"b", 2}}, []int64{2, 3}},
		{"max int64 halves", math.MaxInt64, []Weight{{"b", 1}, {"a", 1}},
			[]int64{4611686018427387903, 4611686018427387904}},
		{"min int64 halves", math.MinInt64, []Weight{{"b", 1}, {"a", 1}},
			[]int64{-4611686018427387904, -4611686018427387904}},
		{"min int64 whole", math.MinInt64, []Weight{{"a", 0}, {"b", 5}}, []int64{0, math.MinInt64}},
		{"max int64 whole", math.MaxInt64, []Weight{{"a", 5}}, []int64{math.MaxInt64}},
		// 9e18 × (1e12−1)/1e12 = 8 999 999 999 991 000 000 exactly.
		{"huge product", 9_000_000_000_000_000_000, []Weight{{"a", 999_999_999_999}, {"b", 1}},
			[]int64{8_999_999_999_991_000_000, 9_000_000}},
		{"units near max", 3, []Weight{{"a", math.MaxInt64 - 1}, {"b", 1}}, []int64{3, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Split(tc.total, tc.weights)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Split(%d, %v) = %v, want %v", tc.total, tc.weights, got, tc.want)
			}
			checkSplit(t, tc.total, tc.weights, got)
		})
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name    string
		weights []Weight
		want    error
	}{
		{"nil", nil, ErrNoWeights},
		{"empty", []Weight{}, ErrNoWeights},
		{"negative", []Weight{{"a", 1}, {"b", -1}}, ErrNegativeUnits},
		{"all zero", []Weight{{"a", 0}, {"b", 0}}, ErrZeroUnits},
		{"duplicate", []Weight{{"a", 1}, {"b", 1}, {"a", 2}}, ErrDuplicateMember},
		{"duplicate empty", []Weight{{"", 1}, {"", 1}}, ErrDuplicateMember},
		{"duplicate in a large key", largeKeyWithDuplicate(), ErrDuplicateMember},
		{"overflow", []Weight{{"a", math.MaxInt64}, {"b", 1}}, ErrUnitsOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Split(100, tc.weights)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Fatalf("shares = %v on error", got)
			}
		})
	}
}

func largeKeyWithDuplicate() []Weight {
	w := make([]Weight, 40)
	for i := range w {
		w[i] = Weight{strconv.Itoa(i), 1}
	}
	w[39].Member = "17"
	return w
}

// checkSplit asserts the two properties of Split: the shares sum to total
// and each is less than one öre from total·units/S.
func checkSplit(t *testing.T, total int64, weights []Weight, shares []int64) {
	t.Helper()
	if len(shares) != len(weights) {
		t.Fatalf("%d shares for %d weights", len(shares), len(weights))
	}
	sum := new(big.Int)
	units := new(big.Int)
	for i, w := range weights {
		sum.Add(sum, big.NewInt(shares[i]))
		units.Add(units, big.NewInt(w.Units))
	}
	if !sum.IsInt64() || sum.Int64() != total {
		t.Fatalf("Σ shares = %s, want %d (weights %v)", sum, total, weights)
	}
	one := big.NewRat(1, 1)
	exact, diff := new(big.Rat), new(big.Rat)
	for i, w := range weights {
		exact.SetFrac(new(big.Int).Mul(big.NewInt(total), big.NewInt(w.Units)), units)
		diff.Sub(new(big.Rat).SetInt64(shares[i]), exact)
		if diff.Abs(diff).Cmp(one) >= 0 {
			t.Fatalf("share[%d] = %d is %s from the exact %s", i, shares[i], diff.FloatString(3), exact.FloatString(3))
		}
	}
}

// TestSplitProperty checks Σ == total and |share − exact| < 1 öre on 10 000
// random keys (fixed seed), and that negating the total negates the shares.
func TestSplitProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2025, 55114))
	keys := 10_000
	if testing.Short() {
		keys = 1_000 // the inner loop; the full suite draws all 10 000
	}
	for c := range keys {
		n := 1 + r.IntN(300)
		weights := make([]Weight, n)
		maxUnits := int64(1_000_000_000_000) / int64(n)
		if r.IntN(4) == 0 {
			maxUnits = 10 // small keys: many equal remainders, many ties
		}
		nonZero := false
		for i := range weights {
			var u int64
			if r.IntN(5) > 0 {
				u = r.Int64N(maxUnits + 1)
			}
			nonZero = nonZero || u > 0
			weights[i] = Weight{Member: strconv.Itoa(r.IntN(1_000_000)) + "-" + strconv.Itoa(i), Units: u}
		}
		if !nonZero {
			weights[r.IntN(n)].Units = 1 + r.Int64N(maxUnits)
		}
		var total int64
		switch r.IntN(6) {
		case 0:
			total = 0
		case 1:
			total = r.Int64N(1000) - 500
		case 2:
			total = r.Int64N(2_000_000_000) - 1_000_000_000
		case 3:
			total = int64(r.Uint64()) // full range, incl. near ±9.2e18
		case 4:
			total = []int64{math.MinInt64, math.MaxInt64, math.MinInt64 + 1, -9e18, 9e18}[r.IntN(5)]
		default:
			total = r.Int64N(1_000_000_000_000_000) - 500_000_000_000_000
		}
		shares, err := Split(total, weights)
		if err != nil {
			t.Fatalf("case %d: %v", c, err)
		}
		checkSplit(t, total, weights, shares)
		if total != math.MinInt64 {
			neg, err := Split(-total, weights)
			if err != nil {
				t.Fatalf("case %d: %v", c, err)
			}
			for i := range neg {
				if neg[i] != -shares[i] {
					t.Fatalf("case %d: Split(-x)[%d] = %d, want %d", c, i, neg[i], -shares[i])
				}
			}
		}
	}
}

// TestSplitTieBreak: with equal remainders the öre go to the lowest member
// codes, whatever the order of the weights.
func TestSplitTieBreak(t *testing.T) {
	codes := []string{"0885", "0840", "0834", "0882", "0861", "0821", "0860"}
	r := rand.New(rand.NewPCG(1, 2))
	want := map[string]int64{}
	for k := range 50 {
		perm := slices.Clone(codes)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		w := make([]Weight, len(perm))
		for i, c := range perm {
			w[i] = Weight{c, 3}
		}
		shares, err := Split(73, w) // 73 = 7·10 + 3: three öre left over
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range perm {
			if k == 0 {
				want[c] = shares[i]
			} else if shares[i] != want[c] {
				t.Fatalf("order %v: %s got %d, first order gave %d", perm, c, shares[i], want[c])
			}
		}
	}
	sorted := slices.Sorted(slices.Values(codes))
	for i, c := range sorted {
		exp := int64(10)
		if i < 3 {
			exp = 11
		}
		if want[c] != exp {
			t.Errorf("%s got %d, want %d (lowest three codes get the öre)", c, want[c], exp)
		}
	}
}

func TestQuarters(t *testing.T) {
	tests := []struct {
		annual int64
		want   [4]int64
	}{
		{0, [4]int64{}},
		{4, [4]int64{1, 1, 1, 1}},
		{5, [4]int64{2, 1, 1, 1}},
		{7, [4]int64{2, 2, 2, 1}},
		{-7, [4]int64{-2, -2, -2, -1}},
		{974_087_869, [4]int64{243_521_968, 243_521_967, 243_521_967, 243_521_967}},
		{806_712_131, [4]int64{201_678_033, 201_678_033, 201_678_033, 201_678_032}},
		{math.MinInt64, [4]int64{math.MinInt64 / 4, math.MinInt64 / 4, math.MinInt64 / 4, math.MinInt64 / 4}},
		{math.MaxInt64, [4]int64{math.MaxInt64/4 + 1, math.MaxInt64/4 + 1, math.MaxInt64/4 + 1, math.MaxInt64 / 4}},
	}
	for _, tc := range tests {
		if got := quarters(tc.annual); got != tc.want {
			t.Errorf("quarters(%d) = %v, want %v", tc.annual, got, tc.want)
		}
	}
}
