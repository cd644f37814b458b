package workflow_test

// Tests of the case engine through its public use cases, on every backend:
// SQLite in a temporary directory, the Mongo backend over the embedded
// FerretDB, and a real MongoDB when SAMSTYR_TEST_MONGODB_URI is set.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/workflow"
)

// allStates are the lifecycle states of an ärende (internal/cases).
var allStates = []cases.State{cases.StateRegistered, cases.StatePreparing, cases.StateReady, cases.StateDecided,
	cases.StateExecuted, cases.StateClosed, cases.StateArchived, cases.StateReferred, cases.StateTabled,
	cases.StateVoided}

// allowedByState is what each demo user may fire from each state, written
// out from the definition's diagram and policies/workflow_policy.csv.
var allowedByState = map[cases.State]map[string][]string{
	cases.StateRegistered: {
		"handlaggare": {"start"}, "it-chef": {"start"}, "sekreterare": {"start", "void"},
		"ordforande": {}, "revisor": {}, "admin": {"void"},
	},
	cases.StatePreparing: {
		"handlaggare": {"submit"}, "it-chef": {"submit"}, "sekreterare": {"void"},
		"ordforande": {}, "revisor": {}, "admin": {"void"},
	},
	cases.StateReady: {
		"handlaggare": {"reopen"}, "it-chef": {"reopen"}, "sekreterare": {"refer_back", "table", "void"},
		"ordforande": {}, "revisor": {}, "admin": {"void"},
	},
	cases.StateDecided: {
		"handlaggare": {"execute", "close"}, "it-chef": {"execute", "close"}, "sekreterare": {"close"},
		"ordforande": {}, "revisor": {}, "admin": {},
	},
	cases.StateExecuted: {
		"handlaggare": {"close"}, "it-chef": {"close"}, "sekreterare": {"close"},
		"ordforande": {}, "revisor": {}, "admin": {},
	},
	cases.StateClosed: {
		"handlaggare": {}, "it-chef": {}, "sekreterare": {"archive"},
		"ordforande": {}, "revisor": {}, "admin": {"archive"},
	},
	cases.StateArchived: {
		"handlaggare": {}, "it-chef": {}, "sekreterare": {}, "ordforande": {}, "revisor": {}, "admin": {},
	},
}

// checkAllowed compares AllowedEvents for every demo user with the table.
func checkAllowed(t *testing.T, e *env, c cases.Case) {
	t.Helper()
	want, ok := allowedByState[c.State]
	if !ok {
		t.Fatalf("no expectation for state %s", c.State)
	}
	for who, events := range want {
		if got := e.engine.Cases.AllowedEvents(e.user(t, who), c); !slices.Equal(sorted(got), sorted(events)) {
			t.Errorf("state %s: AllowedEvents(%s) = %v, want %v", c.State, who, got, events)
		}
	}
}

// memoEvents counts the memo revision events in a case's history.
func memoEvents(c cases.Case) int {
	n := 0
	for _, ev := range c.History {
		if ev.Action == cases.ActionMemo {
			n++
		}
	}
	return n
}

func TestRegisterConcurrentGaplessNumbers(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		const n = 50
		ctx := t.Context()
		h := e.user(t, "handlaggare")
		year := platform.DateOf(e.clock.Now()).Year
		got := make([]cases.Case, n)
		errs := make([]error, n)
		ready := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-ready
				got[i], errs[i] = e.engine.Cases.Register(ctx, h, cases.Registration{Board: demo.BoardCode,
					Title: fmt.Sprintf("Samtidigt registrerat ärende %d", i)})
			})
		}
		close(ready)
		wg.Wait()
		seen := map[string]int{}
		for i := range n {
			if errs[i] != nil {
				t.Errorf("register %d: %v", i, errs[i])
				continue
			}
			seen[got[i].RegistrationNumber]++
			if want := cases.FormatNumber(demo.BoardCode, year, got[i].Seq); got[i].RegistrationNumber != want {
				t.Errorf("case %s has seq %d (number %s)", got[i].RegistrationNumber, got[i].Seq, want)
			}
		}
		for seq := 1; seq <= n; seq++ {
			if dnr := fmt.Sprintf("ITN %d/%d", year, seq); seen[dnr] != 1 {
				t.Errorf("%s given %d times, want once", dnr, seen[dnr])
			}
		}
		if len(seen) != n {
			t.Errorf("%d distinct numbers, want %d: %v", len(seen), n, seen)
		}
		list, total, err := e.engine.Cases.List(ctx, h, cases.Filter{Board: demo.BoardCode, PerPage: 2 * n})
		if err != nil {
			t.Fatal(err)
		}
		if total != n || len(list) != n {
			t.Errorf("List: %d cases of %d, want %d", len(list), total, n)
		}
		for _, c := range list {
			if err := c.Verify(); err != nil {
				t.Errorf("stored %s: %v", c.RegistrationNumber, err)
			}
		}
		if next := e.mustRegister(t, "Nästa ärende"); next.RegistrationNumber != fmt.Sprintf("ITN %d/%d", year, n+1) {
			t.Errorf("next registration got %s, want ITN %d/%d", next.RegistrationNumber, year, n+1)
		}
	})
}

func TestLifecycleHappyPath(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		h := e.user(t, "handlaggare")
		c := e.mustRegister(t, "Förlängning av samverkansavtal för IT-drift")
		if c.State != cases.StateRegistered || c.FSMVersion != workflow.CurrentVersion {
			t.Fatalf("registered case: state %s, fsm version %d", c.State, c.FSMVersion)
		}
		checkAllowed(t, e, c)

		c, rev, err := e.engine.Cases.SaveMemo(ctx, h, c.ID, 0, completeMemo())
		if err != nil {
			t.Fatalf("save memo: %v", err)
		}
		if rev.No != 1 || c.Memo == nil || c.Memo.Revision != 1 || !c.Memo.Complete || len(c.Memo.Missing) != 0 {
			t.Fatalf("memo after save: rev %d, head %+v", rev.No, c.Memo)
		}
		if c.Memo.UpprattadAt != nil {
			t.Errorf("a draft memo is upprättad at %v", c.Memo.UpprattadAt)
		}

		steps := []struct {
			who, event string
			to         cases.State
		}{
			{"handlaggare", "start", cases.StatePreparing},
			{"handlaggare", "submit", cases.StateReady},
			{"sekreterare", "decide", cases.StateDecided},
			{"handlaggare", "execute", cases.StateExecuted},
			{"handlaggare", "close", cases.StateClosed},
			{"sekreterare", "archive", cases.StateArchived},
		}
		var closedAt time.Time
		for _, st := range steps {
			if st.to == cases.StateClosed && c.Memo.UpprattadAt != nil {
				t.Errorf("memo upprättad before the case was closed (state %s)", c.State)
			}
			e.clock.Advance(time.Hour)
			before := c.Version
			if st.event == "decide" {
				// The nämnd decides at its sammanträde, recorded as a §;
				// nobody fires decide.
				if slices.Contains(e.engine.Cases.AllowedEvents(e.user(t, st.who), c), st.event) {
					t.Errorf("%s is offered decide", st.who)
				}
				if _, err := e.engine.Cases.Fire(ctx, e.user(t, st.who), c.ID, st.event, c.Version, ""); code(err) != "decided_at_meeting" {
					t.Errorf("decide fired by %s = %v, want decided_at_meeting", st.who, err)
				}
				c = e.decideAtMeeting(t, c)
			} else {
				if !slices.Contains(e.engine.Cases.AllowedEvents(e.user(t, st.who), c), st.event) {
					t.Errorf("%s may not %s from %s", st.who, st.event, c.State)
				}
				c = e.mustFire(t, st.who, c, st.event, "")
			}
			if c.State != st.to {
				t.Fatalf("%s: state %s, want %s", st.event, c.State, st.to)
			}
			if c.Version <= before {
				t.Errorf("%s: version %d after %d", st.event, c.Version, before)
			}
			stored := e.reload(t, c.ID)
			if stored.State != st.to || stored.Version != c.Version {
				t.Errorf("%s: stored state %s version %d, returned %s %d", st.event, stored.State, stored.Version,
					c.State, c.Version)
			}
			if st.to == cases.StateClosed {
				closedAt = e.clock.Now()
			}
			checkAllowed(t, e, stored)
		}

		c = e.reload(t, c.ID)
		if m := c.Memo; m == nil || m.UpprattadAt == nil {
			t.Fatalf("memo not upprättad after close: %+v", m)
		} else if !m.UpprattadAt.Equal(closedAt) || m.UpprattadRevision != 1 || m.UpprattadReason != "arendet_avslutat" {
			t.Errorf("upprättad %v (want %v), revision %d, reason %q", m.UpprattadAt, closedAt, m.UpprattadRevision,
				m.UpprattadReason)
		}
		wantHistory := []struct {
			action, actor string
			from, to      cases.State
		}{
			{cases.ActionRegister, "handlaggare", "", cases.StateRegistered},
			{cases.ActionMemo, "handlaggare", "", ""},
			{"start", "handlaggare", cases.StateRegistered, cases.StatePreparing},
			{"submit", "handlaggare", cases.StatePreparing, cases.StateReady},
			{"decide", "sekreterare", cases.StateReady, cases.StateDecided},
			{"execute", "handlaggare", cases.StateDecided, cases.StateExecuted},
			{"close", "handlaggare", cases.StateExecuted, cases.StateClosed},
			{"archive", "sekreterare", cases.StateClosed, cases.StateArchived},
		}
		if len(c.History) != len(wantHistory) {
			t.Fatalf("history has %d events, want %d: %+v", len(c.History), len(wantHistory), c.History)
		}
		for i, w := range wantHistory {
			ev := c.History[i]
			if ev.Seq != i+1 || ev.Action != w.action || ev.Actor != w.actor || ev.From != w.from || ev.To != w.to {
				t.Errorf("event %d = %d %s by %s %s→%s, want %s by %s %s→%s", i+1, ev.Seq, ev.Action, ev.Actor,
					ev.From, ev.To, w.action, w.actor, w.from, w.to)
			}
		}
		if ev := c.History[6]; !ev.At.Equal(closedAt) {
			t.Errorf("close event at %v, want %v", ev.At, closedAt)
		}
		if err := c.Verify(); err != nil {
			t.Errorf("Verify: %v", err)
		}
		_, latest, err := e.engine.Cases.Revision(ctx, h, c.ID, 0)
		if err != nil || latest.No != 1 || latest.Digest != c.Memo.Digest || latest.Memo.Title != completeMemo().Title {
			t.Errorf("Revision(0) = no %d digest %s, %v; head digest %s", latest.No, latest.Digest, err, c.Memo.Digest)
		}

		// The stored chain is what Verify checks: an edited event in the
		// store is detected.
		tampered := c
		tampered.History = slices.Clone(c.History)
		tampered.History[4].Actor = "ordforande"
		if _, err := e.cases.Update(ctx, tampered); err != nil {
			t.Fatal(err)
		}
		if err := e.reload(t, c.ID).Verify(); err == nil || err.Seq != 5 {
			t.Errorf("Verify after editing event 5 in the store = %v, want a failure at event 5", err)
		}
	})
}

func TestGuards(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		h, sek := e.user(t, "handlaggare"), e.user(t, "sekreterare")
		c := e.mustRegister(t, "Upphandling av nätverksutrustning")
		c = e.mustFire(t, "handlaggare", c, "start", "")

		// No memo at all.
		_, err := e.engine.Cases.Fire(ctx, h, c.ID, "submit", c.Version, "")
		if f := fault.From(err); f.Code != "memo_incomplete" || len(f.Fields) != 1 || f.Fields[0].Field != "/memo" {
			t.Errorf("submit without memo = %v, want memo_incomplete on /memo", err)
		}

		// An incomplete memo: the missing sections are the fields.
		c, _, err = e.engine.Cases.SaveMemo(ctx, h, c.ID, 0, cases.Memo{Title: "Upphandling", Description: "Bakgrund"})
		if err != nil {
			t.Fatalf("save incomplete memo: %v", err)
		}
		wantMissing := []string{"assessment", "clauses", "consequences", "send_to"}
		if c.Memo.Complete || !slices.Equal(sorted(c.Memo.Missing), wantMissing) {
			t.Errorf("incomplete memo head: complete %v, missing %v", c.Memo.Complete, c.Memo.Missing)
		}
		_, err = e.engine.Cases.Fire(ctx, h, c.ID, "submit", c.Version, "")
		f := fault.From(err)
		if f.Code != "memo_incomplete" {
			t.Fatalf("submit with incomplete memo = %v, want memo_incomplete", err)
		}
		var fields []string
		for _, fe := range f.Fields {
			fields = append(fields, fe.Field)
			if fe.Code != "required" {
				t.Errorf("field %s has code %s, want required", fe.Field, fe.Code)
			}
		}
		if want := []string{"/memo/assessment", "/memo/clauses", "/memo/consequences", "/memo/send_to"}; !slices.Equal(sorted(fields), want) {
			t.Errorf("memo_incomplete fields = %v, want %v", fields, want)
		}
		if s := e.reload(t, c.ID); s.State != cases.StatePreparing || s.Version != c.Version {
			t.Errorf("a refused submit changed the case: state %s version %d (was %d)", s.State, s.Version, c.Version)
		}

		// Makulering needs a reason; a handläggare may not void at all.
		for _, note := range []string{"", "   "} {
			if _, err := e.engine.Cases.Fire(ctx, sek, c.ID, "void", c.Version, note); code(err) != "reason_required" {
				t.Errorf("void with note %q = %v, want reason_required", note, err)
			}
		}
		if _, err := e.engine.Cases.Fire(ctx, h, c.ID, "void", c.Version, "Fel"); code(err) != "not_permitted" {
			t.Errorf("void by handläggare = %v, want not_permitted", err)
		}
		// A stale version, an event the state does not have, an unknown event.
		if _, err := e.engine.Cases.Fire(ctx, h, c.ID, "submit", c.Version-1, ""); code(err) != "version_conflict" {
			t.Errorf("submit with stale version = %v, want version_conflict", err)
		}
		_, err = e.engine.Cases.Fire(ctx, sek, c.ID, "refer_back", c.Version, "")
		if f := fault.From(err); f.Code != "event_not_allowed" {
			t.Errorf("refer_back from under_beredning = %v, want event_not_allowed", err)
		} else if got, _ := f.Extra["allowed_events"].([]string); !slices.Equal(got, []string{"void"}) {
			t.Errorf("allowed_events = %v, want [void]", f.Extra["allowed_events"])
		}
		if _, err := e.engine.Cases.Fire(ctx, h, c.ID, "approve", c.Version, ""); code(err) != "unknown_event" {
			t.Errorf("unknown event = %v, want unknown_event", err)
		}

		// Complete the memo and submit: the memo is locked.
		c, rev, err := e.engine.Cases.SaveMemo(ctx, h, c.ID, 1, completeMemo())
		if err != nil || rev.No != 2 || !c.Memo.Complete {
			t.Fatalf("complete memo: rev %d, %v", rev.No, err)
		}
		c = e.mustFire(t, "handlaggare", c, "submit", "")
		if _, _, err := e.engine.Cases.SaveMemo(ctx, h, c.ID, 2, completeMemo()); code(err) != "memo_locked" {
			t.Errorf("save memo in %s = %v, want memo_locked", c.State, err)
		}
		if s := e.reload(t, c.ID); s.Memo.Revision != 2 || memoEvents(s) != 2 || s.Version != c.Version {
			t.Errorf("a refused memo save changed the case: revision %d, %d memo events, version %d (was %d)",
				s.Memo.Revision, memoEvents(s), s.Version, c.Version)
		}

		// Reopen: editable again.
		c = e.mustFire(t, "handlaggare", c, "reopen", "")
		if c.State != cases.StatePreparing {
			t.Fatalf("reopen: state %s", c.State)
		}
		m := completeMemo()
		m.Assessment = "Förvaltningen bedömer att upphandlingen bör genomföras under 2026."
		c, rev, err = e.engine.Cases.SaveMemo(ctx, h, c.ID, 2, m)
		if err != nil || rev.No != 3 || c.Memo.Revision != 3 {
			t.Fatalf("save memo after reopen: rev %d, %v", rev.No, err)
		}
		c = e.mustFire(t, "handlaggare", c, "submit", "")

		// Void with a reason, from beslutsklar.
		c = e.mustFire(t, "sekreterare", c, "void", "  Dubbelregistrerat ärende  ")
		if c.State != cases.StateVoided || c.VoidReason != "Dubbelregistrerat ärende" ||
			c.History[len(c.History)-1].Note != "Dubbelregistrerat ärende" {
			t.Errorf("void: state %s, reason %q, note %q", c.State, c.VoidReason, c.History[len(c.History)-1].Note)
		}
		if _, _, err := e.engine.Cases.SaveMemo(ctx, h, c.ID, 3, completeMemo()); code(err) != "memo_locked" {
			t.Errorf("save memo on a voided case = %v, want memo_locked", err)
		}
		if err := e.reload(t, c.ID).Verify(); err != nil {
			t.Errorf("Verify: %v", err)
		}
	})
}

// TestDefinitionReachable walks the current definition's graph from
// registrerad: every state, of the definition and of internal/cases, can
// be reached, and arkiverad is final.
func TestDefinitionReachable(t *testing.T) {
	def := workflow.Definition(workflow.CurrentVersion)
	if len(def) == 0 {
		t.Fatalf("Definition(%d) is empty", workflow.CurrentVersion)
	}
	next := map[string][]string{}
	states := map[string]bool{}
	for _, ev := range def {
		states[ev.Dst] = true
		for _, src := range ev.Src {
			states[src] = true
			next[src] = append(next[src], ev.Dst)
		}
	}
	for _, st := range allStates {
		states[string(st)] = true
	}
	reached := map[string]bool{string(cases.StateRegistered): true}
	queue := []string{string(cases.StateRegistered)}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for _, dst := range next[st] {
			if !reached[dst] {
				reached[dst] = true
				queue = append(queue, dst)
			}
		}
	}
	for st := range states {
		if !reached[st] {
			t.Errorf("state %s is not reachable from registrerad", st)
		}
	}
	if out := next[string(cases.StateArchived)]; len(out) != 0 {
		t.Errorf("arkiverad has outgoing transitions to %v", out)
	}
}

// TestDefinitionLabels checks that every event and state of every
// definition version has a Swedish and an English label.
func TestDefinitionLabels(t *testing.T) {
	english := map[string]bool{}
	for _, k := range i18n.Keys(i18n.English) {
		english[k] = true
	}
	check := func(key string) {
		if !i18n.Has(key) {
			t.Errorf("no Swedish label for %s", key)
		}
		if !english[key] {
			t.Errorf("no English label for %s", key)
		}
	}
	for _, st := range allStates {
		check("state." + string(st))
	}
	for v := 1; v <= workflow.CurrentVersion; v++ {
		def := workflow.Definition(v)
		if len(def) == 0 {
			t.Errorf("definition version %d is missing (released versions must stay)", v)
		}
		for _, ev := range def {
			check("event." + ev.Name)
			check("state." + ev.Dst)
			for _, src := range ev.Src {
				check("state." + src)
			}
		}
	}
}

// TestDefinitionVersionOneKeepsWorking runs a case stored with FSMVersion
// 1 through part of its life: it keeps version 1 and the version 1 rules.
func TestDefinitionVersionOneKeepsWorking(t *testing.T) {
	if len(workflow.Definition(1)) == 0 {
		t.Fatal("definition version 1 is gone; cases started on it cannot move")
	}
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		h, sek := e.user(t, "handlaggare"), e.user(t, "sekreterare")
		c := e.mustRegister(t, "Ärende på version 1")
		c.FSMVersion = 1
		c, err := e.cases.Update(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		check := func(c cases.Case, st cases.State) {
			t.Helper()
			s := e.reload(t, c.ID)
			if s.FSMVersion != 1 || s.State != st {
				t.Fatalf("stored case: fsm version %d state %s, want 1 %s", s.FSMVersion, s.State, st)
			}
		}
		c = e.mustFire(t, "handlaggare", c, "start", "")
		check(c, cases.StatePreparing)
		if _, err := e.engine.Cases.Fire(ctx, h, c.ID, "start", c.Version, ""); code(err) != "event_not_allowed" {
			t.Errorf("start from under_beredning on version 1 = %v, want event_not_allowed", err)
		}
		if c, _, err = e.engine.Cases.SaveMemo(ctx, h, c.ID, 0, completeMemo()); err != nil {
			t.Fatal(err)
		}
		c = e.mustFire(t, "handlaggare", c, "submit", "")
		check(c, cases.StateReady)
		if got, want := sorted(e.engine.Cases.AllowedEvents(sek, c)), []string{"refer_back", "table", "void"}; !slices.Equal(got, want) {
			t.Errorf("version 1, beslutsklar: sekreterare may %v, want %v", got, want)
		}
		c = e.mustFire(t, "sekreterare", c, "table", "")
		check(c, cases.StateTabled)
		c = e.mustFire(t, "sekreterare", c, "untable", "")
		c = e.mustFire(t, "sekreterare", c, "refer_back", "")
		check(c, cases.StateReferred)
		c = e.mustFire(t, "handlaggare", c, "resume", "")
		c = e.mustFire(t, "handlaggare", c, "submit", "")
		// Version 1 has no decide_delegated: its cases are decided at a
		// meeting, and no client fires decide on them either.
		if _, err := e.engine.Cases.Fire(ctx, e.user(t, "ordforande"), c.ID, "decide", c.Version, ""); code(err) != "decided_at_meeting" {
			t.Errorf("decide fired on version 1 = %v, want decided_at_meeting", err)
		}
		if _, _, err := e.engine.Decisions.Decide(ctx, e.user(t, "ordforande"), c.ID, c.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: "A16"}); code(err) != "event_not_allowed" {
			t.Errorf("delegated decision on version 1 = %v, want event_not_allowed", err)
		}
		c = e.decideAtMeeting(t, c)
		check(c, cases.StateDecided)
		if ev := c.History[len(c.History)-1]; ev.Action != "decide" || !strings.Contains(ev.Ref, "§") {
			t.Errorf("version 1 decided by %+v, want decide with a § reference", ev)
		}
		c = e.mustFire(t, "handlaggare", c, "close", "")
		check(c, cases.StateClosed)
		if err := e.reload(t, c.ID).Verify(); err != nil {
			t.Errorf("Verify: %v", err)
		}

		// A case on a version this binary does not know cannot move.
		u := e.mustRegister(t, "Ärende på okänd version")
		u.FSMVersion = workflow.CurrentVersion + 100
		if u, err = e.cases.Update(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got := e.engine.Cases.AllowedEvents(h, u); len(got) != 0 {
			t.Errorf("unknown version: allowed events %v", got)
		}
		if _, err := e.engine.Cases.Fire(ctx, h, u.ID, "start", u.Version, ""); err == nil {
			t.Error("start on a case of an unknown definition version succeeded")
		}
		if s := e.reload(t, u.ID); s.State != cases.StateRegistered || s.Version != u.Version {
			t.Errorf("unknown version: case changed to %s version %d", s.State, s.Version)
		}
	})
}

func TestSaveMemoConcurrentFirstRevision(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		const n = 20
		ctx := t.Context()
		h := e.user(t, "handlaggare")
		c := e.mustRegister(t, "Samtidiga tjänsteskrivelser")
		revs := make([]cases.MemoRevision, n)
		errs := make([]error, n)
		ready := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			m := completeMemo()
			m.Description = fmt.Sprintf("Version skriven av skribent %d.", i)
			wg.Go(func() {
				<-ready
				_, revs[i], errs[i] = e.engine.Cases.SaveMemo(ctx, h, c.ID, 0, m)
			})
		}
		close(ready)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("saves %d and %d both succeeded with ifMatch 0", winner, i)
			case err == nil:
				winner = i
			case code(err) != "version_conflict":
				t.Errorf("save %d = %v, want version_conflict", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no save succeeded")
		}
		s := e.reload(t, c.ID)
		if s.Memo == nil || s.Memo.Revision != 1 || len(s.Memo.Revisions) != 1 || s.Memo.Revisions[0].ID != revs[winner].ID {
			t.Errorf("memo head %+v, want revision 1 = %s", s.Memo, revs[winner].ID)
		}
		if memoEvents(s) != 1 {
			t.Errorf("%d memo events, want 1", memoEvents(s))
		}
		if err := s.Verify(); err != nil {
			t.Errorf("Verify: %v", err)
		}
		_, rev, err := e.engine.Cases.Revision(ctx, h, c.ID, 1)
		if err != nil || rev.Memo.Description != fmt.Sprintf("Version skriven av skribent %d.", winner) {
			t.Errorf("revision 1 = %q, %v; want the winner's (%d)", rev.Memo.Description, err, winner)
		}
		// The losers' revision documents stay behind unreferenced (see the
		// report); count them for the log.
		recs, err := e.backend.Find(ctx, repo.CollMemoRevisions, store.Query{Where: []store.Cond{store.Eq("case_id", c.ID)}})
		if err == nil {
			t.Logf("%d memo revision documents stored for 1 referenced revision", len(recs))
		}
	})
}

func TestAccess(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		c := e.mustRegister(t, "Ärende med begränsad läsbehörighet")
		from := platform.MustParseDate("2023-01-01")
		outsider, err := e.identity.CreateUser(ctx, identity.NewUser{Username: "utomstaende", Name: "Per Utomstående",
			Password: "utomstaende-klöver-7", Roles: []identity.RoleAssignment{
				{Board: "BUN", Role: identity.RoleHandlaggare, ValidFrom: from}}})
		if err != nil {
			t.Fatal(err)
		}
		former, err := e.identity.CreateUser(ctx, identity.NewUser{Username: "tidigare", Name: "Eva Tidigare",
			Password: "tidigare-granskog-7", Roles: []identity.RoleAssignment{
				{Board: demo.BoardCode, Role: identity.RoleHandlaggare, ValidFrom: from, ValidTo: platform.MustParseDate("2025-12-31")}}})
		if err != nil {
			t.Fatal(err)
		}

		// The handläggare on the board reads it (the control).
		if got, err := e.engine.Cases.Case(ctx, e.user(t, "handlaggare"), c.ID); err != nil || got.ID != c.ID {
			t.Fatalf("handläggare reads the case: %v", err)
		}
		missing := fault.From(func() error {
			_, err := e.engine.Cases.Case(ctx, e.user(t, "handlaggare"), platform.NewID())
			return err
		}())
		if missing.Code != "case_not_found" {
			t.Fatalf("a missing case = %v, want case_not_found", missing)
		}
		for _, u := range []identity.User{outsider, former} {
			_, err := e.engine.Cases.Case(ctx, u, c.ID)
			if f := fault.From(err); f.Code != "case_not_found" || f.Kind != missing.Kind {
				t.Errorf("%s: Case = %v, want case_not_found like a missing case", u.Username, err)
			}
			if _, err := e.engine.Cases.CaseByNumber(ctx, u, c.RegistrationNumber); code(err) != "case_not_found" {
				t.Errorf("%s: CaseByNumber = %v, want case_not_found", u.Username, err)
			}
			if _, err := e.engine.Cases.Fire(ctx, u, c.ID, "start", c.Version, ""); code(err) != "case_not_found" {
				t.Errorf("%s: Fire = %v, want case_not_found", u.Username, err)
			}
			if _, _, err := e.engine.Cases.SaveMemo(ctx, u, c.ID, 0, completeMemo()); code(err) != "case_not_found" {
				t.Errorf("%s: SaveMemo = %v, want case_not_found", u.Username, err)
			}
			for _, f := range []cases.Filter{{}, {Board: demo.BoardCode}} {
				if list, total, err := e.engine.Cases.List(ctx, u, f); err != nil || total != 0 || len(list) != 0 {
					t.Errorf("%s: List(%+v) = %d of %d, %v; want none", u.Username, f, len(list), total, err)
				}
			}
			if _, err := e.engine.Cases.Register(ctx, u, cases.Registration{Board: demo.BoardCode, Title: "Försök"}); code(err) != "not_permitted" {
				t.Errorf("%s: Register = %v, want not_permitted", u.Username, err)
			}
		}

		// The revisor reads but changes nothing.
		rev := e.user(t, "revisor")
		got, err := e.engine.Cases.Case(ctx, rev, c.ID)
		if err != nil || got.ID != c.ID {
			t.Fatalf("revisor: Case = %v", err)
		}
		if _, err := e.engine.Cases.CaseByNumber(ctx, rev, c.RegistrationNumber); err != nil {
			t.Errorf("revisor: CaseByNumber = %v", err)
		}
		if _, total, err := e.engine.Cases.List(ctx, rev, cases.Filter{}); err != nil || total != 1 {
			t.Errorf("revisor: List = %d, %v; want 1", total, err)
		}
		if ev := e.engine.Cases.AllowedEvents(rev, got); len(ev) != 0 {
			t.Errorf("revisor: AllowedEvents = %v, want none", ev)
		}
		if _, err := e.engine.Cases.Fire(ctx, rev, c.ID, "start", got.Version, ""); code(err) != "read_only_role" {
			t.Errorf("revisor: Fire = %v, want read_only_role", err)
		}
		if _, _, err := e.engine.Cases.SaveMemo(ctx, rev, c.ID, 0, completeMemo()); code(err) != "read_only_role" {
			t.Errorf("revisor: SaveMemo = %v, want read_only_role", err)
		}
		if _, err := e.engine.Cases.Register(ctx, rev, cases.Registration{Board: demo.BoardCode, Title: "Försök"}); code(err) != "read_only_role" {
			t.Errorf("revisor: Register = %v, want read_only_role", err)
		}
		if s := e.reload(t, c.ID); s.Version != c.Version || len(s.History) != len(c.History) || s.Memo != nil {
			t.Errorf("refused calls changed the case: version %d (was %d), %d events", s.Version, c.Version, len(s.History))
		}
	})
}
