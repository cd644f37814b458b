package cases

import (
	"slices"
	"testing"
	"time"
)

// archiveSim is an in-memory stand-in for the storage rule Split describes
// (blocks first, then the document), used to test the split and merge
// arithmetic; the repo tests run the same rule on the real stores.
type archiveSim struct {
	doc    Case
	blocks map[int][]Event // first seq → events
}

func (s *archiveSim) write(c Case) {
	doc, blocks := c.Split()
	for _, b := range blocks {
		if old, ok := s.blocks[b[0].Seq]; ok && !slices.Equal(old, b) {
			panic("block differs")
		}
		s.blocks[b[0].Seq] = slices.Clone(b)
	}
	doc.StoredSeq = doc.History[len(doc.History)-1].Seq // as the store sets it
	s.doc = doc
}

func (s *archiveSim) archived() []Event {
	var out []Event
	firsts := make([]int, 0, len(s.blocks))
	for f := range s.blocks {
		firsts = append(firsts, f)
	}
	slices.Sort(firsts)
	for _, f := range firsts {
		out = append(out, s.blocks[f]...)
	}
	return out
}

// longCase appends n table/untable transitions to a registered case,
// writing after each one through sim (starting from the document, as Fire
// does).
func longCase(t *testing.T, sim *archiveSim, n int) {
	t.Helper()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := Case{ID: "c1", State: StateReady}
	c.Append(Event{At: at, Actor: "handlaggare", Action: ActionRegister, To: StateReady})
	sim.write(c)
	for i := range n {
		c := sim.doc
		c.History = slices.Clone(c.History)
		from, to := StateReady, StateTabled
		if c.State == StateTabled {
			from, to = to, from
		}
		c.Append(Event{At: at.Add(time.Duration(i+1) * time.Minute), Actor: "sekreterare", Action: "table", From: from, To: to})
		c.State = to
		sim.write(c)
	}
}

func TestSplitKeepsTheDocumentSmall(t *testing.T) {
	sim := &archiveSim{blocks: map[int][]Event{}}
	longCase(t, sim, 40)
	d := sim.doc
	if len(d.History) < 1 || len(d.History) > ArchiveBlock {
		t.Fatalf("document holds %d events, want 1..%d", len(d.History), ArchiveBlock)
	}
	if d.ArchivedThrough%ArchiveBlock != 0 || d.History[0].Seq != d.ArchivedThrough+1 || d.History[len(d.History)-1].Seq != 41 {
		t.Fatalf("archived through %d, document events %d..%d", d.ArchivedThrough, d.History[0].Seq, d.History[len(d.History)-1].Seq)
	}
	if d.Whole() {
		t.Error("a trimmed document reports itself whole")
	}
	whole := d.Merge(sim.archived())
	if !whole.Whole() || len(whole.History) != 41 {
		t.Fatalf("merged history has %d events", len(whole.History))
	}
	if err := whole.Verify(); err != nil {
		t.Fatalf("merged chain: %v", err)
	}
	// Writing the whole case again (as Update does for a case Get
	// returned) archives nothing new and keeps the same document.
	doc, blocks := whole.Split()
	if len(blocks) != 0 || doc.ArchivedThrough != d.ArchivedThrough || len(doc.History) != len(d.History) {
		t.Errorf("re-split of the whole case: %d blocks, through %d, %d events", len(blocks), doc.ArchivedThrough, len(doc.History))
	}
}

func TestMergeIgnoresBlocksBeyondTheDocument(t *testing.T) {
	// A crash after the blocks were stored and before the document was
	// written: the document still holds those events and is whole.
	sim := &archiveSim{blocks: map[int][]Event{}}
	longCase(t, sim, ArchiveBlock-1) // seqs 1..8, nothing archived yet
	c := sim.doc
	c.Append(Event{At: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), Actor: "sekreterare", Action: "table", From: c.State, To: c.State})
	_, blocks := c.Split()
	if len(blocks) != 1 || blocks[0][0].Seq != 1 {
		t.Fatalf("due blocks: %v", blocks)
	}
	sim.blocks[1] = blocks[0] // stored; the document write never happened
	got := sim.doc.Merge(sim.archived())
	if len(got.History) != ArchiveBlock || got.Verify() != nil {
		t.Fatalf("after the crash: %d events, verify %v", len(got.History), got.Verify())
	}
}

func TestVerifyAcrossArchiveDetectsTampering(t *testing.T) {
	tests := map[string]struct {
		edit func(s *archiveSim)
		seq  int
	}{
		"edited archived event": {func(s *archiveSim) { s.blocks[9][2].Actor = "mallory" }, 11},
		"removed archived event": {func(s *archiveSim) {
			s.blocks[9] = slices.Delete(slices.Clone(s.blocks[9]), 3, 4)
		}, 12},
		"removed block":          {func(s *archiveSim) { delete(s.blocks, 1) }, 1},
		"removed last block":     {func(s *archiveSim) { delete(s.blocks, 17) }, 17},
		"archive mark lowered":   {func(s *archiveSim) { s.doc.ArchivedThrough = 16 }, 17},
		"edited document event":  {func(s *archiveSim) { s.doc.History[0].Note = "x" }, 25},
		"tail event removed":     {func(s *archiveSim) { s.doc.History = s.doc.History[1:] }, 25},
		"archived event doubled": {func(s *archiveSim) { s.blocks[9] = append(slices.Clone(s.blocks[9][:1]), s.blocks[9]...) }, 10},
	}
	for name, tc := range tests {
		sim := &archiveSim{blocks: map[int][]Event{}}
		longCase(t, sim, 29) // 30 events: blocks 1, 9, 17; document 25..30
		if sim.doc.ArchivedThrough != 24 {
			t.Fatalf("archived through %d", sim.doc.ArchivedThrough)
		}
		for f, b := range sim.blocks {
			sim.blocks[f] = slices.Clone(b)
		}
		sim.doc.History = slices.Clone(sim.doc.History)
		tc.edit(sim)
		err := sim.doc.Merge(sim.archived()).Verify()
		if err == nil {
			t.Errorf("%s: not detected", name)
			continue
		}
		if err.Seq != tc.seq {
			t.Errorf("%s: reported event %d (%v), want %d", name, err.Seq, err, tc.seq)
		}
	}
}

func TestOldDocumentWithWholeHistory(t *testing.T) {
	// A document written before archiving existed: every event inside,
	// no archived_through. It is whole as loaded, verifies, and its first
	// write moves the older events out in whole blocks.
	c := newCase()
	for i := range 20 {
		c.Append(Event{At: time.Date(2026, 3, 4, 9, i, 0, 0, time.UTC), Actor: "handlaggare", Action: ActionMemo, DataDigest: Digest("m")})
	}
	c.Memo = &MemoHead{Digest: Digest("m")}
	if !c.Whole() || c.Merge(nil).Verify() != nil {
		t.Fatalf("old document: whole %v, verify %v", c.Whole(), c.Merge(nil).Verify())
	}
	c.StoredSeq = 23 // as read from the store
	doc, blocks := c.Split()
	if len(blocks) != 2 || doc.ArchivedThrough != 16 || len(doc.History) != 7 || doc.History[0].Seq != 17 {
		t.Fatalf("first write: %d blocks, through %d, %d events", len(blocks), doc.ArchivedThrough, len(doc.History))
	}
	if err := doc.Merge(append(slices.Clone(blocks[0]), blocks[1]...)).Verify(); err != nil {
		t.Errorf("after the first write: %v", err)
	}
}

func TestSplitArchivesOnlyStoredEvents(t *testing.T) {
	// One write appends two events across a block boundary (e.g. several
	// decisions reported at once). The block holding the first new event
	// must wait: if this write loses a race, another writer's event 8 is
	// the real one.
	sim := &archiveSim{blocks: map[int][]Event{}}
	longCase(t, sim, 6) // events 1..7 stored
	c := sim.doc
	c.History = slices.Clone(c.History)
	for i := range 2 {
		c.Append(Event{At: time.Date(2026, 3, 3, 9, i, 0, 0, time.UTC), Actor: "ordforande", Action: ActionReport, Ref: "d"})
	}
	doc, blocks := c.Split()
	if len(blocks) != 0 || doc.ArchivedThrough != 0 || len(doc.History) != 9 {
		t.Fatalf("archived %d blocks through %d with unstored events", len(blocks), doc.ArchivedThrough)
	}
	// Once stored, the next write archives them.
	sim.write(c)
	c = sim.doc
	c.Append(Event{At: time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC), Actor: "ordforande", Action: ActionReport, Ref: "d"})
	if doc, blocks = c.Split(); len(blocks) != 1 || doc.ArchivedThrough != 8 || len(doc.History) != 2 {
		t.Errorf("next write: %d blocks, through %d, %d events", len(blocks), doc.ArchivedThrough, len(doc.History))
	}
}
