package repo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/internal/store"
)

// Cases stores ärenden, memo revisions and file chunks.
type Cases struct{ b store.Backend }

var _ cases.Storer = Cases{}

// NewCases returns the case storage on b.
func NewCases(b store.Backend) Cases { return Cases{b} }

// setCaseV records the version of a case read or written, and the seq of
// the newest event its stored document holds.
func setCaseV(c *cases.Case, v int64) {
	c.Version = v
	if n := len(c.History); n > 0 {
		c.StoredSeq, c.StoredFrom = c.History[n-1].Seq, c.History[0].Seq
	} else {
		c.StoredFrom = -1 // a stored case always has its registration event
	}
}

func noVersion(*cases.MemoRevision, int64) {}

// NextNumber draws the next löpnummer of the board's diarium for year from
// an atomic counter document.
func (r Cases) NextNumber(ctx context.Context, board string, year int) (int64, error) {
	return r.b.NextSequence(ctx, fmt.Sprintf("dnr/%s/%d", board, year))
}

// Insert stores a new case; a taken diarienummer is registration_number_taken.
func (r Cases) Insert(ctx context.Context, c cases.Case) (cases.Case, error) {
	c.PublicText, c.Public, c.UpdatedNS = public.SearchText(c), public.Case(c), c.UpdatedAt.UnixNano()
	doc, blocks := c.Split()
	if err := r.archive(ctx, c.ID, blocks); err != nil {
		return c, err
	}
	err := insert(ctx, r.b, CollCases, c.ID, &doc, setCaseV, cases.ErrNumberTaken)
	if err != nil && c.RequestKey != "" && errors.Is(err, cases.ErrNumberTaken) {
		// The unique index that refused may be the request key's: the
		// backends do not say which, so look.
		if _, gerr := r.GetByRequest(ctx, c.CreatedBy, c.RequestKey); gerr == nil {
			return c, fmt.Errorf("%w: %v", cases.ErrRequestKeyTaken, err)
		}
	}
	return written(c, doc), err
}

// requestKeyField is the derived field that carries a case's creator and
// request key (requestKey), unique over the cases collection (migration
// 24); a case registered without a key has none.
const requestKeyField = "request_key_by"

// requestKey is the value of requestKeyField: the creator's id (a UUID,
// without spaces), a space, and the key.
func requestKey(userID, key string) string { return userID + " " + key }

// GetByRequest loads the case userID registered with the request key.
func (r Cases) GetByRequest(ctx context.Context, userID, key string) (cases.Case, error) {
	cs, err := find(ctx, r.b, CollCases, store.Query{Where: []store.Cond{store.Eq(requestKeyField, requestKey(userID, key))}, Limit: 1}, setCaseV)
	if err != nil {
		return cases.Case{}, err
	}
	if len(cs) == 0 {
		return cases.Case{}, fault.ErrNotFound.WithDetail("case with request key of %s", userID)
	}
	return r.Complete(ctx, cs[0])
}

// written is what Insert and Update return: c in the form it was given
// (whole or tail) with the stored document's version and archive mark.
func written(c, doc cases.Case) cases.Case {
	if !c.Whole() || c.ArchivedThrough == doc.ArchivedThrough && len(c.History) == len(doc.History) {
		return doc
	}
	c.Version, c.ArchivedThrough, c.StoredSeq, c.StoredFrom = doc.Version, doc.ArchivedThrough, doc.StoredSeq, doc.StoredFrom
	return c
}

// Get loads a case by id with its whole history.
func (r Cases) Get(ctx context.Context, id string) (cases.Case, error) {
	c, err := r.GetHead(ctx, id)
	if err != nil {
		return c, err
	}
	return r.Complete(ctx, c)
}

// GetHead loads a case document as stored (history after ArchivedThrough).
func (r Cases) GetHead(ctx context.Context, id string) (cases.Case, error) {
	var c cases.Case
	return c, get(ctx, r.b, CollCases, id, &c, setCaseV)
}

// GetByNumber loads a case by diarienummer.
func (r Cases) GetByNumber(ctx context.Context, dnr string) (cases.Case, error) {
	cs, err := find(ctx, r.b, CollCases, store.Query{Where: []store.Cond{store.Eq("registration_number", dnr)}, Limit: 1}, setCaseV)
	if err != nil {
		return cases.Case{}, err
	}
	if len(cs) == 0 {
		return cases.Case{}, fault.ErrNotFound.WithDetail("case %q", dnr)
	}
	return r.Complete(ctx, cs[0])
}

// Update writes c if its version is current: the history blocks that are
// due first (insert-if-absent), then the document with only the events
// after them, in one version-guarded single-document update.
func (r Cases) Update(ctx context.Context, c cases.Case) (cases.Case, error) {
	if !c.ArchiveSound() {
		// Split would drop the events the mark claims are archived:
		// refuse, and leave the evidence for verify.
		return c, fmt.Errorf("repo: case %s: the document starts at event %d but archived_through is %d; not written",
			c.ID, c.StoredFrom, c.ArchivedThrough)
	}
	c.PublicText, c.Public, c.UpdatedNS = public.SearchText(c), public.Case(c), c.UpdatedAt.UnixNano()
	doc, blocks := c.Split()
	if err := r.archive(ctx, c.ID, blocks); err != nil {
		return c, err
	}
	err := update(ctx, r.b, CollCases, c.ID, c.Version, &doc, setCaseV, cases.ErrNumberTaken)
	if err != nil {
		return c, err
	}
	return written(c, doc), nil
}

// findCases is find on the cases collection with every history whole.
func (r Cases) findCases(ctx context.Context, q store.Query) ([]cases.Case, error) {
	cs, err := find(ctx, r.b, CollCases, q, setCaseV)
	if err != nil {
		return nil, err
	}
	return r.completeAll(ctx, cs)
}

// List returns one page of matching cases, newest registration first, and
// the number of matches.
func (r Cases) List(ctx context.Context, f cases.Filter) ([]cases.Case, int64, error) {
	var where []store.Cond
	switch {
	case f.Boards != nil && len(f.Boards) == 1:
		where = append(where, store.Eq("board", f.Boards[0]))
	case f.Boards != nil:
		where = append(where, store.Cond{Field: "board", Op: store.OpIn, Value: f.Boards})
	}
	if f.State != "" {
		where = append(where, store.Eq("state", string(f.State)))
	}
	if f.OfficerID != "" {
		where = append(where, store.Eq("officer_id", f.OfficerID))
	}
	if q := store.Fold(f.Query); q != "" {
		where = append(where, store.Cond{Field: "title_folded", Op: store.OpContains, Value: q})
	}
	total, err := r.b.Count(ctx, CollCases, where)
	if err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 25
	}
	cs, err := r.findCases(ctx, store.Query{Where: where,
		Sort:  []store.SortKey{{Field: "registered_ns", Desc: true}},
		Limit: per, Offset: (page - 1) * per})
	return cs, total, err
}

// ListRegistry returns one page of the public registry: registered,
// not makulerade cases matching the filter, newest registration first,
// and the number of matches. The text is searched in public_text only
// (what the public entry shows), through the collection's full-text index.
func (r Cases) ListRegistry(ctx context.Context, f cases.RegistryFilter) ([]cases.Case, int64, error) {
	where := []store.Cond{{Field: "state", Op: store.OpNe, Value: string(cases.StateVoided)}}
	switch {
	case len(f.Boards) == 1:
		where = append(where, store.Eq("board", f.Boards[0]))
	case f.Boards != nil:
		where = append(where, store.Cond{Field: "board", Op: store.OpIn, Value: f.Boards})
	}
	if !f.From.IsZero() {
		where = append(where, store.Cond{Field: "registered_ns", Op: store.OpGte, Value: dayStartNS(f.From)})
	}
	if !f.To.IsZero() {
		where = append(where, store.Cond{Field: "registered_ns", Op: store.OpLt, Value: dayStartNS(f.To.AddDays(1))})
	}
	if len(store.TextWords(f.Text)) > 0 {
		where = append(where, store.Text(f.Text))
	}
	total, err := r.b.Count(ctx, CollCases, where)
	if err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 25
	}
	cs, err := find(ctx, r.b, CollCases, store.Query{Where: where,
		Sort:  []store.SortKey{{Field: "registered_ns", Desc: true}},
		Limit: per, Offset: (page - 1) * per}, setCaseV)
	return cs, total, err
}

// dayStartNS is midnight of d in Stockholm, in Unix nanoseconds (the unit
// of registered_ns).
func dayStartNS(d platform.Date) int64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, platform.Stockholm).UnixNano()
}

// InsertRevision stores an immutable memo revision.
func (r Cases) InsertRevision(ctx context.Context, rev cases.MemoRevision) error {
	return insert(ctx, r.b, CollMemoRevisions, rev.ID, &rev, noVersion, nil)
}

// GetRevision loads a memo revision by id.
func (r Cases) GetRevision(ctx context.Context, id string) (cases.MemoRevision, error) {
	var rev cases.MemoRevision
	return rev, get(ctx, r.b, CollMemoRevisions, id, &rev, noVersion)
}

// chunkSize keeps each chunk document well below MongoDB's 16 MiB limit
// (and small enough for FerretDB).
const chunkSize = 255 << 10

type chunk struct {
	BlobID string `json:"blob_id"`
	N      int    `json:"n"`
	Data   string `json:"data"` // base64
}

// PutBlob stores a file as numbered chunk documents.
func (r Cases) PutBlob(ctx context.Context, id string, data []byte) error {
	for n, off := 0, 0; off < len(data) || n == 0; n, off = n+1, off+chunkSize {
		end := min(off+chunkSize, len(data))
		body, err := json.Marshal(chunk{BlobID: id, N: n, Data: base64.StdEncoding.EncodeToString(data[off:end])})
		if err != nil {
			return err
		}
		if _, err := r.b.Insert(ctx, CollBlobChunks, fmt.Sprintf("%s/%06d", id, n), body); err != nil {
			return mapErr(err, nil)
		}
		if end == len(data) {
			break
		}
	}
	return nil
}

// GetBlob reads a file back from its chunks.
func (r Cases) GetBlob(ctx context.Context, id string, size int64) ([]byte, error) {
	recs, err := r.b.Find(ctx, CollBlobChunks, store.Query{Where: []store.Cond{store.Eq("blob_id", id)},
		Sort: []store.SortKey{{Field: "n"}}})
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, size)
	for i, rec := range recs {
		var c chunk
		if err := rec.Decode(&c); err != nil {
			return nil, err
		}
		if c.N != i {
			return nil, fmt.Errorf("blob %s: chunk %d missing", id, i)
		}
		b, err := base64.StdEncoding.DecodeString(c.Data)
		if err != nil {
			return nil, fmt.Errorf("blob %s: chunk %d: %w", id, i, err)
		}
		out = append(out, b...)
	}
	if int64(len(out)) != size {
		return nil, fmt.Errorf("blob %s: %d bytes stored, %d expected", id, len(out), size)
	}
	return out, nil
}

// ListBy returns the cases whose indexed field equals value.
func (r Cases) ListBy(ctx context.Context, field, value string) ([]cases.Case, error) {
	if field != "awaiting_signature_by" && field != "awaiting_decision_by" {
		return nil, fmt.Errorf("repo: cases are not indexed on %q", field)
	}
	return r.findCases(ctx, store.Query{Where: []store.Cond{store.Eq(field, value)},
		Sort: []store.SortKey{{Field: "registered_ns"}}})
}

// ListPendingReports returns a board's cases with decisions to report.
func (r Cases) ListPendingReports(ctx context.Context, board string) ([]cases.Case, error) {
	return r.findCases(ctx, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("pending_report", true)},
		Sort: []store.SortKey{{Field: "registered_ns"}}})
}

// ListRecalcPending returns the cases with recalculation tasks: the
// board's, or every board's when board is "".
func (r Cases) ListRecalcPending(ctx context.Context, board string) ([]cases.Case, error) {
	where := []store.Cond{store.Eq("recalc_pending", true)}
	if board != "" {
		where = append(where, store.Eq("board", board))
	}
	return r.findCases(ctx, store.Query{Where: where, Sort: []store.SortKey{{Field: "registered_ns"}}, Limit: 500})
}

// ListJav returns the cases with jäv declarations on the given boards
// (nil: every board), oldest first: from the index (has_jav, board,
// registered_ns), not the jäv of every board.
func (r Cases) ListJav(ctx context.Context, boards []string) ([]cases.Case, error) {
	w := []store.Cond{store.Eq("has_jav", true)}
	if boards != nil {
		w = append(w, store.Cond{Field: "board", Op: store.OpIn, Value: boards})
	}
	return r.findCases(ctx, store.Query{Where: w, Sort: []store.SortKey{{Field: "registered_ns"}}})
}
