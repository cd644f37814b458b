package delegation

import (
	"reflect"
	"testing"
)

func TestCompareListsAddedRemovedAndChangedPoints(t *testing.T) {
	old := []Point{
		{Code: "A1", Matter: "Avtal", Delegate: "ordforande", ReportTo: ReportBoard},
		{Code: "B3", Matter: "Inköp", Delegate: "forvaltningschef", Limit: &Limit{PBBCents: 500}},
		{Code: "C1", Matter: "Yttranden", Delegate: "ordforande"},
	}
	new := []Point{
		{Code: "A1", Matter: "Avtal", Delegate: "ordforande", ReportTo: ReportBoard},
		{Code: "B3", Matter: "Inköp av IT", Delegate: "forvaltningschef", Limit: &Limit{PBBCents: 1000}, SubdelegationAllowed: true},
		{Code: "D1", Matter: "Utlämnande", Delegate: "forvaltningschef"},
	}
	got := Compare(old, new)
	if len(got) != 3 {
		t.Fatalf("got %d changes, want 3: %+v", len(got), got)
	}
	if got[0].Code != "B3" || got[0].Kind != PointChanged || !reflect.DeepEqual(got[0].Fields, []string{"matter", "limit", "subdelegation_allowed"}) {
		t.Errorf("B3: %+v", got[0])
	}
	if got[1].Code != "D1" || got[1].Kind != PointAdded || got[1].Old != nil || got[1].New.Matter != "Utlämnande" {
		t.Errorf("D1: %+v", got[1])
	}
	if got[2].Code != "C1" || got[2].Kind != PointRemoved || got[2].New != nil || got[2].Old.Matter != "Yttranden" {
		t.Errorf("C1: %+v", got[2])
	}
	if n := Compare(old, old); len(n) != 0 {
		t.Errorf("a version compared with itself: %+v", n)
	}
}
