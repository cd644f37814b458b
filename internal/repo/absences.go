package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/store"
)

// Absences stores the recorded förhinder of a board's people.
type Absences struct{ b store.Backend }

var _ delegation.AbsenceStorer = Absences{}

// NewAbsences returns the absence storage on b.
func NewAbsences(b store.Backend) Absences { return Absences{b} }

func setAbsenceV(a *delegation.Absence, v int64) { a.Version = v }

// InsertAbsence stores a new absence record.
func (r Absences) InsertAbsence(ctx context.Context, a delegation.Absence) (delegation.Absence, error) {
	err := insert(ctx, r.b, CollAbsences, a.ID, &a, setAbsenceV, nil)
	return a, err
}

// GetAbsence loads one absence record.
func (r Absences) GetAbsence(ctx context.Context, id string) (delegation.Absence, error) {
	var a delegation.Absence
	return a, get(ctx, r.b, CollAbsences, id, &a, setAbsenceV)
}

// UpdateAbsence writes a if its version is current.
func (r Absences) UpdateAbsence(ctx context.Context, a delegation.Absence) (delegation.Absence, error) {
	err := update(ctx, r.b, CollAbsences, a.ID, a.Version, &a, setAbsenceV, nil)
	return a, err
}

// ListAbsences returns a board's absence records, by start.
func (r Absences) ListAbsences(ctx context.Context, board string) ([]delegation.Absence, error) {
	return find(ctx, r.b, CollAbsences, store.Query{Where: []store.Cond{store.Eq("board", board)},
		Sort: []store.SortKey{{Field: "from"}}, Limit: 1000}, setAbsenceV)
}
