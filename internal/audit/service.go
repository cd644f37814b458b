package audit

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Service keeps the projection and answers the auditors.
type Service struct {
	store      Storer
	cases      CaseSource
	compliance ComplianceFunc
	clock      platform.Clock
	secret     []byte
	payload    PayloadFunc
	snapshots  SnapshotsFunc
}

// NewService returns the audit service. secret signs pagination cursors.
func NewService(st Storer, cs CaseSource, comp ComplianceFunc, clk platform.Clock, secret []byte) *Service {
	return &Service{store: st, cases: cs, compliance: comp, clock: clk, secret: secret}
}

// WithDecisionCheck makes Project skip decisions whose content no longer
// matches their digest (p recomputes it), and returns s.
func (s *Service) WithDecisionCheck(p PayloadFunc) *Service {
	s.payload = p
	return s
}

// Project writes the records of every decision of c, unless a record is
// already as new as c or says what c's would say: a later write of the
// case that leaves the decision as it was (the case closed or archived, a
// handling added) neither rewrites its record nor re-checks its
// compliance, which depends on the decision alone. So a record's
// SourceVersion is the version of the case it was last changed from. It
// is idempotent: running it twice, or from two instances, or after a
// crash, gives the same records. A decision edited in the store after it
// was signed (its content no longer matches its digest, see
// WithDecisionCheck) is not projected: its record keeps what was decided,
// and the ledger verification reports the edit.
func (s *Service) Project(ctx context.Context, c cases.Case) error {
	var errs []error
	for _, d := range c.Decisions {
		rec := FromDecision(c, d)
		cur, err := s.store.GetRecord(ctx, rec.ID)
		switch {
		case err == nil && (cur.SourceVersion >= rec.SourceVersion || sameDecision(cur, rec)):
			continue // already current: skip the compliance re-check as well
		case err != nil && fault.From(err).Kind != fault.NotFound:
			errs = append(errs, err)
			continue
		}
		if s.payload != nil && cases.Digest(string(s.payload(c, d))) != d.Digest {
			continue
		}
		if s.compliance != nil {
			ok, reasons, err := s.compliance(ctx, c, d)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rec.Compliant, rec.ComplianceReasons = ok, reasons
		}
		if err := s.put(ctx, rec); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sameDecision reports whether two records of a decision say the same,
// leaving out the case version they were made from and the compliance
// re-check.
func sameDecision(a, b Record) bool {
	norm := func(r Record) Record {
		r.SourceVersion, r.Version, r.Compliant, r.ComplianceReasons = 0, 0, false, nil
		if len(r.BudgetYears) == 0 {
			r.BudgetYears = nil
		}
		return r
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func (s *Service) put(ctx context.Context, rec Record) error {
	for attempt := 0; attempt < 10; attempt++ {
		cur, err := s.store.GetRecord(ctx, rec.ID)
		switch {
		case err == nil:
			if cur.SourceVersion >= rec.SourceVersion {
				return nil // as new or newer already
			}
			rec.Version = cur.Version
		case fault.From(err).Kind == fault.NotFound:
			rec.Version = 0
		default:
			return err
		}
		_, err = s.store.PutRecord(ctx, rec)
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	return fault.ErrVersionConflict
}

// CatchUp projects every case with decisions; run at start so a crash
// between a case write and its projection is repaired.
func (s *Service) CatchUp(ctx context.Context) (int, error) {
	n, after := 0, ""
	for {
		cs, err := s.cases.CasesWithDecisions(ctx, after, 200)
		if err != nil {
			return n, err
		}
		for _, c := range cs {
			if err := s.Project(ctx, c); err != nil {
				return n, fmt.Errorf("project %s: %w", c.ID, err)
			}
			n += len(c.Decisions)
		}
		if len(cs) < 200 {
			return n, nil
		}
		after = cs[len(cs)-1].ID
	}
}

// Page is one page of a search.
type Page struct {
	Items []Record `json:"items"`
	Next  string   `json:"next,omitempty"` // opaque cursor of the next page
}

// Search returns one page of matching decisions, keyset-paginated.
func (s *Service) Search(ctx context.Context, f Filter, cursor string, limit int) (Page, error) {
	c, err := DecodeCursor(s.secret, f, cursor)
	if err != nil {
		return Page{}, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	recs, err := s.store.Search(ctx, f, c, limit+1)
	if err != nil {
		return Page{}, err
	}
	p := Page{Items: recs}
	if len(recs) > limit {
		p.Items = recs[:limit]
		last := p.Items[limit-1]
		key := last.DecidedNS
		if f.SortBy == "amount" {
			key = last.AmountOre
		}
		p.Next = EncodeCursor(s.secret, f, Cursor{Key: key, ID: last.ID})
	}
	if p.Items == nil {
		p.Items = []Record{}
	}
	return p, nil
}

// Each calls fn for every matching decision, page by page, in constant
// memory (exports).
func (s *Service) Each(ctx context.Context, f Filter, fn func(Record) error) error {
	cursor := ""
	for {
		p, err := s.Search(ctx, f, cursor, 500)
		if err != nil {
			return err
		}
		for _, r := range p.Items {
			if err := fn(r); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		cursor = p.Next
	}
}

// Log records an auditor's query or export.
func (s *Service) Log(ctx context.Context, user, action string, filters map[string]string) error {
	return s.store.LogQuery(ctx, QueryLog{ID: platform.NewID(), User: user, At: s.clock.Now().UTC(), Action: action, Filters: filters})
}
