package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/retention"
)

// Profile returns the board's archive profile (an empty one, version 0,
// when the arkivarie has not written one). Anyone with a role on the
// board may read it.
func (e *Archive) Profile(ctx context.Context, u identity.User, board string) (earchive.Profile, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return earchive.Profile{}, err
	}
	return e.profile(ctx, board)
}

// profile loads the board's profile, empty when there is none.
func (e *core) profile(ctx context.Context, board string) (earchive.Profile, error) {
	p, err := e.archive.profiles.GetProfile(ctx, board)
	if errors.Is(err, fault.ErrNotFound) {
		return earchive.Profile{Board: board, Classes: []earchive.Class{}}, nil
	}
	return p, err
}

// archiveProfile is the board's profile with the klassificeringsstruktur
// in force: the organisation's classification scheme, kept by the
// administrator (refdata; retired classes included, since earlier cases
// carry them), when it has classes — the one cases are registered in —
// else the profile's own classes. orgScheme says which.
func (e *core) archiveProfile(ctx context.Context, board string) (p earchive.Profile, orgScheme bool, err error) {
	if p, err = e.profile(ctx, board); err != nil || e.refs == nil {
		return p, false, err
	}
	cl, err := e.refs.GetClassification(ctx)
	if err != nil || len(cl.Classes) == 0 {
		return p, false, err
	}
	p.Classes = make([]earchive.Class, len(cl.Classes))
	for i, c := range cl.Classes {
		p.Classes[i] = earchive.Class{Code: c.Code, Name: c.Name}
	}
	return p, true, nil
}

// ClassesInForce returns the klassificeringsstruktur the board's plan is
// checked against and its cases are classified in (see archiveProfile),
// and whether it is the organisation's. Anyone with a role on the board
// may read it.
func (e *Archive) ClassesInForce(ctx context.Context, u identity.User, board string) ([]earchive.Class, bool, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, false, err
	}
	p, org, err := e.archiveProfile(ctx, board)
	return p.Classes, org, err
}

// SaveProfile writes the board's archive profile. ifMatch is the version
// the arkivarie saw (0 for a board without one): another is a 409. An
// organisation number must pass its check digit.
func (e *Archive) SaveProfile(ctx context.Context, u identity.User, boardCode string, ifMatch int64, p earchive.Profile) (earchive.Profile, error) {
	if err := e.authorizeOn(ctx, u, boardCode, actionManageRetention); err != nil {
		return earchive.Profile{}, err
	}
	if err := p.Normalize(); err != nil {
		return earchive.Profile{}, err
	}
	if p.OrgNumber != "" {
		n, ok := board.NormalizeOrgNumber(p.OrgNumber) // the check digit, as the administration checks it
		if !ok {
			return earchive.Profile{}, fault.Fields{{Field: "/org_number", Code: "invalid_org_number"}}.Err(fault.Unprocessable)
		}
		p.OrgNumber = n
	}
	cur, err := e.profile(ctx, boardCode)
	if err != nil {
		return earchive.Profile{}, err
	}
	if cur.Version != ifMatch {
		return earchive.Profile{}, versionConflict(cur.Version)
	}
	if p.Classes == nil {
		p.Classes = []earchive.Class{}
	}
	p.Board, p.Version, p.UpdatedAt, p.UpdatedBy = boardCode, cur.Version, e.clock.Now().UTC(), u.Username
	saved, err := e.archive.profiles.PutProfile(ctx, p)
	if errors.Is(err, fault.ErrVersionConflict) {
		if cur, gerr := e.profile(ctx, boardCode); gerr == nil {
			return earchive.Profile{}, versionConflict(cur.Version)
		}
	}
	return saved, err
}

// PlanImport is what the arkivarie gives with a plan file.
type PlanImport struct {
	// Title names the plan; "Informationshanteringsplan version N" when
	// empty.
	Title string
	// AdoptedRef cites the decision that adopted it (optional).
	AdoptedRef string
}

// maxPlanText bounds the title and the adoption reference.
const maxPlanText = 300

// ImportPlan reads an informationshanteringsplan (retention.ReadCSV:
// all or nothing, every problem named by row and column) against the
// klassificeringsstruktur in force (archiveProfile: the organisation's
// classification scheme, else the archive profile's classes) — a class
// not in it is refused — and
// stores it as the board's next plan version, which is then in force.
// Nothing is stored when anything is wrong.
func (e *Archive) ImportPlan(ctx context.Context, u identity.User, board string, in PlanImport, r io.Reader) (retention.Version, error) {
	if err := e.authorizeOn(ctx, u, board, actionManageRetention); err != nil {
		return retention.Version{}, err
	}
	var fs fault.Fields
	for field, s := range map[string]*string{"/title": &in.Title, "/adopted_ref": &in.AdoptedRef} {
		*s = strings.TrimSpace(*s)
		if utf8.RuneCountInString(*s) > maxPlanText {
			fs.Add(field, "too_long")
		}
		fieldtext.Line(&fs, field, *s)
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return retention.Version{}, err
	}
	prof, _, err := e.archiveProfile(ctx, board)
	if err != nil {
		return retention.Version{}, err
	}
	if len(prof.Classes) == 0 {
		return retention.Version{}, ErrNoClassificationScheme.WithDetail(
			"%s has no klassificeringsstruktur: the organisation's classification scheme (administration) or the archive profile's classes", board)
	}
	data, err := io.ReadAll(io.LimitReader(r, retention.MaxImportBytes+1))
	if err != nil {
		return retention.Version{}, err
	}
	plan, err := retention.ReadCSV(bytes.NewReader(data), prof.ClassCodes())
	if err != nil {
		return retention.Version{}, err
	}
	if len(plan.Rules) == 0 {
		return retention.Version{}, fault.Fields{{Field: "/file", Code: "required", Detail: "the plan has no rules"}}.Err(fault.Unprocessable)
	}
	olds, err := e.archive.plans.Plans(ctx, board)
	if err != nil {
		return retention.Version{}, err
	}
	n := 1
	if len(olds) > 0 {
		n = olds[0].Number + 1
	}
	if in.Title == "" {
		in.Title = fmt.Sprintf("Informationshanteringsplan version %d", n)
	}
	sum := sha256.Sum256(data)
	return e.archive.plans.InsertPlan(ctx, retention.Version{Board: board, Number: n, Title: in.Title, AdoptedRef: in.AdoptedRef,
		Rules: plan.Rules, Digest: hex.EncodeToString(sum[:]), ImportedAt: e.clock.Now().UTC(), ImportedBy: u.Username})
}

// Plans lists the board's plan versions, newest (in force) first.
func (e *Archive) Plans(ctx context.Context, u identity.User, board string) ([]retention.Version, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, err
	}
	vs, err := e.archive.plans.Plans(ctx, board)
	if vs == nil {
		vs = []retention.Version{}
	}
	return vs, err
}

// planInForce returns the board's newest plan version (ok false when it
// has none).
func (e *core) planInForce(ctx context.Context, board string) (retention.Version, bool, error) {
	vs, err := e.archive.plans.Plans(ctx, board)
	if err != nil || len(vs) == 0 {
		return retention.Version{}, false, err
	}
	return vs[0], true, nil
}
