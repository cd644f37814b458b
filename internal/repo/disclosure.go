package repo

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/store"
)

// CollDisclosureRequests holds the requests for allmän handling.
const CollDisclosureRequests = "disclosure_requests"

// Disclosures stores requests for allmän handling: one document per
// request, its items, outcomes and refusal decisions inside it.
type Disclosures struct{ b store.Backend }

var _ disclosure.Storer = Disclosures{}

// NewDisclosures returns the request storage on b.
func NewDisclosures(b store.Backend) Disclosures { return Disclosures{b} }

// requestDoc is a request as stored, with the fields its indexes need.
type requestDoc struct {
	disclosure.Request
	Open       bool  `json:"open"`        // awaiting an answer
	ReceivedNS int64 `json:"received_ns"` // ReceivedAt in Unix ns: a sort key that sorts as a number
}

func docOf(r disclosure.Request) requestDoc {
	return requestDoc{Request: r, Open: r.Open(), ReceivedNS: r.ReceivedAt.UnixNano()}
}

func setRequestV(d *requestDoc, v int64) { d.Version = v }

// NextRequestNumber draws the next number of a board's requests in year.
func (r Disclosures) NextRequestNumber(ctx context.Context, board string, year int) (int64, error) {
	return r.b.NextSequence(ctx, fmt.Sprintf("utlamnande/%s/%d", board, year))
}

// InsertRequest stores a new request.
func (r Disclosures) InsertRequest(ctx context.Context, req disclosure.Request) (disclosure.Request, error) {
	d := docOf(req)
	err := insert(ctx, r.b, CollDisclosureRequests, req.ID, &d, setRequestV, nil)
	return d.Request, err
}

// GetRequest loads a request.
func (r Disclosures) GetRequest(ctx context.Context, id string) (disclosure.Request, error) {
	var d requestDoc
	err := get(ctx, r.b, CollDisclosureRequests, id, &d, setRequestV)
	return d.Request, err
}

// UpdateRequest writes req if its version is current.
func (r Disclosures) UpdateRequest(ctx context.Context, req disclosure.Request) (disclosure.Request, error) {
	d := docOf(req)
	err := update(ctx, r.b, CollDisclosureRequests, req.ID, req.Version, &d, setRequestV, nil)
	return d.Request, err
}

// ListRequests returns a board's requests received in [from, to), oldest
// first.
func (r Disclosures) ListRequests(ctx context.Context, board string, from, to time.Time) ([]disclosure.Request, error) {
	return r.list(ctx, store.Query{Where: []store.Cond{store.Eq("board", board),
		{Field: "received_ns", Op: store.OpGte, Value: from.UnixNano()}, {Field: "received_ns", Op: store.OpLt, Value: to.UnixNano()}},
		Sort: []store.SortKey{{Field: "received_ns"}}})
}

// ListOpenRequests returns the open requests of board ("" for every
// board), oldest first.
func (r Disclosures) ListOpenRequests(ctx context.Context, board string) ([]disclosure.Request, error) {
	where := []store.Cond{store.Eq("open", true)}
	if board != "" {
		where = append(where, store.Eq("board", board))
	}
	return r.list(ctx, store.Query{Where: where, Sort: []store.SortKey{{Field: "received_ns"}}})
}

func (r Disclosures) list(ctx context.Context, q store.Query) ([]disclosure.Request, error) {
	ds, err := find(ctx, r.b, CollDisclosureRequests, q, setRequestV)
	if err != nil {
		return nil, err
	}
	out := make([]disclosure.Request, len(ds))
	for i, d := range ds {
		out[i] = d.Request
	}
	return out, nil
}
