package workflow_test

// Tests of the history archive on the real stores: older events leave the
// case document in blocks (cases.Case.Split, repo case_events) while the
// chain, the history and tamper detection stay as before.

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/workflow"
)

// longCase registers a case, takes it to beslutsklar (4 events) and fires
// n table/untable transitions as the sekreterare.
func (e *env) longCase(t *testing.T, title string, n int) cases.Case {
	t.Helper()
	c, err := e.toReady(t.Context(), e.mustRegister(t, title))
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		ev := "table"
		if c.State == cases.StateTabled {
			ev = "untable"
		}
		c = e.mustFire(t, "sekreterare", c, ev, "")
	}
	return c
}

// storedDoc reads a case's document as stored, undecoded into the domain
// type: its history array and archive mark.
func (e *env) storedDoc(t *testing.T, id string) (history []cases.Event, archivedThrough int, rec store.Record) {
	t.Helper()
	rec, err := e.backend.Get(t.Context(), repo.CollCases, id)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		History         []cases.Event `json:"history"`
		ArchivedThrough int           `json:"archived_through"`
	}
	if err := json.Unmarshal(rec.Data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.History, doc.ArchivedThrough, rec
}

// blocks returns the stored archive blocks of a case by first seq.
func (e *env) blocks(t *testing.T, id string) []store.Record {
	t.Helper()
	recs, err := e.backend.Find(t.Context(), repo.CollCaseEvents, store.Query{Where: []store.Cond{store.Eq("case_id", id)},
		Sort: []store.SortKey{{Field: "first"}}})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// editJSON rewrites a stored document's body with edit, bypassing the
// domain (an attacker or a broken tool with database access).
func (e *env) editJSON(t *testing.T, coll string, rec store.Record, edit func(m map[string]any)) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	body, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.backend.Update(t.Context(), coll, rec.ID, rec.Version, body); err != nil {
		t.Fatal(err)
	}
}

// wantWhole checks that the case reads back with events 1..n in order and
// a verifying chain.
func (e *env) wantWhole(t *testing.T, id string, n int) cases.Case {
	t.Helper()
	c := e.reload(t, id)
	if len(c.History) != n {
		t.Fatalf("history has %d events, want %d", len(c.History), n)
	}
	for i, ev := range c.History {
		if ev.Seq != i+1 {
			t.Fatalf("event %d has seq %d", i+1, ev.Seq)
		}
	}
	if p := c.Verify(); p != nil {
		t.Fatalf("chain does not verify: %v", p)
	}
	return c
}

func TestLongHistoryLeavesTheDocument(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.longCase(t, "Ärende med lång historik", 30) // 34 events
		if c.Whole() || len(c.History) > cases.ArchiveBlock {
			t.Errorf("Fire returned %d events (archived through %d), want the document's tail", len(c.History), c.ArchivedThrough)
		}
		hist, through, _ := e.storedDoc(t, c.ID)
		if through != 32 || len(hist) != 2 || hist[0].Seq != 33 || hist[1].Seq != 34 {
			t.Errorf("stored document: archived through %d, %d events", through, len(hist))
		}
		if n := len(e.blocks(t, c.ID)); n != 4 {
			t.Errorf("%d archive blocks, want 4", n)
		}
		whole := e.wantWhole(t, c.ID, 34)
		if whole.Version != c.Version || whole.State != c.State {
			t.Errorf("whole case: version %d state %s, Fire gave %d %s", whole.Version, whole.State, c.Version, c.State)
		}
		full, err := e.engine.Cases.Complete(t.Context(), c)
		if err != nil || !slices.EqualFunc(full.History, whole.History, func(a, b cases.Event) bool { return a.Hash == b.Hash }) {
			t.Errorf("Complete: %v, %d events", err, len(full.History))
		}
		// Writing a whole case (other use cases load it whole) stores no
		// block twice, keeps the document's tail and returns it whole.
		saved, err := e.cases.Update(t.Context(), whole)
		if err != nil || !saved.Whole() || len(saved.History) != 34 || saved.Version != whole.Version+1 {
			t.Fatalf("update of the whole case: %v, %d events, version %d", err, len(saved.History), saved.Version)
		}
		if hist, through, _ := e.storedDoc(t, c.ID); through != 32 || len(hist) != 2 {
			t.Errorf("after a whole write: archived through %d, %d events in the document", through, len(hist))
		}
		e.wantWhole(t, c.ID, 34)
		// A list page completes every archived case in it (one query for
		// the page's blocks).
		other := e.longCase(t, "Ett andra ärende med lång historik", 14) // 18 events
		list, _, err := e.engine.Cases.List(t.Context(), e.user(t, "handlaggare"), cases.Filter{Board: c.Board})
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range map[string]int{c.ID: 34, other.ID: 18} {
			i := slices.IndexFunc(list, func(x cases.Case) bool { return x.ID == id })
			if i < 0 || len(list[i].History) != n || list[i].Verify() != nil {
				t.Errorf("the list does not show the whole history of %s", id)
			}
		}
	})
}

func TestArchiveTamperingIsDetected(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		tests := []struct {
			name string
			edit func(t *testing.T, blocks []store.Record)
			seq  int
		}{
			{"edited archived event", func(t *testing.T, bs []store.Record) {
				e.editJSON(t, repo.CollCaseEvents, bs[1], func(m map[string]any) {
					m["events"].([]any)[2].(map[string]any)["actor"] = "mallory" // event 11
				})
			}, 11},
			{"removed archived event", func(t *testing.T, bs []store.Record) {
				e.editJSON(t, repo.CollCaseEvents, bs[0], func(m map[string]any) {
					evs := m["events"].([]any)
					m["events"] = append(evs[:4:4], evs[5:]...) // event 5
				})
			}, 5},
			{"removed archive block", func(t *testing.T, bs []store.Record) {
				if err := e.backend.Delete(t.Context(), repo.CollCaseEvents, bs[2].ID, bs[2].Version); err != nil {
					t.Fatal(err)
				}
			}, 17},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				c := e.longCase(t, "Manipulerad historik "+tc.name, 22) // 26 events: blocks 1, 9, 17
				bs := e.blocks(t, c.ID)
				if len(bs) != 3 {
					t.Fatalf("%d blocks", len(bs))
				}
				tc.edit(t, bs)
				p := e.reload(t, c.ID).Verify()
				if p == nil {
					t.Fatal("not detected")
				}
				if p.Seq != tc.seq {
					t.Errorf("reported event %d (%v), want %d", p.Seq, p, tc.seq)
				}
			})
		}
	})
}

// dueBlock appends an event to the document of c (with 8 events) as Fire
// would and returns the archive block that write would store first.
func dueBlock(t *testing.T, c cases.Case) []cases.Event {
	t.Helper()
	c.History = slices.Clone(c.History)
	c.Append(cases.Event{At: c.UpdatedAt, Actor: "sekreterare", Action: "table", From: c.State, To: cases.StateTabled})
	_, blocks := c.Split()
	if len(blocks) != 1 || blocks[0][0].Seq != 1 {
		t.Fatalf("due blocks: %v", blocks)
	}
	return blocks[0]
}

// putBlock stores an archive block directly, as repo does before writing
// the case document.
func (e *env) putBlock(t *testing.T, caseID string, evs []cases.Event) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"case_id": caseID, "first": evs[0].Seq, "events": evs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.backend.Insert(t.Context(), repo.CollCaseEvents, caseID+"/000000001", body); err != nil {
		t.Fatal(err)
	}
}

func TestCrashBetweenArchiveAndCaseWrite(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.longCase(t, "Avbruten arkivering", 4) // 8 events, none archived
		if c.ArchivedThrough != 0 || len(e.blocks(t, c.ID)) != 0 {
			t.Fatalf("archived through %d", c.ArchivedThrough)
		}
		// The process stored the block of events 1..8 and died before the
		// case document (with the ninth event and the trimmed history) was
		// written.
		e.putBlock(t, c.ID, dueBlock(t, c))
		// After a restart (a fresh engine on the same store) the case is
		// whole and verifies: the document still holds events 1..8.
		e.engine = workflow.NewEngine(repo.NewCases(e.backend), repo.NewBoards(e.backend), mustPolicy(t), e.clock, maxUpload)
		e.wantWhole(t, c.ID, 8)
		// The next write stores the same block again (already there, the
		// same events) and trims the document.
		c = e.mustFire(t, "sekreterare", c, "table", "")
		if hist, through, _ := e.storedDoc(t, c.ID); through != 8 || len(hist) != 1 {
			t.Errorf("after the next write: archived through %d, %d events in the document", through, len(hist))
		}
		if n := len(e.blocks(t, c.ID)); n != 1 {
			t.Errorf("%d blocks", n)
		}
		e.wantWhole(t, c.ID, 9)
	})
}

func TestLeftoverBlockThatDiffersStopsTheWrite(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.longCase(t, "Förfalskat arkivblock", 4) // 8 events
		forged := slices.Clone(dueBlock(t, c))
		forged[3].Actor = "mallory"
		e.putBlock(t, c.ID, forged)
		_, err := e.engine.Cases.Fire(t.Context(), e.user(t, "sekreterare"), c.ID, "table", c.Version, "")
		if err == nil {
			t.Fatal("the write trimmed the history onto a block that differs from it")
		}
		if hist, through, _ := e.storedDoc(t, c.ID); through != 0 || len(hist) != 8 {
			t.Errorf("the document changed: archived through %d, %d events", through, len(hist))
		}
		e.wantWhole(t, c.ID, 8)
	})
}

func TestDocumentWithWholeHistoryLoads(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.longCase(t, "Ärende från före arkiveringen", 20) // 24 events
		whole := e.wantWhole(t, c.ID, 24)
		// Rewrite it as a document written before archiving existed: every
		// event inside, no archived_through, no blocks.
		for _, b := range e.blocks(t, c.ID) {
			if err := e.backend.Delete(t.Context(), repo.CollCaseEvents, b.ID, b.Version); err != nil {
				t.Fatal(err)
			}
		}
		_, _, rec := e.storedDoc(t, c.ID)
		e.editJSON(t, repo.CollCases, rec, func(m map[string]any) {
			delete(m, "archived_through")
			m["history"] = whole.History
		})
		old := e.wantWhole(t, c.ID, 24)
		if !old.Whole() || old.ArchivedThrough != 0 {
			t.Fatalf("old document: archived through %d", old.ArchivedThrough)
		}
		// Its next write moves the older events out.
		c = e.mustFire(t, "sekreterare", old, "table", "")
		if hist, through, _ := e.storedDoc(t, c.ID); through != 24 || len(hist) != 1 {
			t.Errorf("after the first write: archived through %d, %d events", through, len(hist))
		}
		if n := len(e.blocks(t, c.ID)); n != 3 {
			t.Errorf("%d blocks, want 3", n)
		}
		e.wantWhole(t, c.ID, 25)
	})
}

func TestConcurrentTransitionsAcrossAnArchiveWrite(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.longCase(t, "Samtidiga bordläggningar", 4) // 8 events: the next write archives
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = e.engine.Cases.Fire(t.Context(), e.user(t, "sekreterare"), c.ID, "table", c.Version, "")
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, fault.ErrVersionConflict):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d transitions succeeded, want 1", ok)
		}
		whole := e.wantWhole(t, c.ID, 9)
		if whole.History[8].Action != "table" || len(e.blocks(t, c.ID)) != 1 {
			t.Errorf("last event %s, %d blocks", whole.History[8].Action, len(e.blocks(t, c.ID)))
		}
	})
}

// mustPolicy loads the role policy for a fresh engine.
func mustPolicy(t *testing.T) *policies.Workflow {
	t.Helper()
	p, err := policies.LoadWorkflow()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestArchiveMarkChangedByHandIsDetectedAndNotWritten: raising a case's
// archived_through (its events after the old mark would be treated as
// archived and dropped by the next write), setting one on a document that
// holds its whole history, or forging a block beyond the mark is reported
// by Verify, and the engine refuses to write the case, so no acknowledged
// event is destroyed (found in review).
func TestArchiveMarkChangedByHandIsDetectedAndNotWritten(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		tests := []struct {
			name  string
			n     int // transitions after beslutsklar
			edit  func(t *testing.T, c cases.Case)
			write bool // whether a write must still be refused
		}{
			{"mark raised past the document's events", 16, func(t *testing.T, c cases.Case) { // 20 events, 16 archived
				_, _, rec := e.storedDoc(t, c.ID)
				e.editJSON(t, repo.CollCases, rec, func(m map[string]any) { m["archived_through"] = 24 })
			}, true},
			{"mark set on a document with its whole history", 4, func(t *testing.T, c cases.Case) { // 8 events, none archived
				_, _, rec := e.storedDoc(t, c.ID)
				e.editJSON(t, repo.CollCases, rec, func(m map[string]any) { m["archived_through"] = 4 })
			}, true},
			{"forged block beyond the mark", 14, func(t *testing.T, c cases.Case) { // 18 events: 16 archived, 17..18 kept
				hist, _, _ := e.storedDoc(t, c.ID)
				forged := slices.Clone(hist)
				forged[0].Actor = "mallory"
				body, err := json.Marshal(map[string]any{"case_id": c.ID, "first": forged[0].Seq, "events": forged})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.backend.Insert(t.Context(), repo.CollCaseEvents, fmt.Sprintf("%s/%09d", c.ID, forged[0].Seq), body); err != nil {
					t.Fatal(err)
				}
			}, false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				c := e.longCase(t, "Ändrad arkivmarkering "+tc.name, tc.n)
				before, _, _ := e.storedDoc(t, c.ID)
				tc.edit(t, c)
				if p := e.reload(t, c.ID).Verify(); p == nil {
					t.Fatal("not detected by Verify")
				}
				if !tc.write {
					return
				}
				cur := e.reload(t, c.ID)
				ev := "table"
				if cur.State == cases.StateTabled {
					ev = "untable"
				}
				if _, err := e.engine.Cases.Fire(t.Context(), e.user(t, "sekreterare"), c.ID, ev, cur.Version, ""); err == nil {
					t.Fatal("the engine wrote a case whose archive mark was changed")
				}
				if after, _, _ := e.storedDoc(t, c.ID); len(after) != len(before) {
					t.Errorf("the document lost events: %d before, %d after", len(before), len(after))
				}
			})
		}
	})
}
