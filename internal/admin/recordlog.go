package admin

import (
	"context"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/identity"
)

// RecordRef is one record of the administration, named by its chain.
type RecordRef struct {
	Chain string `json:"chain"`
	Label string `json:"label,omitempty"`
	adminlog.Record
}

// ChainStatus is one chain and whether it verifies.
type ChainStatus struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Records int    `json:"records"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// Record limits: the default and the most one answer lists.
const (
	DefaultRecordLimit = 200
	MaxRecordLimit     = 1000
)

// RecordFilter narrows the records listed: to one chain (exact id), to
// one actor, and at most Limit of the newest (DefaultRecordLimit when 0 or
// out of range).
type RecordFilter struct {
	Chain string
	Actor string
	Limit int
}

// RecordsAnswer is the newest records and the chains they were read from.
type RecordsAnswer struct {
	Records []RecordRef `json:"records"`
	// Chains are the chains read for this answer, each verified whole:
	// every record's hash from the chain's first record on, and the
	// object's state now against its last record. The chains of the
	// records listed are among them; the rest of the register is checked
	// by the full verification (samstyr verify, GET /audit/verify).
	Chains []ChainStatus `json:"chains"`
	// More says that older records (of the filter) may exist beyond
	// Records: ask again with a larger limit.
	More bool `json:"more"`
}

// Records lists the administration's records, newest first, reading the
// chains most recently changed first and stopping as soon as no chain
// left can hold a record newer than the oldest one listed; it reads at
// most Limit chains (an actor's records in older chains are then left for
// a larger limit, More). Each chain read is verified whole (a revisor or
// an administrator). A source without an index of its chains by time is
// read whole (adminlog.RecentOf).
func (s *Service) Records(ctx context.Context, u identity.User, src adminlog.Source, f RecordFilter) (RecordsAnswer, error) {
	if err := s.requireAuditor(u); err != nil {
		return RecordsAnswer{}, err
	}
	if f.Limit <= 0 || f.Limit > MaxRecordLimit {
		f.Limit = DefaultRecordLimit
	}
	rs, ok := src.(adminlog.RecentSource)
	if !ok {
		rs = adminlog.RecentOf(src)
	}
	ans := RecordsAnswer{Records: []RecordRef{}, Chains: []ChainStatus{}}
	take := func(c adminlog.Chain) {
		st := ChainStatus{ID: c.ID, Label: c.Label, Records: len(c.Log), OK: true}
		if p := c.Verify(); p != nil {
			st.OK, st.Problem = false, p.Kind+": "+p.Detail
		}
		ans.Chains = append(ans.Chains, st)
		for _, r := range c.Log {
			if f.Actor == "" || r.Actor == f.Actor {
				ans.Records = append(ans.Records, RecordRef{Chain: c.ID, Label: c.Label, Record: r})
			}
		}
	}
	if f.Chain != "" {
		c, found, err := rs.Chain(ctx, f.Chain)
		if err != nil {
			return RecordsAnswer{}, err
		}
		if found {
			take(c)
		}
	} else {
		err := rs.Recent(ctx, func(c adminlog.Chain) (bool, error) {
			// No record of c, nor of any chain after it, is newer than
			// c's newest: once Limit records at least as new are held, the
			// answer is complete.
			newest := c.Log.Newest()
			held := 0
			for _, r := range ans.Records {
				if !r.At.Before(newest) {
					held++
				}
			}
			if held >= f.Limit || len(ans.Chains) >= f.Limit {
				ans.More = true
				return false, nil
			}
			take(c)
			return true, ctx.Err()
		})
		if err != nil {
			return RecordsAnswer{}, err
		}
	}
	// Newest first; records of the same instant by chain id and sequence.
	slices.SortStableFunc(ans.Records, func(a, b RecordRef) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		if c := strings.Compare(a.Chain, b.Chain); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	if len(ans.Records) > f.Limit {
		ans.Records, ans.More = ans.Records[:f.Limit], true
	}
	return ans, nil
}
