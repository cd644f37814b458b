// Package disclosure models a request for allmän handling (begäran om
// utlämnande, TF 2 kap.): who asked (optionally — the requester may stay
// anonymous, TF 2:18), when, how and for what; for each handling asked for
// an outcome — lämnas ut, lämnas ut med maskering, or avslås — with the
// OSL provision (lagrum) behind every masking and refusal; the written
// refusal decision with its besvärshänvisning to kammarrätten (three
// weeks from notification, FL 44 §); the same-day target, the escalation
// after one working day, and the figures a revisor reads (handling times,
// refusals by lagrum).
//
// The package is pure: it never reads the clock or a store. Whether the
// decider may refuse under the delegationsordning is checked by workflow,
// like every decision; this package only requires the proof to be there.
//
//	mottagen ──(first outcome)──▶ under_handlaggning ──(last outcome)──▶ avslutad
//	    └───────────────(återkallad by the requester)──────────────────▶ aterkallad
package disclosure

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Channel is how a request reached the authority.
type Channel string

// The channels.
const (
	ChannelVisit  Channel = "besok"   // at the reception, to read on site (TF 2:15)
	ChannelPhone  Channel = "telefon" // by telephone
	ChannelEmail  Channel = "epost"   // by e-mail
	ChannelLetter Channel = "brev"    // by post
	ChannelWeb    Channel = "webb"    // by the web form
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelVisit, ChannelPhone, ChannelEmail, ChannelLetter, ChannelWeb}

// Form is how the requester wants the handling.
type Form string

// The forms of access.
const (
	FormOnSite Form = "pa_stallet" // to read on site: genast eller så snart som möjligt (TF 2:15)
	FormCopy   Form = "kopia"      // a copy: skyndsamt (TF 2:16)
)

// Status is where a request is.
type Status string

// The statuses.
const (
	StatusReceived  Status = "mottagen"           // registered, nothing decided yet
	StatusHandling  Status = "under_handlaggning" // some handlingar decided
	StatusDone      Status = "avslutad"           // every handling has an outcome
	StatusWithdrawn Status = "aterkallad"         // the requester withdrew it
)

// Requester is who asked, as far as they chose to say. Every field is
// optional: nobody has to say who they are or why they ask (TF 2:18),
// unless the authority needs it to try secrecy, and then only with the
// requester's consent.
type Requester struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"` // address, e-mail or telephone for the answer
}

// Item is one handling asked for, and its outcome once decided.
type Item struct {
	No int `json:"no"` // 1-based within the request
	// CaseID and DocumentNo point at the registered handling when it is
	// known; Description says what was asked for in the requester's words.
	CaseID      string   `json:"case_id,omitempty"`
	DocumentNo  int      `json:"document_no,omitempty"`
	Description string   `json:"description"`
	Outcome     *Outcome `json:"outcome,omitempty"`
}

// Request is a begäran om utlämnande av allmän handling: one document in
// the store, its items and decisions inside it.
type Request struct {
	ID           string     `json:"id"`
	Ref          string     `json:"ref"`   // the reference the board gives it, e.g. "ITN UB 2026/3"
	Board        string     `json:"board"` // the authority (nämnd) asked
	ReceivedAt   time.Time  `json:"received_at"`
	Channel      Channel    `json:"channel"`
	Form         Form       `json:"form"`
	Asked        string     `json:"asked"` // what is asked for, as the requester put it
	Requester    *Requester `json:"requester,omitempty"`
	Items        []Item     `json:"items"`
	Decisions    []Decision `json:"decisions,omitempty"` // written avslagsbeslut
	DelayReason  string     `json:"delay_reason,omitempty"`
	RegisteredBy string     `json:"registered_by"`
	RegisteredAt time.Time  `json:"registered_at"`
	CompletedAt  *time.Time `json:"completed_at,omitempty"` // when the last item got its outcome
	WithdrawnAt  *time.Time `json:"withdrawn_at,omitempty"`
	Version      int64      `json:"-"`
}

// Limits on request text, in characters.
const (
	MaxAsked       = 4000
	MaxDescription = 500
	MaxRequester   = 300
	MaxItems       = 200
)

// Registration is the input to register a request.
type Registration struct {
	Board      string
	ReceivedAt time.Time
	Channel    Channel
	Form       Form
	Asked      string
	Requester  *Requester
	Items      []ItemInput
}

// ItemInput is one handling asked for at registration.
type ItemInput struct {
	CaseID      string
	DocumentNo  int
	Description string
}

// Faults of requests.
var (
	ErrRequestNotFound  = fault.New(fault.NotFound, "disclosure_request_not_found")
	ErrItemNotFound     = fault.New(fault.NotFound, "disclosure_item_not_found")
	ErrAlreadyDecided   = fault.New(fault.Conflict, "disclosure_item_decided")
	ErrRequestClosed    = fault.New(fault.Conflict, "disclosure_request_closed")
	ErrDecisionNotFound = fault.New(fault.NotFound, "disclosure_decision_not_found")
)

// Field-error codes of requests (each a translation key).
const (
	CodeInvalidChannel  = "invalid_channel"
	CodeInvalidForm     = "invalid_access_form"
	CodeReceivedFuture  = "received_in_future"
	CodeItemsRequired   = "disclosure_items_required"
	CodeTooManyItems    = "too_many_items"
	CodeRequired        = "required"
	CodeTooLong         = "too_long"
	CodeInvalidDocument = "invalid_document_ref"
)

// New validates r and returns the request it registers, with every
// problem reported at once. now is the registration time; a request
// cannot be received after it.
func New(id string, r Registration, by string, now time.Time) (Request, error) {
	var fs fault.Fields
	r.Board = strings.TrimSpace(r.Board)
	r.Asked = strings.TrimSpace(r.Asked)
	if r.Board == "" {
		fs.Add("/board", CodeRequired)
	}
	if r.ReceivedAt.IsZero() {
		fs.Add("/received_at", CodeRequired)
	} else if r.ReceivedAt.After(now) {
		fs.Add("/received_at", CodeReceivedFuture)
	}
	if !validChannel(r.Channel) {
		fs.Add("/channel", CodeInvalidChannel)
	}
	if r.Form == "" {
		r.Form = FormCopy
	}
	if r.Form != FormCopy && r.Form != FormOnSite {
		fs.Add("/form", CodeInvalidForm)
	}
	text(&fs, "/asked", r.Asked, MaxAsked, true, false)
	if r.Requester != nil {
		r.Requester.Name = strings.TrimSpace(r.Requester.Name)
		r.Requester.Contact = strings.TrimSpace(r.Requester.Contact)
		text(&fs, "/requester/name", r.Requester.Name, MaxRequester, false, true)
		text(&fs, "/requester/contact", r.Requester.Contact, MaxRequester, false, true)
		if *r.Requester == (Requester{}) {
			r.Requester = nil // anonymous
		}
	}
	switch {
	case len(r.Items) == 0:
		fs.Add("/items", CodeItemsRequired)
	case len(r.Items) > MaxItems:
		fs.Add("/items", CodeTooManyItems)
	}
	req := Request{ID: id, Board: r.Board, ReceivedAt: r.ReceivedAt, Channel: r.Channel, Form: r.Form, Asked: r.Asked,
		Requester: r.Requester, RegisteredBy: by, RegisteredAt: now, Items: []Item{}}
	for i, it := range r.Items {
		p := "/items/" + strconv.Itoa(i)
		it.Description = strings.TrimSpace(it.Description)
		text(&fs, p+"/description", it.Description, MaxDescription, true, true)
		if it.DocumentNo < 0 || (it.DocumentNo > 0 && it.CaseID == "") {
			fs.Add(p+"/document_no", CodeInvalidDocument)
		}
		req.Items = append(req.Items, Item{No: i + 1, CaseID: it.CaseID, DocumentNo: it.DocumentNo, Description: it.Description})
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Request{}, err
	}
	return req, nil
}

func validChannel(c Channel) bool {
	for _, x := range Channels {
		if c == x {
			return true
		}
	}
	return false
}

// text checks a free-text field: required, length, and the fieldtext rule
// (line for one-line fields, block otherwise).
func text(fs *fault.Fields, field, s string, max int, required, line bool) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		fs.Add(field, CodeRequired)
	case n > max:
		fs.Add(field, CodeTooLong)
	}
	if line {
		fieldtext.Line(fs, field, s)
	} else {
		fieldtext.Block(fs, field, s)
	}
}

// Status returns where the request is.
func (r Request) Status() Status {
	if r.WithdrawnAt != nil {
		return StatusWithdrawn
	}
	decided := 0
	for _, it := range r.Items {
		if it.Outcome != nil {
			decided++
		}
	}
	switch {
	case decided == 0:
		return StatusReceived
	case decided < len(r.Items):
		return StatusHandling
	}
	return StatusDone
}

// Item returns item no of the request.
func (r Request) Item(no int) (Item, bool) {
	if no < 1 || no > len(r.Items) {
		return Item{}, false
	}
	return r.Items[no-1], true
}

// Withdraw records that the requester withdrew the request. A request
// that is done or already withdrawn cannot be withdrawn.
func (r *Request) Withdraw(at time.Time) error {
	if s := r.Status(); s == StatusDone || s == StatusWithdrawn {
		return ErrRequestClosed
	}
	r.WithdrawnAt = &at
	return nil
}

// SetDelayReason records why the request could not be answered the same
// day (a secrecy review, the volume asked for): JO accepts a delay of
// days only with a reason.
func (r *Request) SetDelayReason(reason string) error {
	var fs fault.Fields
	reason = strings.TrimSpace(reason)
	text(&fs, "/delay_reason", reason, MaxDescription, true, true)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	r.DelayReason = reason
	return nil
}

// received is the Stockholm date the request came in.
func (r Request) received() platform.Date { return platform.DateOf(r.ReceivedAt) }
