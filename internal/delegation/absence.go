package delegation

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Absence is a recorded förhinder (frånvaro) of a person on a board for a
// period: the fact an ersättare cites to decide in the person's place
// ("vid förfall för ordföranden beslutar vice ordföranden"). It is
// recorded by the person, or by the board's ordförande or sekreterare,
// and withdrawn, never deleted.
type Absence struct {
	ID         string        `json:"id"`
	Board      string        `json:"board"`
	Username   string        `json:"username"`
	From       platform.Date `json:"from"`
	To         platform.Date `json:"to"` // inclusive
	Note       string        `json:"note,omitempty"`
	RecordedBy string        `json:"recorded_by"`
	RecordedAt time.Time     `json:"recorded_at"`
	// WithdrawnBy and WithdrawnAt are set when the record was withdrawn
	// (recorded by mistake); it then proves nothing.
	WithdrawnBy string     `json:"withdrawn_by,omitempty"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	Version     int64      `json:"-"`
}

// Covers reports whether the absence is in force on d.
func (a Absence) Covers(d platform.Date) bool {
	return a.WithdrawnAt == nil && !d.Before(a.From) && !d.After(a.To)
}

// MaxAbsenceDays bounds one record's period (a longer absence is recorded
// again): a year.
const MaxAbsenceDays = 366

// Validate checks a new absence record.
func (a Absence) Validate() error {
	var fs fault.Fields
	if strings.TrimSpace(a.Username) == "" {
		fs.Add("/username", "required")
	}
	switch {
	case a.From.IsZero():
		fs.Add("/from", "required")
	case a.To.IsZero():
		fs.Add("/to", "required")
	case a.To.Before(a.From):
		fs.Add("/to", "invalid_period")
	case a.From.AddDays(MaxAbsenceDays).Before(a.To):
		fs.Add("/to", "period_too_long")
	}
	if len([]rune(a.Note)) > 500 {
		fs.Add("/note", "too_long")
	}
	return fs.Err(fault.Unprocessable)
}

// AbsenceStorer stores absence records.
type AbsenceStorer interface {
	InsertAbsence(ctx context.Context, a Absence) (Absence, error)
	GetAbsence(ctx context.Context, id string) (Absence, error)
	UpdateAbsence(ctx context.Context, a Absence) (Absence, error) // version-guarded
	ListAbsences(ctx context.Context, board string) ([]Absence, error)
}

// ErrAbsenceNotFound: no such absence record on the board.
var ErrAbsenceNotFound = fault.New(fault.NotFound, "absence_not_found")
