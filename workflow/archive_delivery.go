package workflow

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// DeliveryReceipt is the e-archive's receipt of a case's SIP.
type DeliveryReceipt struct {
	// PackageID is the SIP's identifier, its folder name ("uuid-…").
	PackageID string
	// Archive names the receiving archive; the profile's when empty.
	Archive string
	// Receipt is the archive's reference for the receipt (kvittens).
	Receipt string
	// ReceivedOn is the day the archive received the package.
	ReceivedOn platform.Date
}

// packageID is the form of a SIP identifier (earchive's packageID).
var packageID = regexp.MustCompile(`^uuid-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// RecordDelivery records that the e-archive received the case's SIP, with
// its receipt: the delivery and its event are written in one
// version-guarded update, and from then on the case is read-only in
// Samstyr (every change is refused with ErrDelivered). ifMatch is the
// case version the arkivarie saw. Only an archived case is delivered; a
// delivered case is not delivered again.
func (e *Archive) RecordDelivery(ctx context.Context, u identity.User, caseID string, ifMatch int64, in DeliveryReceipt) (cases.Case, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if err := e.authorize(u, c.Board, actionRecordDelivery); err != nil {
		return cases.Case{}, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	if c.Delivered() {
		return cases.Case{}, ErrDelivered.WithDetail("%s was delivered already (receipt %s)", c.RegistrationNumber, c.Delivery.Receipt)
	}
	if c.State != cases.StateArchived {
		return cases.Case{}, earchive.ErrNotArchived.WithDetail("%s is %s, not arkiverad", c.RegistrationNumber, c.State)
	}
	var fs fault.Fields
	in.PackageID, in.Receipt, in.Archive = strings.TrimSpace(in.PackageID), strings.TrimSpace(in.Receipt), strings.TrimSpace(in.Archive)
	if !packageID.MatchString(in.PackageID) {
		fs.Add("/package_id", "invalid_package_id")
	}
	for field, s := range map[string]string{"/receipt": in.Receipt, "/archive": in.Archive} {
		if utf8.RuneCountInString(s) > maxPlanText {
			fs.Add(field, "too_long")
		}
		fieldtext.Line(&fs, field, s)
	}
	if in.Receipt == "" {
		fs.Add("/receipt", "required")
	}
	today := e.today()
	switch {
	case in.ReceivedOn.IsZero():
		fs.Add("/received_on", "required")
	case in.ReceivedOn.After(today), in.ReceivedOn.Before(closedOn(c)):
		fs.Add("/received_on", "invalid_date")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return cases.Case{}, err
	}
	if in.Archive == "" {
		prof, err := e.profile(ctx, c.Board)
		if err != nil {
			return cases.Case{}, err
		}
		in.Archive = prof.Archive
	}
	now := e.clock.Now()
	d := cases.Delivery{PackageID: in.PackageID, Archive: in.Archive, Receipt: in.Receipt, ReceivedOn: in.ReceivedOn,
		At: now.UTC(), By: u.Username}
	c.Delivery = &d
	c.UpdatedAt = now.UTC()
	c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionDelivered, Ref: d.PackageID, Note: d.Receipt,
		DataDigest: d.Digest()})
	saved, err := e.raw.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		cur, gerr := e.store.GetHead(ctx, c.ID)
		if gerr != nil {
			return cases.Case{}, gerr
		}
		return cases.Case{}, versionConflict(cur.Version)
	}
	return saved, err
}
