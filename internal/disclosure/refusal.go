package disclosure

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// Decision is a written avslagsbeslut: the authority's decision to refuse
// (wholly, or partly by masking) a request for allmän handling. It is a
// formal, appealable decision (OSL 6:7–8) taken by whoever the
// delegationsordning allows — the proof of that is carried here and
// checked by workflow like every other decision.
type Decision struct {
	No    int   `json:"no"`
	Items []int `json:"items"` // the items it decides
	// Partial is set when the decision is on masked parts of handlingar
	// that were otherwise released (delvis avslag).
	Partial   bool     `json:"partial"`
	Lagrum    []string `json:"lagrum"`
	Reasoning string   `json:"reasoning"` // skälen: why secrecy applies

	DeciderID   string `json:"decider_id"`
	DeciderName string `json:"decider_name"`
	ActingRole  string `json:"acting_role"` // the role the delegation rule names
	ActingAs    string `json:"acting_as"`   // delegate or substitute
	PointCode   string `json:"point_code"`  // delegationspunkt, e.g. "D4"
	OrderID     string `json:"order_id"`    // the delegationsordning …
	OrderNumber int    `json:"order_number"`
	OrderHash   string `json:"order_hash"` // … and its content hash

	Court     string        `json:"court"` // the kammarrätt an appeal goes to
	DecidedAt time.Time     `json:"decided_at"`
	DecidedOn platform.Date `json:"decided_on"`
	// NotifiedOn is the day the requester was notified (delgiven); the
	// three weeks for an appeal run from it (FL 44 §).
	NotifiedOn platform.Date       `json:"notified_on"`
	Digest     string              `json:"digest"` // SHA-256 of Payload: what is signed
	Signatures []signing.Signature `json:"signatures,omitempty"`
}

// Decider is who refuses and under which delegation: filled in by workflow
// from the delegation check.
type Decider struct {
	ID, Name, ActingRole, ActingAs string
	PointCode, OrderID, OrderHash  string
	OrderNumber                    int
}

// RefusalInput is a refusal decision to record.
type RefusalInput struct {
	Items     []int
	Lagrum    []string
	Reasoning string
	Decider   Decider
	Court     string // e.g. "Kammarrätten i Jönköping"
}

// Field-error codes of refusal decisions.
const (
	CodeDeciderRequired  = "decider_required"
	CodeDelegationProof  = "delegation_proof_required"
	CodeCourtRequired    = "court_required"
	CodeNotifiedEarly    = "notified_before_decision"
	CodeAlreadyNotified  = "already_notified"
	CodeItemNotRefusable = "item_not_refusable"
)

// MaxReasoning is the longest reasoning, in characters.
const MaxReasoning = 4000

// Refuse records a written refusal decision on the given items. An item
// without an outcome is refused whole; an item released with masking gets
// the decision as the formal, appealable decision on its masked parts
// (the requester may ask for one, OSL 6:3), which makes the decision
// partial. An item released whole cannot be refused afterwards. Every
// problem is reported at once and nothing is recorded on error.
func (r *Request) Refuse(in RefusalInput, at time.Time) (Decision, error) {
	if s := r.Status(); s == StatusWithdrawn {
		return Decision{}, ErrRequestClosed
	}
	var fs fault.Fields
	lagrum := checkLagrum(&fs, "/lagrum", cleanLagrum(in.Lagrum))
	in.Reasoning = strings.TrimSpace(in.Reasoning)
	text(&fs, "/reasoning", in.Reasoning, MaxReasoning, true, false)
	if strings.TrimSpace(in.Decider.ID) == "" || strings.TrimSpace(in.Decider.Name) == "" {
		fs.Add("/decider", CodeDeciderRequired)
	}
	if in.Decider.PointCode == "" || in.Decider.OrderID == "" || in.Decider.OrderNumber < 1 || in.Decider.ActingRole == "" {
		fs.Add("/decider/point_code", CodeDelegationProof)
	}
	in.Court = strings.TrimSpace(in.Court)
	if in.Court == "" {
		fs.Add("/court", CodeCourtRequired)
	}
	text(&fs, "/court", in.Court, MaxRequester, false, true)
	if len(in.Items) == 0 {
		fs.Add("/items", CodeItemsRequired)
	}
	partial, whole := false, false
	var items []int
	for i, no := range in.Items {
		it, ok := r.Item(no)
		switch {
		case !ok || slices.Contains(items, no):
			fs.Add("/items/"+strconv.Itoa(i), "disclosure_item_not_found")
			continue
		case it.Outcome == nil:
			whole = true
		case it.Outcome.Kind == OutcomeMasked && it.Outcome.Decision == 0:
			partial = true
		default: // released whole, refused, or masked with a decision already
			fs.Add("/items/"+strconv.Itoa(i), CodeItemNotRefusable)
		}
		items = append(items, no)
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Decision{}, err
	}
	d := Decision{No: len(r.Decisions) + 1, Items: items, Partial: partial && !whole, Lagrum: lagrum, Reasoning: in.Reasoning,
		DeciderID: in.Decider.ID, DeciderName: in.Decider.Name, ActingRole: in.Decider.ActingRole, ActingAs: in.Decider.ActingAs,
		PointCode: in.Decider.PointCode, OrderID: in.Decider.OrderID, OrderNumber: in.Decider.OrderNumber, OrderHash: in.Decider.OrderHash,
		Court: in.Court, DecidedAt: at, DecidedOn: platform.DateOf(at)}
	d.Digest = cases.Digest(string(r.Payload(d)))
	for _, no := range items {
		o := r.Items[no-1].Outcome
		if o == nil {
			r.Items[no-1].Outcome = &Outcome{Kind: OutcomeRefused, Lagrum: lagrum, Decision: d.No, DecidedBy: in.Decider.ID, DecidedAt: at}
			continue
		}
		o.Decision = d.No
	}
	r.Decisions = append(r.Decisions, d)
	r.complete(at)
	return d, nil
}

// Payload is the canonical JSON (RFC 8785) of what a refusal decision
// says: the request it answers, the handlingar, the grounds and the
// delegation it was taken under. Its SHA-256 is Decision.Digest, and it
// is what the decider signs.
func (r Request) Payload(d Decision) []byte {
	items := make([]map[string]any, 0, len(d.Items))
	for _, no := range d.Items {
		it, _ := r.Item(no)
		items = append(items, map[string]any{"no": no, "case_id": it.CaseID, "document_no": it.DocumentNo, "description": it.Description})
	}
	b, err := jcs.Marshal(map[string]any{
		"kind": "avslag_utlamnande", "request_id": r.ID, "board": r.Board, "received_at": r.ReceivedAt.UTC().Format(time.RFC3339Nano),
		"no": d.No, "items": items, "partial": d.Partial, "lagrum": d.Lagrum, "reasoning": d.Reasoning,
		"decider_id": d.DeciderID, "decider_name": d.DeciderName, "acting_role": d.ActingRole, "acting_as": d.ActingAs,
		"point_code": d.PointCode, "order_id": d.OrderID, "order_number": d.OrderNumber, "order_hash": d.OrderHash,
		"court": d.Court, "decided_at": d.DecidedAt.UTC().Format(time.RFC3339Nano),
	})
	if err != nil {
		panic("disclosure: payload: " + err.Error()) // only strings, ints and bools: cannot fail
	}
	return b
}

// Notify records the day the requester was notified of decision no: the
// appeal period starts then. It may not precede the decision, and is
// recorded once.
func (r *Request) Notify(no int, on platform.Date) error {
	if no < 1 || no > len(r.Decisions) {
		return ErrDecisionNotFound
	}
	d := &r.Decisions[no-1]
	var fs fault.Fields
	switch {
	case on.IsZero():
		fs.Add("/notified_on", CodeRequired)
	case on.Before(d.DecidedOn):
		fs.Add("/notified_on", CodeNotifiedEarly)
	case !d.NotifiedOn.IsZero():
		fs.Add("/notified_on", CodeAlreadyNotified)
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	d.NotifiedOn = on
	return nil
}

// AppealEnd is the last day to appeal: three weeks from the day the
// requester was notified (FL 44 §), moved to the next weekday under Lag
// (1930:173). It is false until the notification is recorded.
func (d Decision) AppealEnd() (platform.Date, bool) {
	if d.NotifiedOn.IsZero() {
		return platform.Date{}, false
	}
	return deadline.FLAppealEnd(d.NotifiedOn), true
}

// Besvarshanvisning returns the appeal instructions printed on the
// decision, in Swedish: to the kammarrätt, sent to the authority that
// decided, within three weeks from the day the requester was notified
// (OSL 6:8, FL 43–44 §§). authority is the deciding nämnd's name.
func (d Decision) Besvarshanvisning(authority string) string {
	var b strings.Builder
	b.WriteString("Hur man överklagar\n")
	b.WriteString("Beslutet kan överklagas hos " + d.Court + " (6 kap. 8 § offentlighets- och sekretesslagen). ")
	b.WriteString("Överklagandet ska vara skriftligt och skickas eller lämnas till " + authority + ", inte till kammarrätten. ")
	b.WriteString("Det måste ha kommit in inom tre veckor från den dag då du fick del av beslutet (44 § förvaltningslagen). ")
	if end, ok := d.AppealEnd(); ok {
		b.WriteString("Sista dag för överklagande är " + end.String() + ". ")
	}
	b.WriteString("Ange vilket beslut du överklagar, hur du vill att beslutet ska ändras och varför. ")
	b.WriteString("Om överklagandet har kommit in i rätt tid skickar " + authority + " det vidare till kammarrätten.")
	return b.String()
}
