package allocation

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// tkr converts tenths of tkr (as written in the seed, 8 216,3 tkr is
// 82163) to öre: 1 tkr = 1 000 kr = 100 000 öre.
func tkr(tenths int64) int64 { return tenths * 10_000 }

// seedMembers are the members of Ölands IT-nämnd for 2025 (Bilaga 3).
func seedMembers() []Member {
	return []Member{
		{Code: borgholm, Name: "Borgholms kommun", Host: true, Users: 1658},
		{Code: morbylanga, Name: "Mörbylånga kommun", Users: 2002},
	}
}

// seedInput is the interim report of 2025: the annual budget and the
// annual forecast (årsprognos), in tkr as in the seed's tables.
func seedInput(mode KeyMode) Input {
	return Input{
		Year:    2025,
		Members: seedMembers(),
		Mode:    mode,
		Budget: []Line{
			{Category: "Personalkostnader", Kind: KindShared, Amount: tkr(101970)},
			{Category: "Lokalkostnader", Kind: KindShared, Amount: tkr(1750)},
			{Category: "Telefoni", Kind: KindShared, Amount: tkr(11500)},
			{Category: "System och program", Kind: KindShared, Amount: tkr(44470)},
			{Category: "Övriga kostnader", Kind: KindShared, Amount: tkr(18390)},
			{Category: "Intäkter Borgholms kommun", Kind: KindContribution, Member: borgholm, Amount: tkr(-107780)},
			{Category: "Intäkter Mörbylånga och kommunala bolag", Kind: KindContribution, Member: morbylanga, Amount: tkr(-70300)},
		},
		ResultKind: ResultKindForecast,
		Result: []Line{
			{Category: "Intäkter Borgholms kommun", Kind: KindContribution, Member: borgholm, Amount: tkr(-115042)},
			{Category: "Intäkter Mörbylånga och kommunala bolag", Kind: KindContribution, Member: morbylanga, Amount: tkr(-69538)},
			{Category: "Övriga intäkter", Kind: KindShared, Amount: tkr(-82206)},
			{Category: "Inköp till Lager", Kind: KindShared, Amount: tkr(82163)},
			{Category: "Personalkostnader", Kind: KindShared, Amount: tkr(98801)},
			{Category: "Lokalkostnader", Kind: KindShared, Amount: tkr(1432)},
			{Category: "Telefoni", Kind: KindShared, Amount: tkr(12684)},
			{Category: "System och program", Kind: KindShared, Amount: tkr(52409)},
			{Category: "Övriga kostnader", Kind: KindShared, Amount: tkr(20997)},
			{Category: "Personalkostnader", Kind: KindPolitical, Member: borgholm, Amount: tkr(1600)}, // nämndsarvoden
		},
		Rule: RuleQuarterlyAdvance,
	}
}

// golden is what the seed's 2025 forecast must give, per key mode.
type golden struct {
	budgetShare, resultNetShare, resultShared, total, reconciliation [2]int64 // Borgholm, Mörbylånga
	invoices                                                         [2][4]int64
}

var goldens = map[KeyMode]golden{
	// 1658/3660 and 2002/3660:
	//   17 000 000 → 7 701 092,896 | 9 298 907,104 → 7 701 093 | 9 298 907
	//   1 780 800 000 → 806 712 131,148 | 974 087 868,852 → 806 712 131 | 974 087 869
	//   1 862 800 000 → 843 858 579,235 | 1 018 941 420,765 → 843 858 579 | 1 018 941 421
	KeyExactUsers: {
		budgetShare:    [2]int64{806_712_131, 974_087_869},
		resultNetShare: [2]int64{843_858_579, 1_018_941_421},
		resultShared:   [2]int64{7_701_093, 9_298_907},
		total:          [2]int64{23_701_093, 9_298_907},
		reconciliation: [2]int64{53_146_448, 44_853_552},
		invoices: [2][4]int64{
			{201_678_033, 201_678_033, 201_678_033, 201_678_032},
			{243_521_968, 243_521_967, 243_521_967, 243_521_967},
		},
	},
	// 453 ‰ and 547 ‰: every amount here divides exactly.
	KeyRoundedPercent: {
		budgetShare:    [2]int64{806_702_400, 974_097_600},
		resultNetShare: [2]int64{843_848_400, 1_018_951_600},
		resultShared:   [2]int64{7_701_000, 9_299_000},
		total:          [2]int64{23_701_000, 9_299_000},
		reconciliation: [2]int64{53_146_000, 44_854_000},
		invoices: [2][4]int64{
			{201_675_600, 201_675_600, 201_675_600, 201_675_600},
			{243_524_400, 243_524_400, 243_524_400, 243_524_400},
		},
	},
}

// TestSeedGolden: the interim report's forecast for 2025 is a deficit of
// 330 tkr, of which 160 tkr nämndsarvoden are Borgholm's and 170 tkr are
// split by the key; the advances are ¼ of each member's share of the
// budgeted net cost of 17 808 tkr.
func TestSeedGolden(t *testing.T) {
	for _, mode := range []KeyMode{KeyExactUsers, KeyRoundedPercent} {
		t.Run(string(mode), func(t *testing.T) {
			res, err := Calculate(seedInput(mode))
			if err != nil {
				t.Fatal(err)
			}
			if err := res.Check(); err != nil {
				t.Fatal(err)
			}
			eq := func(name string, got, want int64) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %d, want %d", name, got, want)
				}
			}
			eq("ResultTotal", res.ResultTotal, 33_000_000) // 330 000 kr
			eq("ResultShared", res.ResultShared, 17_000_000)
			eq("ResultPolitical", res.ResultPolitical, 16_000_000)
			eq("ResultDirect", res.ResultDirect, 0)
			eq("ResultNet", res.ResultNet, tkr(186280))
			eq("ResultContributions", res.ResultContributions, tkr(-184580))
			eq("BudgetNet", res.BudgetNet, tkr(178080)) // 17 808 tkr
			eq("BudgetContributions", res.BudgetContributions, tkr(-178080))
			eq("Invoiced", res.Invoiced, tkr(178080))
			eq("Reconciliation", res.Reconciliation, tkr(9800)) // 18 628 + 160 − 17 808 tkr

			g := goldens[mode]
			b, m := res.Members[0], res.Members[1]
			if b.Code != borgholm || m.Code != morbylanga || !b.Host || m.Host {
				t.Fatalf("members out of order: %+v", res.Members)
			}
			eq("Borgholm PerMille", b.PerMille, 453)
			eq("Mörbylånga PerMille", m.PerMille, 547)
			if b.Percent != "45,3 %" || m.Percent != "54,7 %" {
				t.Errorf("Percent = %q, %q", b.Percent, m.Percent)
			}
			eq("Borgholm ResultPolitical", b.ResultPolitical, 16_000_000) // all 160 000 kr
			eq("Mörbylånga ResultPolitical", m.ResultPolitical, 0)
			for i, mr := range []MemberResult{b, m} {
				eq(mr.Code+" BudgetNetShare", mr.BudgetNetShare, g.budgetShare[i])
				eq(mr.Code+" Invoiced", mr.Invoiced, g.budgetShare[i])
				eq(mr.Code+" ResultNetShare", mr.ResultNetShare, g.resultNetShare[i])
				eq(mr.Code+" ResultShared", mr.ResultShared, g.resultShared[i])
				eq(mr.Code+" Total", mr.Total, g.total[i])
				eq(mr.Code+" Reconciliation", mr.Reconciliation, g.reconciliation[i])
				if mr.Invoices != g.invoices[i] {
					t.Errorf("%s Invoices = %v, want %v", mr.Code, mr.Invoices, g.invoices[i])
				}
				var q int64
				for _, x := range mr.Invoices {
					q += x
				}
				eq(mr.Code+" Σ Invoices", q, mr.BudgetNetShare)
			}
			// The 170 000 kr are split exactly as Split splits them.
			key, _ := Key(mode, []Weight{{borgholm, 1658}, {morbylanga, 2002}})
			shares, _ := Split(17_000_000, key)
			eq("Borgholm share of 170 000 kr", b.ResultShared, shares[0])
			eq("Mörbylånga share of 170 000 kr", m.ResultShared, shares[1])
			eq("Σ Total", b.Total+m.Total, res.ResultTotal)
		})
	}
}

// TestCalculateDeterministic: the same input gives the same output, and
// the order of the lines does not matter.
func TestCalculateDeterministic(t *testing.T) {
	in := benchInput(40, 2000, 7)
	first, err := Calculate(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Check(); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		again := in
		again.Budget = slices.Clone(in.Budget)
		again.Result = slices.Clone(in.Result)
		r.Shuffle(len(again.Budget), func(i, j int) { again.Budget[i], again.Budget[j] = again.Budget[j], again.Budget[i] })
		r.Shuffle(len(again.Result), func(i, j int) { again.Result[i], again.Result[j] = again.Result[j], again.Result[i] })
		got, err := Calculate(again)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, first) {
			t.Fatal("shuffled lines changed the result")
		}
	}
}

// TestObjectsInArrears: from 2026 the invoices are the ordered IT objects
// plus the key share of the budgeted net cost; political costs and
// direct lines without an object are left to the reconciliation.
func TestObjectsInArrears(t *testing.T) {
	in := Input{
		Year:    2026,
		Members: seedMembers(),
		Mode:    KeyExactUsers,
		Budget: []Line{
			{Category: "IT-drift", Kind: KindShared, Amount: 366_000_000},
			{Category: "Licenser", ITObject: "Digital arbetsplats", Kind: KindDirect, Member: borgholm, Amount: 40_000_001},
			{Category: "Skrivare", ITObject: "Utskrifter", Kind: KindDirect, Member: morbylanga, Amount: 10_000_000},
			{Category: "Konsult", Kind: KindDirect, Member: morbylanga, Amount: 5_000_000},
			{Category: "Arvoden", Kind: KindPolitical, Member: borgholm, Amount: 16_000_000},
		},
		ResultKind: ResultKindOutcome,
		Result: []Line{
			{Category: "IT-drift", Kind: KindShared, Amount: 370_000_000},
			{Category: "Licenser", ITObject: "Digital arbetsplats", Kind: KindDirect, Member: borgholm, Amount: 41_000_000},
			{Category: "Skrivare", ITObject: "Utskrifter", Kind: KindDirect, Member: morbylanga, Amount: 10_000_000},
			{Category: "Konsult", Kind: KindDirect, Member: morbylanga, Amount: 5_000_000},
			{Category: "Arvoden", Kind: KindPolitical, Member: borgholm, Amount: 15_000_000},
			{Category: "Betalt", Kind: KindContribution, Member: borgholm, Amount: -200_000_000},
			{Category: "Betalt", Kind: KindContribution, Member: morbylanga, Amount: -210_000_000},
		},
		Rule: RuleObjectsInArrears,
	}
	res, err := Calculate(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	b, m := res.Members[0], res.Members[1]
	// 366 000 000 × 1658/3660 = 165 800 000 and × 2002/3660 = 200 200 000.
	if b.BudgetNetShare != 165_800_000 || m.BudgetNetShare != 200_200_000 {
		t.Fatalf("budget shares %d, %d", b.BudgetNetShare, m.BudgetNetShare)
	}
	if b.BudgetObjects != 40_000_001 || m.BudgetObjects != 10_000_000 || m.BudgetDirect != 15_000_000 {
		t.Fatalf("objects %d, %d; direct %d", b.BudgetObjects, m.BudgetObjects, m.BudgetDirect)
	}
	if b.Invoiced != 205_800_001 || m.Invoiced != 210_200_000 {
		t.Fatalf("invoiced %d, %d", b.Invoiced, m.Invoiced)
	}
	if b.Invoices != [4]int64{51_450_001, 51_450_000, 51_450_000, 51_450_000} {
		t.Fatalf("Borgholm invoices %v", b.Invoices)
	}
	// 370 000 000 × 1658/3660 = 167 612 021,86 → 167 612 022 (remainder
	// ,86 beats ,14); Mörbylånga 202 387 978.
	if b.ResultNetShare != 167_612_022 || m.ResultNetShare != 202_387_978 {
		t.Fatalf("result net shares %d, %d", b.ResultNetShare, m.ResultNetShare)
	}
	if want := int64(167_612_022 + 15_000_000 + 41_000_000 - 205_800_001); b.Reconciliation != want {
		t.Errorf("Borgholm reconciliation %d, want %d", b.Reconciliation, want)
	}
	if want := int64(202_387_978 + 15_000_000 - 210_200_000); m.Reconciliation != want {
		t.Errorf("Mörbylånga reconciliation %d, want %d", m.Reconciliation, want)
	}
	// Shared result: 370 000 000 − 410 000 000 = −40 000 000 (a surplus).
	if res.ResultShared != -40_000_000 || res.ResultTotal != -40_000_000+15_000_000+56_000_000 {
		t.Errorf("ResultShared %d, ResultTotal %d", res.ResultShared, res.ResultTotal)
	}
}

func TestCalculateValidation(t *testing.T) {
	type errCase struct {
		name  string
		edit  func(*Input)
		code  ErrorCode
		path  string
		check func(error) bool
	}
	isLine := func(err error) bool { var e *LineError; return errors.As(err, &e) }
	isMember := func(err error) bool { var e *MemberError; return errors.As(err, &e) }
	isInput := func(err error) bool { var e *InputError; return errors.As(err, &e) }
	tests := []errCase{
		{"no members", func(in *Input) { in.Members = nil }, CodeNoMembers, "Members", isInput},
		{"empty code", func(in *Input) { in.Members[1].Code = "" }, CodeMissingCode, "Members[1].Code", isMember},
		{"duplicate member", func(in *Input) { in.Members[1].Code = borgholm }, CodeDuplicateMember, "Members[1].Code", isMember},
		{"zero users", func(in *Input) { in.Members[1].Users = 0 }, CodeUsersNotPositive, "Members[1].Users", isMember},
		{"negative users", func(in *Input) { in.Members[0].Users = -5 }, CodeUsersNotPositive, "Members[0].Users", isMember},
		{"users overflow", func(in *Input) { in.Members[1].Users = math.MaxInt64 }, CodeOverflow, "Members[1].Users", isMember},
		{"two hosts", func(in *Input) { in.Members[1].Host = true }, CodeMultipleHosts, "Members[1].Host", isMember},
		{"year", func(in *Input) { in.Year = 0 }, CodeInvalidYear, "Year", isInput},
		{"mode", func(in *Input) { in.Mode = "" }, CodeUnknownMode, "Mode", isInput},
		{"rule", func(in *Input) { in.Rule = "monthly" }, CodeUnknownRule, "Rule", isInput},
		{"result kind", func(in *Input) { in.ResultKind = "budget" }, CodeUnknownResultKind, "ResultKind", isInput},
		{"unknown kind", func(in *Input) { in.Result[3].Kind = "capital" }, CodeUnknownKind, "Result[3].Kind", isLine},
		{"unknown member", func(in *Input) { in.Result[9].Member = "0880" }, CodeUnknownMember, "Result[9].Member", isLine},
		{"missing member political", func(in *Input) { in.Result[9].Member = "" }, CodeMissingMember, "Result[9].Member", isLine},
		{"missing member contribution", func(in *Input) { in.Budget[6].Member = "" }, CodeMissingMember, "Budget[6].Member", isLine},
		{"missing member direct", func(in *Input) {
			in.Budget = append(in.Budget, Line{Kind: KindDirect, ITObject: "Utskrifter", Amount: 1})
		}, CodeMissingMember, "Budget[7].Member", isLine},
		{"member on shared", func(in *Input) { in.Budget[2].Member = borgholm }, CodeMemberOnShared, "Budget[2].Member", isLine},
		{"line overflow", func(in *Input) {
			in.Result = append(in.Result, Line{Kind: KindShared, Amount: math.MaxInt64})
		}, CodeOverflow, "Result[10].Amount", isLine},
		{"member line overflow", func(in *Input) {
			in.Budget = append(in.Budget, Line{Kind: KindContribution, Member: borgholm, Amount: math.MinInt64})
		}, CodeOverflow, "Budget[7].Amount", isLine},
		{"shared result overflow", func(in *Input) {
			in.Result = []Line{{Kind: KindShared, Amount: math.MaxInt64}, {Kind: KindPolitical, Member: borgholm, Amount: 1}}
		}, CodeOverflow, "ResultTotal", isInput},
		{"invoiced overflow", func(in *Input) {
			in.Budget = []Line{{Kind: KindShared, Amount: math.MaxInt64}, {Kind: KindPolitical, Member: borgholm, Amount: math.MaxInt64}}
		}, CodeOverflow, "Members[0].Invoiced", isInput},
		{"reconciliation overflow", func(in *Input) {
			in.Budget = []Line{{Kind: KindDirect, Member: borgholm, Amount: math.MinInt64}}
			in.Result = []Line{{Kind: KindDirect, Member: borgholm, Amount: 1}}
		}, CodeOverflow, "Members[0].Reconciliation", isInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := seedInput(KeyExactUsers)
			tc.edit(&in)
			res, err := Calculate(in)
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			if !tc.check(err) {
				t.Errorf("error %T (%v) of the wrong type", err, err)
			}
			code, path, ok := CodeOf(err)
			if !ok || code != tc.code || path != tc.path {
				t.Errorf("CodeOf(%v) = %q, %q, %v; want %q, %q", err, code, path, ok, tc.code, tc.path)
			}
			if res.Members != nil {
				t.Error("partial result returned with an error")
			}
		})
	}
	if _, _, ok := CodeOf(errors.New("other")); ok {
		t.Error("CodeOf accepted a foreign error")
	}
	e := &LineError{Section: SectionResult, Index: 3, Field: "Member", Code: CodeUnknownMember}
	if e.Error() != "allocation: Result[3].Member: unknown_member" {
		t.Errorf("Error() = %q", e.Error())
	}
}

// TestCalculateRoundedKeyAllZero: more than 2000 members of one user each
// round to 0 ‰ each; the rounded key cannot split anything.
func TestCalculateRoundedKeyAllZero(t *testing.T) {
	in := benchInput(2001, 10, 1)
	for i := range in.Members {
		in.Members[i].Users = 1
	}
	in.Mode = KeyRoundedPercent
	if _, err := Calculate(in); err == nil {
		t.Fatal("no error")
	} else if code, path, _ := CodeOf(err); code != CodeKeyAllZero || path != "Members" {
		t.Fatalf("err = %v", err)
	}
	in.Mode = KeyExactUsers
	res, err := Calculate(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCatchesTampering: Check notices a single öre moved anywhere.
func TestCheckCatchesTampering(t *testing.T) {
	res, err := Calculate(seedInput(KeyExactUsers))
	if err != nil {
		t.Fatal(err)
	}
	tamper := []func(*Result){
		func(r *Result) { r.Members[0].Invoices[2]++ },
		func(r *Result) { r.Members[1].Total++ },
		func(r *Result) { r.Members[0].Reconciliation-- },
		func(r *Result) { r.Members[1].BudgetNetShare++ },
		func(r *Result) { r.Members[0].ResultShared++; r.Members[0].Total++ },
		func(r *Result) { r.ResultContributions++ },
		func(r *Result) { r.ResultTotal++ },
		func(r *Result) { r.Reconciliation++ },
		func(r *Result) { r.BudgetObjects++ },
		func(r *Result) { r.Members[0].ResultNetShare++; r.Members[0].Reconciliation++ },
	}
	for i, f := range tamper {
		r := res
		r.Members = slices.Clone(res.Members)
		f(&r)
		if r.Check() == nil {
			t.Errorf("tampering %d not caught", i)
		}
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestCalculateRandom: Check holds for random inputs in both modes and
// both rules.
func TestCalculateRandom(t *testing.T) {
	for seed := range uint64(50) {
		in := benchInput(1+int(seed%37), 300, seed)
		for _, mode := range []KeyMode{KeyExactUsers, KeyRoundedPercent} {
			for _, rule := range []InvoicingRule{RuleQuarterlyAdvance, RuleObjectsInArrears} {
				in.Mode, in.Rule = mode, rule
				res, err := Calculate(in)
				if err != nil {
					t.Fatal(err)
				}
				if err := res.Check(); err != nil {
					t.Fatalf("seed %d %s %s: %v", seed, mode, rule, err)
				}
			}
		}
	}
}
