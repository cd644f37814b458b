package allocation_test

import (
	"fmt"

	"github.com/samstyr/samstyr/internal/costs/allocation"
)

// The 2025 deficit of the shared part, 170 000 kr, split by the users of
// Borgholm and Mörbylånga: exactly, and by the published percentages.
func ExampleSplit() {
	users := []allocation.Weight{{Member: "0885", Units: 1658}, {Member: "0840", Units: 2002}}
	exact, _ := allocation.Split(17_000_000, users)
	fmt.Println(exact)

	rounded, _ := allocation.Key(allocation.KeyRoundedPercent, users)
	published, _ := allocation.Split(17_000_000, rounded)
	fmt.Println(published)
	// Output:
	// [7701093 9298907]
	// [7701000 9299000]
}

func ExamplePercent() {
	for _, p := range allocation.Percent([]allocation.Weight{{Member: "0840", Units: 2002}, {Member: "0885", Units: 1658}}) {
		fmt.Println(p.Member, p.PerMille, p.Text)
	}
	// Output:
	// 0840 547 54,7 %
	// 0885 453 45,3 %
}
