package cases

import "slices"

// ArchiveBlock is the number of history events stored together in one
// archive block (a document of the case_events collection). Older events
// of a case leave the case document in whole blocks, so the document a
// transition reads and writes holds between 1 and ArchiveBlock events
// however long the history grows.
const ArchiveBlock = 8

// Split returns the case document to store for c and the history blocks
// that must be stored (durably, insert-if-absent) before it: every whole
// block of ArchiveBlock events that lies entirely before c's newest event,
// holds only events already stored (up to c.StoredSeq) and is not yet
// archived. The returned document keeps the events after
// the last archived block (at least the newest event: the chain head) and
// records the archived count in ArchivedThrough.
//
// c may hold its whole history (as Get returns it) or only the tail (as
// GetHead returns it); events at or below c.ArchivedThrough are already
// archived and are dropped, never returned as blocks again.
//
// Writing the blocks first and the document second keeps every event in
// at least one place at every moment: a crash in between leaves blocks
// whose events are still in the document (Merge ignores blocks beyond
// ArchivedThrough), and the next write stores the same blocks again
// (their ids are the case id and first seq, their content fixed by the
// chain) before trimming.
func (c Case) Split() (doc Case, blocks [][]Event) {
	doc = c
	n := len(c.History)
	if n == 0 {
		return doc, nil
	}
	last := min(c.History[n-1].Seq-1, c.StoredSeq) // newest event that is stored and not the head
	through := max(c.ArchivedThrough, last/ArchiveBlock*ArchiveBlock)
	if c.History[0].Seq > through {
		// Nothing to drop or archive (seven writes in eight): the
		// document keeps every event, without a copy.
		doc.ArchivedThrough = through
		return doc, nil
	}
	var pending, keep []Event // to archive now; to keep in the document
	for _, e := range c.History {
		switch {
		case e.Seq <= c.ArchivedThrough:
			// already archived
		case e.Seq <= through:
			pending = append(pending, e)
		default:
			keep = append(keep, e)
		}
	}
	clean := len(pending)%ArchiveBlock == 0
	for i, e := range pending {
		clean = clean && e.Seq == c.ArchivedThrough+1+i
	}
	if !clean {
		// Not the consecutive events a sound chain has (a tampered
		// document): archive nothing, keep every unarchived event where it
		// is, and let Verify report the problem.
		doc.History = append(pending, keep...)
		return doc, nil
	}
	for i := 0; i < len(pending); i += ArchiveBlock {
		blocks = append(blocks, pending[i:i+ArchiveBlock:i+ArchiveBlock])
	}
	doc.History = keep
	doc.ArchivedThrough = through
	return doc, blocks
}

// Merge returns c (a case document as stored) with its whole history: the
// archived events with seq up to c.ArchivedThrough, in the order given
// (ascending seq), followed by the document's own events. Archived events
// beyond ArchivedThrough (left by a write that failed after storing its
// blocks) are ignored: the document still holds them. Nothing is
// repaired or hidden here; a missing, edited or extra event makes Verify
// fail and name it.
func (c Case) Merge(archived []Event) Case {
	if c.ArchivedThrough == 0 {
		return c
	}
	full := make([]Event, 0, c.ArchivedThrough+len(c.History))
	for _, e := range archived {
		if e.Seq <= c.ArchivedThrough {
			full = append(full, e)
			continue
		}
		// A block beyond the mark is left by a write that failed after
		// storing it: its events must be the document's own.
		i := slices.IndexFunc(c.History, func(d Event) bool { return d.Seq == e.Seq })
		if c.ArchiveMismatch == 0 && (i < 0 || c.History[i].Hash != e.Hash || e.computeHash() != e.Hash) {
			c.ArchiveMismatch = e.Seq
		}
	}
	c.History = append(full, c.History...)
	return c
}

// Whole reports whether c's History is the whole history (starts at the
// first event) rather than only the events kept in the document.
func (c Case) Whole() bool {
	return c.ArchivedThrough == 0 || len(c.History) > 0 && c.History[0].Seq == 1
}
