package cases

import (
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// Actions of the archive recorded in a case's history.
const (
	// ActionGallring: a handling's content was weeded (gallrad) under the
	// informationshanteringsplan and a gallringsbeslut; the event is the
	// gallringslogg's entry and its Ref names the handling.
	ActionGallring = "gallring"
	// ActionDelivered: the case's SIP was received by the e-archive,
	// with the archive's receipt; from then the case is read-only.
	ActionDelivered = "delivered"
)

// Weeding records that gallring removed a handling's content. The
// handling's metadata and SHA-256 stay, so its history entry and every
// checksum that covers it still verify; only the file is gone.
type Weeding struct {
	At time.Time     `json:"at"`
	On platform.Date `json:"on"`
	By string        `json:"by"` // username
	// Decision cites the gallringsbeslut, e.g. "ITN 2027-02-10 § 4" or a
	// delegationsbeslut's id; DecisionRef is its machine reference.
	Decision    string `json:"decision"`
	DecisionRef string `json:"decision_ref"`
	// PlanVersion and Reference identify the informationshanteringsplan
	// version and its § that allowed the gallring.
	PlanVersion int    `json:"plan_version"`
	Reference   string `json:"reference"`
}

// Digest is what the gallring event records for handling no.
func (w Weeding) Digest(no int, sha256 string) string {
	return DigestJSON([]any{"samstyr-gallring-v1", no, sha256, w.At.UTC().Format(time.RFC3339Nano), w.On, w.By,
		w.Decision, w.DecisionRef, w.PlanVersion, w.Reference})
}

// Delivery records that the case's submission information package (SIP)
// was delivered to the e-archive and received there.
type Delivery struct {
	// PackageID is the SIP's identifier (its root folder, "uuid-…").
	PackageID string `json:"package_id"`
	// Archive names the receiving e-archive (optional).
	Archive string `json:"archive,omitempty"`
	// Receipt is the archive's receipt reference (kvittens).
	Receipt    string        `json:"receipt"`
	ReceivedOn platform.Date `json:"received_on"`
	At         time.Time     `json:"at"`
	By         string        `json:"by"` // username
}

// Digest is what the delivery event records.
func (d Delivery) Digest() string {
	return DigestJSON([]any{"samstyr-delivery-v1", d.PackageID, d.Archive, d.Receipt, d.ReceivedOn, d.At.UTC().Format(time.RFC3339Nano), d.By})
}

// Delivered reports whether the case was delivered to the e-archive: it
// is then read-only in Samstyr.
func (c Case) Delivered() bool { return c.Delivery != nil }

// Weeded reports whether gallring removed the handling's content.
func (d Document) Weeded() bool { return d.Weeding != nil }

// verifyArchival checks the archive's records against the history: every
// weeded handling has its gallring event with the same record, and every
// gallring event a weeded handling; a delivery has its event.
func (c Case) verifyArchival() *ChainError {
	fail := func(format string, args ...any) *ChainError {
		return &ChainError{CaseID: c.ID, Reason: fmt.Sprintf(format, args...)}
	}
	logged := map[string]string{}
	delivered := ""
	for _, e := range c.History {
		switch e.Action {
		case ActionGallring:
			logged[e.Ref] = e.DataDigest
		case ActionDelivered:
			delivered = e.DataDigest
		}
	}
	for _, d := range c.Documents {
		ref := DocumentRef(d.No)
		digest, ok := logged[ref]
		switch {
		case d.Weeding == nil && ok:
			return fail("handling %d was weeded by the history but its record says it was not", d.No)
		case d.Weeding != nil && !ok:
			return fail("handling %d is marked weeded without a gallring event in the history", d.No)
		case d.Weeding != nil && digest != d.Weeding.Digest(d.No, d.SHA256):
			return fail("the gallring record of handling %d differs from what the history recorded", d.No)
		}
		delete(logged, ref)
	}
	for ref := range logged {
		return fail("the history records gallring of %s, which the case does not have", ref)
	}
	switch {
	case c.Delivery == nil && delivered != "":
		return fail("the history records a delivery to the e-archive that the case does not")
	case c.Delivery != nil && delivered != c.Delivery.Digest():
		return fail("the delivery record differs from what the history recorded")
	}
	return nil
}
