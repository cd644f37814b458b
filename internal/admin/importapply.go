package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// Import statuses.
const (
	ImportDryRun   = "dry_run"  // checked, nothing written
	ImportApplying = "applying" // the plan is stored; its steps are being made
	ImportDone     = "done"
	ImportFailed   = "failed" // a step became impossible after the check (a concurrent change)
)

// Import is a checked import file: its steps, stored before any is made,
// so that an import a crash interrupted is finished at the next start
// (every step is idempotent: it names the row it comes from).
type Import struct {
	ID      string       `json:"id"`
	By      string       `json:"by"`
	At      time.Time    `json:"at"`
	Status  string       `json:"status"`
	Steps   []ImportStep `json:"steps"`
	Error   string       `json:"error,omitempty"`
	Version int64        `json:"-"`
}

// Counts returns how many steps of each action the import has.
func (im Import) Counts() map[string]int {
	out := map[string]int{StepCreateUser: 0, StepUpdateUser: 0, StepGrantRole: 0, StepAddSeat: 0}
	for _, s := range im.Steps {
		out[s.Action]++
	}
	return out
}

// ImportStorer keeps imports.
type ImportStorer interface {
	InsertImport(ctx context.Context, im Import) (Import, error)
	UpdateImport(ctx context.Context, im Import) (Import, error)
	// UnfinishedImports lists the imports with status applying.
	UnfinishedImports(ctx context.Context) ([]Import, error)
}

// ErrImportFailed is an import whose step became impossible after the
// file was checked (a concurrent change); the steps before it are made.
var ErrImportFailed = fault.New(fault.Conflict, "import_failed")

// Import checks an import file of people, roles and seats (an
// administrator). Every bad row is refused with its row number and what
// is wrong, and nothing is written. With dryRun it returns what would
// change; otherwise it stores the plan and makes every step.
func (s *Service) Import(ctx context.Context, u identity.User, r io.Reader, dryRun bool) (Import, error) {
	if err := s.requireAdmin(u); err != nil {
		return Import{}, err
	}
	im := Import{ID: platform.NewID(), By: u.Username, At: s.clock.Now().UTC(), Status: ImportDryRun}
	steps, err := s.plan(ctx, im.ID, r)
	if err != nil {
		return Import{}, err
	}
	im.Steps = steps
	if dryRun {
		return im, nil
	}
	im.Status = ImportApplying
	if im, err = s.imports.InsertImport(ctx, im); err != nil {
		return Import{}, err
	}
	return s.apply(ctx, im)
}

// ResumeImports finishes the imports a stop interrupted (at start-up).
func (s *Service) ResumeImports(ctx context.Context) (int, error) {
	ims, err := s.imports.UnfinishedImports(ctx)
	if err != nil {
		return 0, err
	}
	for _, im := range ims {
		if _, err := s.apply(ctx, im); err != nil && !errors.Is(err, ErrImportFailed) {
			return 0, err
		}
	}
	return len(ims), nil
}

func importNote(id string, row int) string { return fmt.Sprintf("import %s rad %d", id, row) }

// recorded reports whether u has a record with the note.
func recorded(u identity.User, note string) bool {
	return slices.ContainsFunc(u.Log, func(r adminlog.Record) bool { return r.Note == note })
}

// apply makes the import's steps in order, skipping those already made.
func (s *Service) apply(ctx context.Context, im Import) (Import, error) {
	for _, st := range im.Steps {
		if err := s.applyStep(ctx, im, st); err != nil {
			if fault.From(err).Kind == fault.Internal {
				return im, err // the store failed: the import stays applying and resumes
			}
			im.Status, im.Error = ImportFailed, fmt.Sprintf("rad %d: %s", st.Row, fault.From(err).Error())
			if saved, uerr := s.imports.UpdateImport(ctx, im); uerr == nil {
				im = saved
			}
			return im, ErrImportFailed.WithDetail("row %d: %v", st.Row, err)
		}
	}
	im.Status = ImportDone
	return s.imports.UpdateImport(ctx, im)
}

func (s *Service) applyStep(ctx context.Context, im Import, st ImportStep) error {
	note := importNote(im.ID, st.Row)
	switch st.Action {
	case StepCreateUser:
		_, err := s.id.CreateUser(ctx, identity.NewUser{Username: st.Username, Name: st.Name, Email: st.Email, Title: st.Title,
			NoPassword: true, Actor: im.By, Note: note})
		if errors.Is(err, identity.ErrUsernameTaken) {
			if u, gerr := s.id.UserByUsername(ctx, st.Username); gerr == nil && recorded(u, note) {
				return nil // made before the interruption
			}
		}
		return err
	case StepUpdateUser:
		u, err := s.id.UserByUsername(ctx, st.Username)
		if err != nil || recorded(u, note) {
			return err
		}
		_, err = s.id.UpdateAccount(ctx, im.By, st.Username, 0, identity.AccountPatch{Name: &st.Name, Email: &st.Email, Title: &st.Title}, note)
		return err
	case StepGrantRole:
		_, _, err := s.id.GrantRole(ctx, im.By, st.Username, *st.Role, note)
		if err != nil && fault.From(err).Code == "role_exists" {
			return nil
		}
		return err
	case StepAddSeat:
		_, err := s.editRoster(ctx, st.Board, func(r *seat.Roster) error {
			if _, ok := r.Seat(st.Seat.ID); ok {
				return errMade
			}
			return addSeat(r, im.By, s.clock.Now(), *st.Seat, note)
		})
		if errors.Is(err, errMade) {
			return nil
		}
		return err
	}
	return fmt.Errorf("admin: unknown import step %q", st.Action)
}

// errMade stops a roster edit whose seat an earlier run added.
var errMade = errors.New("admin: step made before")
