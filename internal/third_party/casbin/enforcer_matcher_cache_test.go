package casbin

import "testing"

// Samstyr: once its matcher is compiled, Enforce neither copies the
// function map nor builds the token maps nor runs the eval() test. Casbin
// v2.135.0 allocated 18 times for this check; the count below is what is
// left (the request values, the effect slices and govaluate's).
func TestEnforceAllocationsAfterFirstCall(t *testing.T) {
	e, err := NewEnforcer("examples/basic_model.conf", "examples/basic_policy.csv")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.Enforce("alice", "data1", "read"); !ok {
		t.Fatal("alice may read data1")
	}
	allocs := testing.AllocsPerRun(200, func() {
		if ok, _ := e.Enforce("alice", "data1", "read"); !ok {
			t.Fatal("alice may read data1")
		}
	})
	t.Logf("%.0f allocations per Enforce", allocs)
	if allocs > 10 {
		t.Errorf("%.0f allocations per Enforce, want at most 10", allocs)
	}
}

// Samstyr: a matcher with eval() binds each call's request, so it must
// still be compiled per call: two requests in turn get their own answers.
func TestEvalMatcherAnswersEachRequest(t *testing.T) {
	e, err := NewEnforcer("examples/abac_rule_model.conf", "examples/abac_rule_policy.csv")
	if err != nil {
		t.Fatal(err)
	}
	type sub struct {
		Name string
		Age  int
	}
	for i := 0; i < 3; i++ {
		if ok, err := e.Enforce(sub{"alice", 16}, "/data1", "read"); err != nil || ok {
			t.Fatalf("alice (16): %t, %v; want denied", ok, err)
		}
		if ok, err := e.Enforce(sub{"bob", 20}, "/data1", "read"); err != nil || !ok {
			t.Fatalf("bob (20): %t, %v; want allowed", ok, err)
		}
	}
}
