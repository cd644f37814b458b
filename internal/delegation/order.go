// Package delegation models the delegationsordning: per board, numbered
// versions (draft → adopted → in force from valid_from → superseded by the
// next adopted version), each a list of points saying who may decide
// which group of matters on the board's behalf, up to what amount, with
// which substitutes, and whether the decision is reported to the board.
// An adopted version is never edited; a change is a new version.
package delegation

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Status of an order version as stored. In force and superseded are
// derived from valid_from and the next adopted version (see Timeline).
type Status string

// Stored statuses.
const (
	StatusDraft   Status = "draft"   // utkast: may still change
	StatusAdopted Status = "adopted" // antagen: immutable
)

// ReportTo says whom a delegated decision is reported to (anmälan).
type ReportTo string

// Reporting targets (DOMAIN.md 1.5).
const (
	ReportBoard   ReportTo = "namnd"            // anmäls till nämnden
	ReportManager ReportTo = "forvaltningschef" // anmäls till förvaltningschefen
	ReportNone    ReportTo = "ingen"            // anmäls ej: protokollförs särskilt
)

// Category is a KL 6:38 category of matters that may not be delegated.
type Category string

// The 6:38 categories (DOMAIN.md 1.2).
const (
	CatGoals       Category = "mal_inriktning"        // mål, inriktning, omfattning, kvalitet
	CatToCouncil   Category = "framstallning_kf"      // framställningar/yttranden till fullmäktige
	CatPrinciple   Category = "principiell"           // myndighetsutövning av principiell beskaffenhet
	CatCitizen     Category = "medborgarforslag"      // medborgarförslag
	CatSpecialLaw  Category = "speciallag"            // special legislation forbids delegation
	CatAppealReply Category = "yttrande_overklagande" // yttrande on an appealed board decision
)

// Categories lists every 6:38 category.
var Categories = []Category{CatGoals, CatToCouncil, CatPrinciple, CatCitizen, CatSpecialLaw, CatAppealReply}

// Limit is a point's amount limit per case: öre, or hundredths of a
// prisbasbelopp (500 = 5 prisbasbelopp) converted with the decision year's
// value. A nil *Limit means no limit.
type Limit struct {
	Ore      int64 `json:"ore,omitempty"`
	PBBCents int64 `json:"pbb_cents,omitempty"` // prisbasbelopp × 100
}

// Point is one row of the delegationsordning (delegationspunkt).
type Point struct {
	Code                 string     `json:"code"`    // e.g. "A16", "B3"
	Section              string     `json:"section"` // avsnitt, e.g. "A Avtal"
	Matter               string     `json:"matter"`  // ärende/ärendegrupp
	LegalBasis           string     `json:"legal_basis,omitempty"`
	Delegate             string     `json:"delegate"`              // a role (function or organ), e.g. "ordforande", "forvaltningschef"
	Substitutes          []string   `json:"substitutes,omitempty"` // ordered roles deciding on förfall or jäv
	Limit                *Limit     `json:"limit,omitempty"`
	Conditions           string     `json:"conditions,omitempty"`
	ReportTo             ReportTo   `json:"report_to"`
	SubdelegationAllowed bool       `json:"subdelegation_allowed"`
	UrgentOnly           bool       `json:"urgent_only"`         // only as ordförandebeslut i brådskande ärende (KL 6:39)
	Excluded             []Category `json:"excluded,omitempty"`  // 6:38 categories the matter falls under: not delegable
	Principle            bool       `json:"principle,omitempty"` // the matter is of principle (excluded when the board excludes all)
}

// Order is one version of a board's delegationsordning.
type Order struct {
	ID               string        `json:"id"` // "<board>/<version>"
	Board            string        `json:"board"`
	Number           int           `json:"number"` // version number, 1, 2, …
	Status           Status        `json:"status"`
	Title            string        `json:"title"`
	AdoptedRef       string        `json:"adopted_ref,omitempty"` // the adopting decision, e.g. "ITN 2025-11-20 § 45"
	AdoptedOn        platform.Date `json:"adopted_on"`
	ValidFrom        platform.Date `json:"valid_from"`
	ExcludePrinciple bool          `json:"exclude_principle"` // all matters of principle are excluded (local policy)
	UrgentDeciders   []string      `json:"urgent_deciders"`   // roles appointed for urgent decisions (KL 6:39), in order
	Points           []Point       `json:"points"`
	ContentHash      string        `json:"content_hash,omitempty"` // set on adoption: SHA-256 of the content
	CreatedBy        string        `json:"created_by"`
	CreatedAt        time.Time     `json:"created_at"`
	Version          int64         `json:"-"`
}

// Point returns the point with code, if any.
func (o Order) Point(code string) (Point, bool) {
	for _, p := range o.Points {
		if p.Code == code {
			return p, true
		}
	}
	return Point{}, false
}

// Storer is what delegation needs from storage.
type Storer interface {
	InsertOrder(ctx context.Context, o Order) (Order, error)
	UpdateOrder(ctx context.Context, o Order) (Order, error)
	GetOrder(ctx context.Context, id string) (Order, error)
	ListOrders(ctx context.Context, board string) ([]Order, error) // by number ascending
}

// Faults of this package.
var (
	ErrOrderNotFound    = fault.New(fault.NotFound, "delegation_order_not_found")
	ErrNotInForce       = fault.New(fault.NotFound, "delegation_not_in_force")
	ErrOrderAdopted     = fault.New(fault.Unprocessable, "delegation_order_adopted")
	ErrUnknownPoint     = fault.New(fault.Unprocessable, "unknown_point")
	ErrInvalidOrder     = fault.New(fault.Unprocessable, "validation_failed")
	ErrOrderNumberTaken = fault.New(fault.Conflict, "delegation_order_exists")
)
