package disclosure

import (
	"context"
	"time"
)

// Storer is what requests need from storage. UpdateRequest is
// version-guarded (fault.ErrVersionConflict when stale); a missing request
// is fault.NotFound.
type Storer interface {
	// NextRequestNumber draws the next number of a board's requests in a
	// year from an atomic counter.
	NextRequestNumber(ctx context.Context, board string, year int) (int64, error)
	InsertRequest(ctx context.Context, r Request) (Request, error)
	GetRequest(ctx context.Context, id string) (Request, error)
	UpdateRequest(ctx context.Context, r Request) (Request, error)
	// ListRequests returns a board's requests received in [from, to),
	// oldest first.
	ListRequests(ctx context.Context, board string, from, to time.Time) ([]Request, error)
	// ListOpenRequests returns the requests still awaiting an answer
	// (Open), of one board or, with board "", of every board, oldest
	// first.
	ListOpenRequests(ctx context.Context, board string) ([]Request, error)
}
