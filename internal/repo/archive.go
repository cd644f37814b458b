package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/retention"
	"github.com/samstyr/samstyr/internal/store"
)

// Archive stores what the arkivarie keeps per board: the versions of the
// informationshanteringsplan and the archive profile.
type Archive struct{ b store.Backend }

var (
	_ retention.Storer       = Archive{}
	_ earchive.ProfileStorer = Archive{}
)

// NewArchive returns the archive storage on b.
func NewArchive(b store.Backend) Archive { return Archive{b} }

func setPlanV(v *retention.Version, n int64)   { v.Version = n }
func setProfileV(p *earchive.Profile, n int64) { p.Version = n }

// errPlanTaken: another import took the version number first.
var errPlanTaken = fault.New(fault.Conflict, "version_conflict")

// InsertPlan stores a new plan version; a taken number is a conflict.
func (r Archive) InsertPlan(ctx context.Context, v retention.Version) (retention.Version, error) {
	err := insert(ctx, r.b, CollRetentionPlans, fmt.Sprintf("%s/%06d", v.Board, v.Number), &v, setPlanV, errPlanTaken)
	return v, err
}

// Plans returns a board's plan versions, newest first.
func (r Archive) Plans(ctx context.Context, board string) ([]retention.Version, error) {
	return find(ctx, r.b, CollRetentionPlans, store.Query{Where: []store.Cond{store.Eq("board", board)},
		Sort: []store.SortKey{{Field: "number", Desc: true}}, Limit: 1000}, setPlanV)
}

// GetProfile loads a board's archive profile.
func (r Archive) GetProfile(ctx context.Context, board string) (earchive.Profile, error) {
	var p earchive.Profile
	return p, get(ctx, r.b, CollArchiveProfiles, board, &p, setProfileV)
}

// PutProfile inserts a profile (Version 0) or updates it (version-guarded).
func (r Archive) PutProfile(ctx context.Context, p earchive.Profile) (earchive.Profile, error) {
	if p.Version == 0 {
		err := insert(ctx, r.b, CollArchiveProfiles, p.Board, &p, setProfileV, fault.ErrVersionConflict)
		return p, err
	}
	err := update(ctx, r.b, CollArchiveProfiles, p.Board, p.Version, &p, setProfileV, nil)
	return p, err
}

// DeleteBlob removes a file's chunk documents (gallring). Deleting chunks
// already gone is not an error, so a run that stopped half-way is
// finished by the next.
func (r Cases) DeleteBlob(ctx context.Context, id string) error {
	recs, err := r.b.Find(ctx, CollBlobChunks, store.Query{Where: []store.Cond{store.Eq("blob_id", id)}})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if err := r.b.Delete(ctx, CollBlobChunks, rec.ID, rec.Version); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}
