package workflow

import (
	"context"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/retention"
)

// The archive's actions in the role policy (policies/workflow_policy.csv;
// the arkivarie holds them).
const (
	actionExportArchive   = "export_archive"   // build SIPs for the e-archive
	actionManageRetention = "manage_retention" // the archive profile and the informationshanteringsplan
	actionGallra          = "gallra"           // run gallring under a gallringsbeslut
	actionRecordDelivery  = "record_delivery"  // record the e-archive's receipt
)

// BlobDeleter removes a handling's file (its chunks) for gallring;
// deleting what is already gone is not an error.
type BlobDeleter interface {
	DeleteBlob(ctx context.Context, id string) error
}

// archiveDeps are what the archive's use cases need besides the core.
type archiveDeps struct {
	plans    retention.Storer
	profiles earchive.ProfileStorer
	blobs    BlobDeleter
	software string
}

// WithArchive gives the engine what the archive needs: the plan versions
// and archive profiles, the blob store (gallring removes files) and
// Samstyr's version for the packages. Gallring asks the engine's own
// register of requests for allmän handling (WithDisclosure) whether a
// request still waits for a handling (see pendingRequest).
func (e *Engine) WithArchive(plans retention.Storer, profiles earchive.ProfileStorer, blobs BlobDeleter, software string) *Engine {
	e.core.archive = archiveDeps{plans: plans, profiles: profiles, blobs: blobs, software: software}
	return e
}

// Faults of the archive.
var (
	// ErrDelivered: the case was delivered to the e-archive and is
	// read-only in Samstyr.
	ErrDelivered = fault.New(fault.Conflict, "case_delivered")
	// ErrNoClassificationScheme: the plan cannot be checked without the
	// board's klassificeringsstruktur (its archive profile's classes).
	ErrNoClassificationScheme = fault.New(fault.Unprocessable, "no_classification_scheme")
	// ErrNoPlanInForce: gallring needs the board's plan.
	ErrNoPlanInForce = fault.New(fault.Unprocessable, "no_retention_plan")
	// ErrGallringDecision: the gallringsbeslut named is not one (the
	// fields say why).
	ErrGallringDecision = fault.New(fault.Unprocessable, "invalid_gallring_decision")
	// ErrTooManyPackages: a download of more packages than one response
	// carries; narrow it (closed_before) or use samstyr export-archive.
	ErrTooManyPackages = fault.New(fault.Unprocessable, "too_many_packages")
)

// deliveredGuard is the case store the use cases write through: it
// refuses every write of a case delivered to the e-archive, so no use
// case — present or future — changes a delivered case. The delivery
// receipt itself is written through core.raw.
type deliveredGuard struct{ cases.Storer }

// Update refuses a delivered case with ErrDelivered.
func (g deliveredGuard) Update(ctx context.Context, c cases.Case) (cases.Case, error) {
	if c.Delivered() {
		return cases.Case{}, ErrDelivered.WithDetail("%s was delivered to the e-archive (receipt %s) and is read-only", c.RegistrationNumber, c.Delivery.Receipt)
	}
	return g.Storer.Update(ctx, c)
}

// pendingRequest asks the engine's register of requests for allmän
// handling (WithDisclosure) whether a request is pending on the case: it
// is while it is open and one of its items names the case. Only the open
// requests of the case's board are read (a request names only ärenden of
// its own board). An engine without the register stores no request, so
// none is pending.
func (e *core) pendingRequest(ctx context.Context, c cases.Case) (bool, error) {
	if e.disclosures == nil {
		return false, nil
	}
	open, err := e.disclosures.ListOpenRequests(ctx, c.Board)
	if err != nil {
		return false, err
	}
	for _, r := range open {
		for _, it := range r.Items {
			if it.CaseID == c.ID {
				return true, nil
			}
		}
	}
	return false, nil
}
