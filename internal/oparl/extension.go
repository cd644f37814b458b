package oparl

import _ "embed"

// The samstyr: extension carries what OParl lacks: how each member voted
// and who reserved themselves per paragraph, delegated decisions
// (delegationsbeslut and ordförandebeslut) with the delegation point, the
// decider and the version of the delegationsordning once they are
// reported to the board, and the dates of justering, anslag, the end of
// the appeal period and laga kraft. ExtensionSchema is its JSON Schema
// (draft 2020-12), one $defs entry per property; docs/oparl.md describes
// it for API users.

// ExtensionSchema is the JSON Schema of the samstyr: properties.
//
//go:embed extension.schema.json
var ExtensionSchema []byte

// ExtensionProperties maps each samstyr: property to its $defs entry in
// ExtensionSchema.
var ExtensionProperties = map[string]string{
	"samstyr:kind":                 "kind",
	"samstyr:memberMunicipalities": "memberMunicipalities",
	"samstyr:justering":            "justering",
	"samstyr:anslag":               "anslag",
	"samstyr:appeal":               "appeal",
	"samstyr:paragraph":            "paragraph",
	"samstyr:reportedDecisions":    "decisions",
	"samstyr:decisions":            "decisions",
	"samstyr:state":                "state",
	"samstyr:sha256":               "sha256",
	"samstyr:direction":            "direction",
}

// MemberExt is a member municipality of a gemensam nämnd.
type MemberExt struct {
	Code string `json:"code"` // kommunkod
	Name string `json:"name"`
	Host bool   `json:"host"` // värdkommun
}

// JusteringExt says when the protocol was justerat and by whom.
type JusteringExt struct {
	Date      string   `json:"date"`
	Justerare []string `json:"justerare,omitempty"` // names
}

// AnslagExt is the notice of the justering on one member municipality's
// anslagstavla (KL 8:12).
type AnslagExt struct {
	MunicipalityCode string `json:"municipalityCode"`
	Municipality     string `json:"municipality"`
	PostedOn         string `json:"postedOn"`
	StaysUntil       string `json:"staysUntil,omitempty"`
	Late             bool   `json:"late"` // later than the second day after justering
}

// AppealExt gives the appeal period of the protocol's decisions
// (laglighetsprövning, KL 13:5) and when they have legal force.
type AppealExt struct {
	AppealEnd string `json:"appealEnd"` // last day to appeal
	// LagaKraftFrom is the first day with legal force if no appeal came in
	// in time; absent once an appeal is registered.
	LagaKraftFrom string `json:"lagaKraftFrom,omitempty"`
	Appealed      bool   `json:"appealed"`
}

// ParagraphExt is what the protocol says about a paragraph beyond OParl's
// result and resolution text.
type ParagraphExt struct {
	Number       int              `json:"number"` // § number, per board and year
	Outcome      string           `json:"outcome"`
	Clauses      []string         `json:"clauses,omitempty"` // the decided att-satser
	Immediate    bool             `json:"immediate"`         // omedelbart justerad
	Votes        []VoteExt        `json:"votes,omitempty"`
	Tally        *TallyExt        `json:"tally,omitempty"`
	Reservations []ReservationExt `json:"reservations,omitempty"`
}

// VoteExt is one member's vote in an open votering.
type VoteExt struct {
	Person string `json:"person,omitempty"` // oparl:Person URL
	Name   string `json:"name"`
	Vote   string `json:"vote"` // ja, nej, avstar
}

// TallyExt counts the votes.
type TallyExt struct {
	Yes     int `json:"ja"`
	No      int `json:"nej"`
	Abstain int `json:"avstar"`
}

// ReservationExt is a member's reservation against the decision.
type ReservationExt struct {
	Person string `json:"person,omitempty"`
	Name   string `json:"name"`
	Reason string `json:"reason,omitempty"`
}

// DecisionExt is a delegationsbeslut or ordförandebeslut, shown once it is
// signed and reported to the board.
type DecisionExt struct {
	ID           string   `json:"id"`
	Kind         string   `json:"kind"` // delegation or urgent
	Paper        string   `json:"paper,omitempty"`
	Reference    string   `json:"reference,omitempty"` // diarienummer
	Title        string   `json:"title,omitempty"`     // the ärende, masked when secret
	Clauses      []string `json:"clauses,omitempty"`   // left out when the ärende is secret
	Decider      string   `json:"decider"`
	ActingRole   string   `json:"actingRole,omitempty"`
	ActingAs     string   `json:"actingAs,omitempty"`
	Point        string   `json:"point,omitempty"` // delegationspunkt
	OrderID      string   `json:"orderId,omitempty"`
	OrderVersion int      `json:"orderVersion,omitempty"`
	DecidedOn    string   `json:"decidedOn"`
	ReportedIn   string   `json:"reportedIn"` // e.g. "ITN 2026-03-12 § 7"
	ReportedOn   string   `json:"reportedOn,omitempty"`
}
