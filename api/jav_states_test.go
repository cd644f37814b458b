package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/workflow"
)

// javStateActors is who fires each lifecycle event in the walk below
// (policies/workflow_policy.csv); the decision events are taken through
// POST /decisions instead. A new event without an entry fails the test.
var javStateActors = map[string]string{
	"start": "handlaggare", "submit": "handlaggare", "reopen": "handlaggare", "resume": "handlaggare",
	"execute": "handlaggare", "close": "handlaggare",
	"refer_back": "sekreterare", "table": "sekreterare", "untable": "sekreterare", "archive": "sekreterare", "void": "sekreterare",
}

// javStep is one event of a walk through the lifecycle.
type javStep struct {
	event string
	to    cases.State
}

// lifecycle is the current definition as a graph: each state's outgoing
// steps, in definition order, and every state it names.
func lifecycle() (map[cases.State][]javStep, []cases.State) {
	next := map[cases.State][]javStep{}
	var states []cases.State
	seen := func(st cases.State) {
		if !slices.Contains(states, st) {
			states = append(states, st)
		}
	}
	for _, e := range workflow.Definition(workflow.CurrentVersion) {
		for _, src := range e.Src {
			next[cases.State(src)] = append(next[cases.State(src)], javStep{e.Name, cases.State(e.Dst)})
			seen(cases.State(src))
		}
		seen(cases.State(e.Dst))
	}
	return next, states
}

// pathTo is the shortest walk from registrerad to st (breadth first).
func pathTo(next map[cases.State][]javStep, st cases.State) ([]javStep, bool) {
	paths := map[cases.State][]javStep{cases.StateRegistered: {}}
	queue := []cases.State{cases.StateRegistered}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == st {
			return paths[cur], true
		}
		for _, s := range next[cur] {
			if _, ok := paths[s.to]; !ok {
				paths[s.to] = append(slices.Clip(paths[cur]), s)
				queue = append(queue, s.to)
			}
		}
	}
	return nil, false
}

// decisionAhead reports whether a case in st can still be decided: some
// walk leads from st into beslutad.
func decisionAhead(next map[cases.State][]javStep, st cases.State) bool {
	seen := map[cases.State]bool{st: true}
	queue := []cases.State{st}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, s := range next[cur] {
			if s.to == cases.StateDecided {
				return true
			}
			if !seen[s.to] {
				seen[s.to] = true
				queue = append(queue, s.to)
			}
		}
	}
	return false
}

// TestJavRefusedInEveryStateAfterTheDecision walks a case into every state
// of the current workflow definition and declares and withdraws jäv there.
// Jäv is open exactly while the decision is still ahead (a walk leads into
// beslutad); in every other state — beslutad, verkställd, avslutad,
// arkiverad, makulerad and any state added later — both are refused with
// jav_after_decision and nothing is stored. Expectations come from the
// definition, not a list, so a new state cannot slip past.
func TestJavRefusedInEveryStateAfterTheDecision(t *testing.T) {
	next, states := lifecycle()
	for _, must := range []cases.State{cases.StateDecided, cases.StateExecuted, cases.StateClosed, cases.StateArchived, cases.StateVoided} {
		if !slices.Contains(states, must) || decisionAhead(next, must) {
			t.Fatalf("the definition has no state %s after the decision: the walk below would not test it", must)
		}
	}
	eachStore(t, func(t *testing.T, env *apptest.Env) {
		tok := map[string]string{}
		for _, u := range []string{"ordforande", "it-chef", "handlaggare", "sekreterare"} {
			tok[u] = env.Token(u)
		}
		for _, st := range states {
			t.Run(string(st), func(t *testing.T) {
				path, ok := pathTo(next, st)
				if !ok {
					t.Fatalf("no walk from %s to %s", cases.StateRegistered, st)
				}
				c := register(t, env, tok["handlaggare"], map[string]string{"board": "ITN", "title": "Jäv i läget " + string(st)})
				id := c["id"].(string)
				if r := saveMemo(t, env, tok["handlaggare"], id, 0, seedMemo); r.Status != 200 {
					t.Fatalf("memo: %d %s", r.Status, r.Body)
				}
				v := num(env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: tok["sekreterare"]}).JSON(t)["version"])
				post := func(who, path string, body map[string]any) apptest.Response {
					t.Helper()
					r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + path, Token: tok[who], Body: body,
						Header: map[string]string{"If-Match": `"` + v + `"`}})
					if r.Status == http.StatusOK || r.Status == http.StatusCreated {
						v = num(env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: tok["sekreterare"]}).JSON(t)["version"])
					}
					return r
				}
				// A declaration made while jäv is open, to withdraw later.
				if r := post("sekreterare", "/jav", map[string]any{"person": "vice-ordforande", "ground": "Närstående till motparten"}); r.Status != 200 {
					t.Fatalf("declaring at registration: %d %s", r.Status, truncate(r.Body))
				}
				for _, s := range path {
					var r apptest.Response
					switch {
					case s.to == cases.StateDecided:
						r = post("ordforande", "/decisions", map[string]any{"kind": "delegation", "point_code": "A16"})
					case javStateActors[s.event] == "":
						t.Fatalf("no actor for event %s: add it to javStateActors", s.event)
					default:
						r = post(javStateActors[s.event], "/events/"+s.event, map[string]any{"note": "Steg i testet"})
					}
					if r.Status != http.StatusOK && r.Status != http.StatusCreated {
						t.Fatalf("%s towards %s: %d %s", s.event, st, r.Status, truncate(r.Body))
					}
				}
				got := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: tok["sekreterare"]}).JSON(t)["state"]
				if got != string(st) {
					t.Fatalf("walked to %v, want %s", got, st)
				}
				before := env.Snapshot(t)
				declare := post("it-chef", "/jav", map[string]any{"person": "it-chef", "ground": "Äger aktier i motparten"})
				withdraw := post("sekreterare", "/jav/withdrawals", map[string]any{"person": "vice-ordforande", "reason": "Inte längre närstående"})
				if decisionAhead(next, st) {
					if declare.Status != 200 || withdraw.Status != 200 {
						t.Errorf("jäv in %s, before the decision: declare %d %s, withdraw %d %s", st,
							declare.Status, truncate(declare.Body), withdraw.Status, truncate(withdraw.Body))
					}
					return
				}
				for what, r := range map[string]apptest.Response{"declared": declare, "withdrawn": withdraw} {
					if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"code":"jav_after_decision"`) {
						t.Errorf("jäv %s in %s: %d %s, want 422 jav_after_decision", what, st, r.Status, truncate(r.Body))
					}
				}
				if env.Snapshot(t) != before {
					t.Errorf("refused jäv in %s changed stored data", st)
				}
			})
		}
	})
}
