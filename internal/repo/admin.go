package repo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/seat"
	"github.com/samstyr/samstyr/internal/store"
)

// Collections of the administration.
const (
	CollSeatRosters  = "seat_rosters"
	CollReference    = "reference_data"
	CollOrganisation = "organisation"
	CollImports      = "admin_imports"
)

// organisationID is the one organisation document's id.
const organisationID = "organisation"

// Admin stores the administration's documents: the organisation, the
// seat rosters, the reference tables and the imports. It also lists every
// administration chain (adminlog.Source) for the ledger and the records
// page.
type Admin struct{ b store.Backend }

var (
	_ seat.Storer        = Admin{}
	_ refdata.Storer     = Admin{}
	_ admin.OrgStorer    = Admin{}
	_ admin.ImportStorer = Admin{}
	_ adminlog.Source    = Admin{}
	_ adminlog.Source    = Ledger{}
)

// NewAdmin returns the administration's storage on b.
func NewAdmin(b store.Backend) Admin { return Admin{b} }

func setRosterV(r *seat.Roster, v int64)           { r.Version = v }
func setPBBV(p *refdata.Prisbasbelopp, v int64)    { p.Version = v }
func setClassV(c *refdata.Classification, v int64) { c.Version = v }
func setOrgV(o *admin.Organisation, v int64)       { o.Version = v }
func setImportV(im *admin.Import, v int64)         { im.Version = v }
func putDoc[T any](ctx context.Context, b store.Backend, coll, id string, version int64, v *T, setV func(*T, int64)) error {
	if version == 0 {
		return conflictOnDup(insert(ctx, b, coll, id, v, setV, nil))
	}
	return update(ctx, b, coll, id, version, v, setV, nil)
}

// getOrEmpty loads a document, leaving v as it is (Version 0) when none
// is stored.
func getOrEmpty[T any](ctx context.Context, b store.Backend, coll, id string, v *T, setV func(*T, int64)) error {
	err := get(ctx, b, coll, id, v, setV)
	if errors.Is(err, fault.ErrNotFound) {
		return nil
	}
	return err
}

// GetRoster loads a board's seats (an empty roster when it has none).
func (r Admin) GetRoster(ctx context.Context, code string) (seat.Roster, error) {
	x := seat.Roster{Board: code, Seats: []seat.Seat{}}
	err := getOrEmpty(ctx, r.b, CollSeatRosters, code, &x, setRosterV)
	return x, err
}

// PutRoster inserts or updates a roster, version-guarded.
func (r Admin) PutRoster(ctx context.Context, x seat.Roster) (seat.Roster, error) {
	err := putDoc(ctx, r.b, CollSeatRosters, x.Board, x.Version, &x, setRosterV)
	return x, err
}

// ListRosters returns every board's roster.
func (r Admin) ListRosters(ctx context.Context) ([]seat.Roster, error) {
	return find(ctx, r.b, CollSeatRosters, store.Query{}, setRosterV)
}

// GetPrisbasbelopp loads the prisbasbelopp table.
func (r Admin) GetPrisbasbelopp(ctx context.Context) (refdata.Prisbasbelopp, error) {
	x := refdata.Prisbasbelopp{Values: []refdata.YearValue{}}
	err := getOrEmpty(ctx, r.b, CollReference, refdata.PrisbasbeloppID, &x, setPBBV)
	return x, err
}

// PutPrisbasbelopp inserts or updates the prisbasbelopp table.
func (r Admin) PutPrisbasbelopp(ctx context.Context, x refdata.Prisbasbelopp) (refdata.Prisbasbelopp, error) {
	err := putDoc(ctx, r.b, CollReference, refdata.PrisbasbeloppID, x.Version, &x, setPBBV)
	return x, err
}

// GetClassification loads the classification scheme.
func (r Admin) GetClassification(ctx context.Context) (refdata.Classification, error) {
	x := refdata.Classification{Classes: []refdata.Class{}}
	err := getOrEmpty(ctx, r.b, CollReference, refdata.ClassificationID, &x, setClassV)
	return x, err
}

// PutClassification inserts or updates the classification scheme.
func (r Admin) PutClassification(ctx context.Context, x refdata.Classification) (refdata.Classification, error) {
	err := putDoc(ctx, r.b, CollReference, refdata.ClassificationID, x.Version, &x, setClassV)
	return x, err
}

// GetOrganisation loads the organisation (fault.ErrNotFound before init).
func (r Admin) GetOrganisation(ctx context.Context) (admin.Organisation, error) {
	var o admin.Organisation
	return o, get(ctx, r.b, CollOrganisation, organisationID, &o, setOrgV)
}

// PutOrganisation inserts the organisation (a second insert is
// already_initialised) or updates it.
func (r Admin) PutOrganisation(ctx context.Context, o admin.Organisation) (admin.Organisation, error) {
	if o.Version == 0 {
		err := insert(ctx, r.b, CollOrganisation, organisationID, &o, setOrgV, admin.ErrInitialised)
		return o, err
	}
	err := update(ctx, r.b, CollOrganisation, organisationID, o.Version, &o, setOrgV, nil)
	return o, err
}

// InsertImport stores a new import.
func (r Admin) InsertImport(ctx context.Context, im admin.Import) (admin.Import, error) {
	err := insert(ctx, r.b, CollImports, im.ID, &im, setImportV, nil)
	return im, err
}

// UpdateImport writes an import, version-guarded.
func (r Admin) UpdateImport(ctx context.Context, im admin.Import) (admin.Import, error) {
	err := update(ctx, r.b, CollImports, im.ID, im.Version, &im, setImportV, nil)
	return im, err
}

// UnfinishedImports lists the imports still applying.
func (r Admin) UnfinishedImports(ctx context.Context) ([]admin.Import, error) {
	return find(ctx, r.b, CollImports, store.Query{Where: []store.Cond{store.Eq("status", admin.ImportApplying)}}, setImportV)
}

// Chains lists every administration chain in id order (adminlog.Source):
// the organisation, every board, every user, every seat roster, the
// reference tables and every meeting whose kallelse was sent (the
// sendings, meeting.Meeting.Log), each with the digest of its
// administered state now, so that verify and the checkpoints cover them.
func (r Admin) Chains(ctx context.Context, fn func(adminlog.Chain) error) error {
	var out []adminlog.Chain
	var o admin.Organisation
	if err := getOrEmpty(ctx, r.b, CollOrganisation, organisationID, &o, setOrgV); err != nil {
		return err
	}
	if o.Version != 0 {
		out = append(out, orgChain(o))
	}
	bs, err := find(ctx, r.b, CollBoards, store.Query{}, setBoardV)
	if err != nil {
		return err
	}
	for _, b := range bs {
		out = append(out, boardChain(b))
	}
	us, err := find(ctx, r.b, CollUsers, store.Query{}, setUserV)
	if err != nil {
		return err
	}
	for _, u := range us {
		out = append(out, userChain(u))
	}
	rs, err := r.ListRosters(ctx)
	if err != nil {
		return err
	}
	for _, x := range rs {
		out = append(out, rosterChain(x))
	}
	p, err := r.GetPrisbasbelopp(ctx)
	if err != nil {
		return err
	}
	if p.Version != 0 {
		out = append(out, pbbChain(p))
	}
	c, err := r.GetClassification(ctx)
	if err != nil {
		return err
	}
	if c.Version != 0 {
		out = append(out, classChain(c))
	}
	ms, err := find(ctx, r.b, CollMeetings, store.Query{}, setMeetingV)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if len(m.Log) > 0 || len(m.Kallelser) > 0 {
			out = append(out, meetingChain(m))
		}
	}
	slices.SortFunc(out, func(a, b adminlog.Chain) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range out {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// Chains lists every administration chain for the ledger's checkpoints
// and checks (see Admin.Chains).
func (r Ledger) Chains(ctx context.Context, fn func(adminlog.Chain) error) error {
	return Admin{r.b}.Chains(ctx, fn)
}

// migrationActor records the changes a migration made.
const migrationActor = "migration"

// recordExisting is migration 12's data step: every user and board that
// has no record yet gets a baseline record of what it is (the state the
// upgrade found), and a store that already held data keeps the
// prisbasbelopp of the built-in table as its first entries. It is
// idempotent.
func recordExisting(ctx context.Context, b store.Backend) error {
	at := time.Now().UTC()
	base := func() adminlog.Record {
		return adminlog.Record{At: at, Actor: migrationActor, Note: "tillståndet vid uppgraderingen (migrering 12)"}
	}
	us, err := find(ctx, b, CollUsers, store.Query{}, setUserV)
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.Baseline(base) {
			if err := update(ctx, b, CollUsers, u.ID, u.Version, &u, setUserV, nil); err != nil && !errors.Is(err, fault.ErrVersionConflict) {
				return err
			}
		}
	}
	bs, err := find(ctx, b, CollBoards, store.Query{}, setBoardV)
	if err != nil {
		return err
	}
	for _, x := range bs {
		if len(x.Log) > 0 {
			continue
		}
		r := base()
		r.Action, r.After = board.ActionBaseline, adminlog.JSON(x.AdminState())
		x.Record(r)
		if err := update(ctx, b, CollBoards, x.Code, x.Version, &x, setBoardV, nil); err != nil && !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	if len(us) == 0 && len(bs) == 0 {
		return nil // a new store: its administrator enters the values
	}
	p, err := Admin{b}.GetPrisbasbelopp(ctx)
	if err != nil || p.Version != 0 {
		return err
	}
	years := make([]int, 0, len(delegation.PrisbasbeloppOre))
	for y := range delegation.PrisbasbeloppOre {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		if err := p.Set(migrationActor, at, y, delegation.PrisbasbeloppOre[y], "den tidigare inbyggda tabellen", "migrering 12"); err != nil {
			return err
		}
	}
	_, err = Admin{b}.PutPrisbasbelopp(ctx, p)
	if errors.Is(err, fault.ErrVersionConflict) {
		return nil // another instance's migration wrote it
	}
	return err
}
