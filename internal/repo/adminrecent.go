package repo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/seat"
	"github.com/samstyr/samstyr/internal/store"
)

// logNSField is the field every document with an administration chain
// carries, derived from its chain in the same single-document write: the
// time of the chain's newest record (adminlog.Log.Newest) in Unix
// nanoseconds, absent while the chain is empty. Indexed, it lists the
// chains the most recently changed first (Admin.Recent).
const logNSField = "log_ns"

// chainLog returns the administration chain of a document about to be
// written, and false for a document that has none.
func chainLog(v any) (adminlog.Log, bool) {
	switch x := v.(type) {
	case *identity.User:
		return x.Log, true
	case *board.Board:
		return x.Log, true
	case *seat.Roster:
		return x.Log, true
	case *admin.Organisation:
		return x.Log, true
	case *refdata.Prisbasbelopp:
		return x.Log, true
	case *refdata.Classification:
		return x.Log, true
	case *meetingDoc:
		return x.Log, true
	}
	return nil, false
}

// withLogNS adds log_ns of l to body, a JSON object without that field.
func withLogNS(body json.RawMessage, l adminlog.Log) (json.RawMessage, error) {
	return withField(body, logNSField, l.Newest().UnixNano())
}

// chainKind is one collection of documents with administration chains:
// how a stored document becomes its chain.
type chainKind struct {
	coll string
	// prefix starts the ids of its chains; the rest is the document's id.
	prefix string
	chain  func(rec store.Record) (adminlog.Chain, error)
}

// decodeV decodes rec into a T with its version.
func decodeV[T any](rec store.Record, setV func(*T, int64)) (T, error) {
	var x T
	if err := rec.Decode(&x); err != nil {
		return x, err
	}
	setV(&x, rec.Version)
	return x, nil
}

func userChain(u identity.User) adminlog.Chain {
	return adminlog.Chain{ID: u.ChainID(), Label: "Person " + u.Username, Log: u.Log, State: u.StateDigest()}
}

func boardChain(b board.Board) adminlog.Chain {
	return adminlog.Chain{ID: b.ChainID(), Label: "Nämnd " + b.Code, Log: b.Log, State: b.StateDigest()}
}

func rosterChain(x seat.Roster) adminlog.Chain {
	return adminlog.Chain{ID: x.ChainID(), Label: "Mandat " + x.Board, Log: x.Log, State: x.StateDigest()}
}

func orgChain(o admin.Organisation) adminlog.Chain {
	return adminlog.Chain{ID: o.ChainID(), Label: "Organisationen", Log: o.Log, State: o.StateDigest()}
}

func pbbChain(p refdata.Prisbasbelopp) adminlog.Chain {
	return adminlog.Chain{ID: p.ChainID(), Label: "Prisbasbelopp", Log: p.Log, State: p.StateDigest()}
}

func classChain(c refdata.Classification) adminlog.Chain {
	return adminlog.Chain{ID: c.ChainID(), Label: "Klassificeringsstruktur", Log: c.Log, State: c.StateDigest()}
}

func meetingChain(m meeting.Meeting) adminlog.Chain {
	return adminlog.Chain{ID: m.ChainID(), Label: "Sammanträde " + m.Board + " " + m.Date.String(), Log: m.Log, State: m.StateDigest()}
}

// chainKinds are the collections with chains, in the order Recent breaks
// ties of time in.
var chainKinds = []chainKind{
	{CollOrganisation, adminlog.ChainID("organisation", ""), func(rec store.Record) (adminlog.Chain, error) {
		o, err := decodeV(rec, setOrgV)
		return orgChain(o), err
	}},
	{CollBoards, adminlog.ChainID("board", ""), func(rec store.Record) (adminlog.Chain, error) {
		b, err := decodeV(rec, setBoardV)
		return boardChain(b), err
	}},
	{CollUsers, adminlog.ChainID("user", ""), func(rec store.Record) (adminlog.Chain, error) {
		u, err := decodeV(rec, setUserV)
		return userChain(u), err
	}},
	{CollSeatRosters, adminlog.ChainID("seats", ""), func(rec store.Record) (adminlog.Chain, error) {
		x, err := decodeV(rec, setRosterV)
		return rosterChain(x), err
	}},
	{CollReference, adminlog.ChainID("reference", ""), func(rec store.Record) (adminlog.Chain, error) {
		switch rec.ID {
		case refdata.PrisbasbeloppID:
			p, err := decodeV(rec, setPBBV)
			return pbbChain(p), err
		case refdata.ClassificationID:
			c, err := decodeV(rec, setClassV)
			return classChain(c), err
		}
		return adminlog.Chain{}, fmt.Errorf("repo: %s/%s holds no chain", CollReference, rec.ID)
	}},
	{CollMeetings, meeting.Meeting{}.ChainID(), func(rec store.Record) (adminlog.Chain, error) {
		m, err := decodeV(rec, setMeetingV)
		return meetingChain(m), err
	}},
}

// Chain returns the chain id names (adminlog.RecentSource): one read of
// its object by id.
func (r Admin) Chain(ctx context.Context, id string) (adminlog.Chain, bool, error) {
	for _, k := range chainKinds {
		key, ok := strings.CutPrefix(id, k.prefix)
		if !ok || key == "" {
			continue
		}
		rec, err := r.b.Get(ctx, k.coll, key)
		if errors.Is(err, store.ErrNotFound) {
			return adminlog.Chain{}, false, nil
		}
		if err != nil {
			return adminlog.Chain{}, false, err
		}
		c, err := k.chain(rec)
		if err != nil || c.ID != id {
			return adminlog.Chain{}, false, err
		}
		return c, true, nil
	}
	return adminlog.Chain{}, false, nil
}

// Chain returns the chain id names (see Admin.Chain).
func (r Ledger) Chain(ctx context.Context, id string) (adminlog.Chain, bool, error) {
	return Admin{r.b}.Chain(ctx, id)
}

// Recent lists the chains with records, the most recently changed first
// (adminlog.RecentSource): it merges the collections' documents in
// descending log_ns, each read from its index a few at a time (2, then 4,
// … up to 64), so a caller that stops early has read about what it used
// and at most a batch more per collection.
func (r Admin) Recent(ctx context.Context, fn func(adminlog.Chain) (bool, error)) error {
	streams := make([]*recentStream, len(chainKinds))
	for i, k := range chainKinds {
		streams[i] = &recentStream{b: r.b, kind: k, batch: 1}
	}
	for {
		var next *recentStream
		for _, s := range streams {
			if err := s.fill(ctx); err != nil {
				return err
			}
			if len(s.buf) > 0 && (next == nil || s.headNS() > next.headNS()) {
				next = s
			}
		}
		if next == nil {
			return nil
		}
		rec := next.pop()
		c, err := next.kind.chain(rec.Record)
		if err != nil {
			return err
		}
		if more, err := fn(c); err != nil || !more {
			return err
		}
	}
}

// Recent lists the chains the most recently changed first (see
// Admin.Recent).
func (r Ledger) Recent(ctx context.Context, fn func(adminlog.Chain) (bool, error)) error {
	return Admin{r.b}.Recent(ctx, fn)
}

var (
	_ adminlog.RecentSource = Admin{}
	_ adminlog.RecentSource = Ledger{}
)

// recentSort is the order of Recent's reads: log_ns descending (every
// document read has it), then id.
var recentSort = []store.SortKey{{Field: logNSField, Desc: true, NotNull: true}}

// stampedRecord is a document with its log_ns.
type stampedRecord struct {
	store.Record
	ns int64
}

// recentStream reads one collection's documents with chains in recentSort
// order, a batch at a time.
type recentStream struct {
	b     store.Backend
	kind  chainKind
	batch int
	buf   []stampedRecord
	after *store.Position
	done  bool
}

// fill reads the next batch when the buffer is empty.
func (s *recentStream) fill(ctx context.Context) error {
	if len(s.buf) > 0 || s.done {
		return nil
	}
	q := store.Query{Where: []store.Cond{{Field: logNSField, Op: store.OpGt, Value: int64(0)}}, Sort: recentSort, Limit: s.batch, After: s.after}
	recs, err := s.b.Find(ctx, s.kind.coll, q)
	if err != nil {
		return err
	}
	s.done = len(recs) < s.batch
	s.batch = min(2*s.batch, 64)
	for _, rec := range recs {
		p, err := rec.Position(q)
		if err != nil {
			return err
		}
		ns, _ := p.Values[0].(int64)
		s.buf = append(s.buf, stampedRecord{Record: rec, ns: ns})
		s.after = &p
	}
	return nil
}

func (s *recentStream) headNS() int64 { return s.buf[0].ns }

func (s *recentStream) pop() stampedRecord {
	rec := s.buf[0]
	s.buf = s.buf[1:]
	return rec
}
