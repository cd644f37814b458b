package allocation

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchInput builds a deterministic input with members members and, in
// both the budget and the result, lines lines of mixed kinds: half shared,
// a tenth political, a fifth direct (half of them IT objects) and a fifth
// contributions.
func benchInput(members, lines int, seed uint64) Input {
	r := rand.New(rand.NewPCG(seed, 0xA110C))
	in := Input{Year: 2026, Mode: KeyExactUsers, Rule: RuleObjectsInArrears, ResultKind: ResultKindOutcome}
	for i := range members {
		in.Members = append(in.Members, Member{
			Code: fmt.Sprintf("%04d", 800+i), Name: fmt.Sprintf("Kommun %d", i),
			Host: i == 0, Users: 1 + r.Int64N(50_000),
		})
	}
	objects := []string{"IT-infrastruktur", "Mobila enheter", "Datorarbetsplats administration",
		"Datorarbetsplats pedagogisk", "Digital arbetsplats", "Utskrifter", "Systemdrift verksamhetssystem",
		"Övriga IT-tjänster"}
	gen := func() []Line {
		ls := make([]Line, lines)
		for i := range ls {
			l := Line{Category: "Kategori", Amount: r.Int64N(1_000_000_000) - 100_000_000}
			switch k := r.IntN(10); {
			case k < 5:
				l.Kind = KindShared
			case k < 6:
				l.Kind = KindPolitical
			case k < 8:
				l.Kind = KindDirect
				if r.IntN(2) == 0 {
					l.ITObject = objects[r.IntN(len(objects))]
				}
			default:
				l.Kind = KindContribution
				l.Amount = -r.Int64N(1_000_000_000)
			}
			if l.Kind != KindShared {
				l.Member = in.Members[r.IntN(members)].Code
			}
			ls[i] = l
		}
		return ls
	}
	in.Budget = gen()
	in.Result = gen()
	return in
}

// BenchmarkCalculate300x10000: 300 members and 10 000 lines of mixed
// kinds, 5 000 in the budget and 5 000 in the result.
func BenchmarkCalculate300x10000(b *testing.B) {
	in := benchInput(300, 5_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Calculate(in)
		if err != nil || len(res.Members) != 300 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSplit300: one split of a large amount over 300 members.
func BenchmarkSplit300(b *testing.B) {
	in := benchInput(300, 0, 1)
	w := make([]Weight, len(in.Members))
	for i, m := range in.Members {
		w[i] = Weight{m.Code, m.Users}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Split(1_234_567_890_123, w); err != nil {
			b.Fatal(err)
		}
	}
}
