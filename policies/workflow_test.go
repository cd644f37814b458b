package policies

import "testing"

func TestWorkflowPolicy(t *testing.T) {
	w, err := LoadWorkflow()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		roles  []string
		action string
		want   bool
	}{
		{[]string{"handlaggare"}, "register", true},
		{[]string{"handlaggare"}, "submit", true},
		{[]string{"handlaggare"}, "decide", false},
		{[]string{"handlaggare"}, "void", false},
		{[]string{"sekreterare"}, "decide", false}, // only a meeting's protocol § decides
		{[]string{"sekreterare"}, "refer_back", true},
		{[]string{"sekreterare"}, "edit_memo", false},
		{[]string{"revisor"}, "register", false},
		{[]string{"revisor"}, "start", false},
		{[]string{"ledamot", "ordforande"}, "decide", false},
		{nil, "register", false},
		{[]string{"admin"}, "void", true},
		{[]string{"admin"}, "register", false},
		{[]string{"registrator"}, "handle_disclosure", true}, // requests for allmän handling
		{[]string{"handlaggare"}, "handle_disclosure", true},
		{[]string{"revisor"}, "handle_disclosure", false},
		{[]string{"ledamot"}, "handle_disclosure", false},
	}
	for _, c := range cases {
		if got := w.Allowed(c.roles, c.action); got != c.want {
			t.Errorf("%v %s = %v, want %v", c.roles, c.action, got, c.want)
		}
	}
	if len(w.Actions()) < 10 {
		t.Errorf("actions = %v", w.Actions())
	}
}
