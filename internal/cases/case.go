// Package cases models the ärende: its registration (diarieföring) with a
// diarienummer, its handlingar, its tjänsteskrivelse revisions, its
// lifecycle state, and its tamper-evident history, a hash chain whose
// newest events are kept inside the case document so every change and its
// event are written in one single-document update (older events move to
// archive blocks, see Split).
package cases

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// State is a lifecycle state of an ärende (see workflow for the machine).
type State string

// The states. Swedish labels for display live in internal/i18n
// ("state.<id>").
const (
	StateRegistered State = "registrerad"     // registrerat
	StatePreparing  State = "under_beredning" // under beredning
	StateReady      State = "beslutsklar"     // klart för beslut
	StateDecided    State = "beslutad"        // beslutat
	StateExecuted   State = "verkstalld"      // verkställt
	StateClosed     State = "avslutad"        // avslutat
	StateArchived   State = "arkiverad"       // arkiverat
	StateReferred   State = "aterremitterad"  // återremitterat
	StateTabled     State = "bordlagd"        // bordlagt
	StateVoided     State = "makulerad"       // makulerat
)

// Case is one ärende: one document in the store, history included.
type Case struct {
	ID                 string `json:"id"`
	Board              string `json:"board"`
	Year               int    `json:"year"`
	Seq                int64  `json:"seq"`
	RegistrationNumber string `json:"registration_number"` // diarienummer, "ITN 2026/14"
	Title              string `json:"title"`               // ärendemening
	TitleFolded        string `json:"title_folded"`        // lower-cased title for search
	// PublicText is what the public e-diarium searches: the text of the
	// ärende's public registry entry (public.SearchText), secret parts
	// masked. The store sets it at every write.
	PublicText string `json:"public_text"`
	// Public is public.Case of the ärende (registered, not makulerat,
	// without sekretessmarkering): the index behind a board's list in the
	// open decision API (OParl). The store sets it at every write.
	Public      bool     `json:"public"`
	Class       string   `json:"class,omitempty"`       // ärendegrupp / klassificering
	Counterpart string   `json:"counterpart,omitempty"` // motpart (avsändare/mottagare)
	Description string   `json:"description,omitempty"` // kort beskrivning
	Secrecy     *Secrecy `json:"secrecy,omitempty"`     // sekretessmarkering
	OfficerID   string   `json:"officer_id"`            // handläggare
	CreatedBy   string   `json:"created_by"`
	// RequestKey is the key the registering request carried (see
	// Registration.RequestKey), empty without one. The store keeps at
	// most one case per creator and key.
	RequestKey   string        `json:"request_key,omitempty"`
	RegisteredOn platform.Date `json:"registered_on"` // registreringsdatum
	RegisteredAt time.Time     `json:"registered_at"`
	RegisteredNS int64         `json:"registered_ns"` // RegisteredAt in Unix ns: a sort key that sorts as a number
	UpdatedAt    time.Time     `json:"updated_at"`
	// UpdatedNS is UpdatedAt in Unix ns: the index behind the open
	// decision API's modified filter. The store sets it at every write.
	UpdatedNS       int64            `json:"updated_ns"`
	State           State            `json:"state"`
	FSMVersion      int              `json:"fsm_version"` // the lifecycle definition the case runs on
	VoidReason      string           `json:"void_reason,omitempty"`
	Documents       []Document       `json:"documents"`
	Memo            *MemoHead        `json:"memo,omitempty"`
	Decisions       []Decision       `json:"decisions,omitempty"`
	HasDecisions    bool             `json:"has_decisions"` // index for the audit projection's catch-up
	HasJav          bool             `json:"has_jav"`       // index for the jäv register
	JavDeclarations []JavDeclaration `json:"jav,omitempty"`
	// Notifications are the delgivningar of the case's decisions, per
	// party; Appeals the överklaganden registered against them.
	Notifications []Notification `json:"notifications,omitempty"`
	Appeals       []Appeal       `json:"appeals,omitempty"`
	// PendingReport is true while a decision that must be reported to the
	// board, signed or not, is not yet reported: the index behind the
	// board's list of pending anmälningar.
	PendingReport bool `json:"pending_report"`
	// Delivery records the SIP's receipt by the e-archive; a delivered
	// case is read-only (see archival.go).
	Delivery *Delivery `json:"delivery,omitempty"`
	// AwaitingSignatureBy is the username of the first decider whose
	// decision on this case is not yet signed: the index behind the
	// signing inbox ("" when every decision is signed).
	AwaitingSignatureBy string `json:"awaiting_signature_by"`
	// Submission is the person the handläggare sent the memo to when the
	// case became beslutsklar: a beslutsfattare or the sekreterare (nil:
	// submitted to no one by name). AwaitingDecisionBy indexes it: the
	// recipient's username while the case is beslutsklar, else "".
	Submission         *Submission `json:"submission,omitempty"`
	AwaitingDecisionBy string      `json:"awaiting_decision_by"`
	// Recalc lists decisions whose budget impact awaits recalculation of
	// the cost allocation; RecalcPending indexes it.
	Recalc        []RecalcTask `json:"recalc,omitempty"`
	RecalcPending bool         `json:"recalc_pending"`
	// History is the case's hash chain. In the stored document it holds
	// only the events after ArchivedThrough (the newest at least); the
	// older ones are in archive blocks (see Split). Get returns it whole.
	History []Event `json:"history"`
	// ArchivedThrough is the number of leading events kept in archive
	// blocks instead of the document (0: all are in the document, as in
	// documents written before archiving existed).
	ArchivedThrough int `json:"archived_through,omitempty"`
	// StoredSeq is the seq of the newest event the stored document held
	// when the case was read (set by the store, not stored). Split
	// archives no event after it: a block never holds an event whose own
	// write may still fail.
	StoredSeq int `json:"-"`
	// StoredFrom is the seq of the first event the stored document held
	// when the case was read (set by the store, not stored; 0 for a case
	// not read from the store, -1 for a stored document without events).
	// A sound document starts right after its archived events:
	// StoredFrom == ArchivedThrough+1.
	StoredFrom int `json:"-"`
	// ArchiveMismatch is the seq of an archived event beyond
	// ArchivedThrough that differs from the document's event of the same
	// seq (set by Merge, not stored; 0: none); Verify reports it.
	ArchiveMismatch int   `json:"-"`
	Version         int64 `json:"-"`
}

// ArchiveSound reports whether a case read from the store is consistent
// with its archive mark: the document's events start right after the
// archived ones. A document whose archived_through was changed by hand
// must not be written again (Split would drop the events it claims are
// archived), and Verify reports it.
func (c Case) ArchiveSound() bool {
	return c.StoredFrom == 0 || c.StoredFrom == c.ArchivedThrough+1
}

// Submission records to whom a memo was submitted (beslutsklar): the
// recipient, the role on the board that made them one, and who sent it
// when.
type Submission struct {
	To     string        `json:"to"`      // the recipient's username
	ToName string        `json:"to_name"` // the recipient's name
	Role   string        `json:"role"`    // e.g. "ordforande", "sekreterare"
	By     string        `json:"by"`      // the handläggare's username
	At     time.Time     `json:"at"`
	On     platform.Date `json:"on"` // the day, in Europe/Stockholm
}

// Secrecy is a sekretessmarkering: the OSL provision and the date it was
// marked, and the parts of the ärendemening (or of the handling's
// description) the registrator marked as secret, which the public
// registry shows masked (internal/public). The marking alone decides
// nothing; secrecy is tried per request.
type Secrecy struct {
	Reference string        `json:"reference"` // e.g. "OSL 21 kap. 1 §"
	Date      platform.Date `json:"date"`
	Parts     []Span        `json:"parts,omitempty"` // runes of the title or description; none: all of it is secret
}

// Direction tells incoming, outgoing and internal handlingar apart.
type Direction string

// Directions of a handling.
const (
	DirIncoming Direction = "inkommande"
	DirOutgoing Direction = "utgaende"
	DirInternal Direction = "upprattad" // internal, created by the authority
)

// Document is a handling registered on the case. The file itself lives in
// chunked blob documents; the case keeps its digest.
type Document struct {
	No          int           `json:"no"` // löpnummer within the case
	Direction   Direction     `json:"direction"`
	Date        platform.Date `json:"date"`
	Party       string        `json:"party,omitempty"` // avsändare or mottagare
	Description string        `json:"description"`
	FileName    string        `json:"file_name"`
	ContentType string        `json:"content_type"`
	// Format names the record format found in the bytes ("PDF/A-2b",
	// "PDF 1.7", "DOCX", …); Archival is set when that format is kept
	// for preservation as it is (PDF/A). Both are empty on handlingar
	// registered before formats were recorded.
	Format   string    `json:"format,omitempty"`
	Archival bool      `json:"archival,omitempty"`
	Size     int64     `json:"size"`
	SHA256   string    `json:"sha256"`
	BlobID   string    `json:"blob_id"`
	Secrecy  *Secrecy  `json:"secrecy,omitempty"`
	AddedBy  string    `json:"added_by"`
	AddedAt  time.Time `json:"added_at"`
	// Weeding is set when gallring removed the file (its blob); the
	// metadata and SHA-256 above stay (see archival.go).
	Weeding *Weeding `json:"weeding,omitempty"`
	// MaskedVersionOf is the löpnummer of the handling this one is a
	// masked copy of (maskad version, FGS/ERMS is_redacted_version_of),
	// made to release it under TF 2 kap. with its secret parts removed; 0
	// for an original.
	MaskedVersionOf int `json:"masked_version_of,omitempty"`
}

// MemoHead is the case's pointer to its tjänsteskrivelse: the latest
// revision and every earlier one (the revisions are separate immutable
// documents).
type MemoHead struct {
	Revision          int            `json:"revision"`
	Digest            string         `json:"digest"`
	Complete          bool           `json:"complete"`
	Missing           []string       `json:"missing,omitempty"`       // sections still empty
	BudgetImpact      []BudgetImpact `json:"budget_impact,omitempty"` // of the latest revision
	Revisions         []RevisionRef  `json:"revisions"`
	UpprattadAt       *time.Time     `json:"upprattad_at,omitempty"` // became allmän handling
	UpprattadRevision int            `json:"upprattad_revision,omitempty"`
	UpprattadReason   string         `json:"upprattad_reason,omitempty"` // "expedierad" or "arendet_avslutat"
}

// RevisionRef points at one memo revision document.
type RevisionRef struct {
	No        int       `json:"no"`
	ID        string    `json:"id"`
	Digest    string    `json:"digest"`
	AuthorID  string    `json:"author_id"`
	CreatedAt time.Time `json:"created_at"`
}

// Filter selects cases for a list. Zero fields do not filter.
type Filter struct {
	Board     string
	Boards    []string // set by workflow: the boards the reader may see (nil = all)
	State     State
	OfficerID string
	Query     string // words in the ärendemening
	Page      int    // 1-based
	PerPage   int
}

// RegistryFilter selects entries of the public registry (the e-diarium):
// registered, not makulerade ärenden. Zero fields do not filter.
type RegistryFilter struct {
	Boards   []string      // nil: every board
	Text     string        // words of the public entry (Case.PublicText)
	From, To platform.Date // registration date, both inclusive
	Page     int           // 1-based
	PerPage  int
}

// Storer is what cases need from storage. Update is version-guarded
// (fault.ErrVersionConflict when stale).
type Storer interface {
	NextNumber(ctx context.Context, board string, year int) (int64, error)
	Insert(ctx context.Context, c Case) (Case, error)
	// Get returns the case with its whole history (archived events
	// merged in).
	Get(ctx context.Context, id string) (Case, error)
	// GetHead returns the case document as stored: History holds only the
	// events after ArchivedThrough. It is enough to append an event and
	// write the case; Complete fills in the rest.
	GetHead(ctx context.Context, id string) (Case, error)
	// Complete returns c with its whole history (c itself when it is
	// already whole).
	Complete(ctx context.Context, c Case) (Case, error)
	GetByNumber(ctx context.Context, registrationNumber string) (Case, error)
	// GetByRequest returns the case userID registered with the request
	// key (fault.ErrNotFound when there is none).
	GetByRequest(ctx context.Context, userID, key string) (Case, error)
	// Update writes c if its version is current: first the history blocks
	// Split says are due (insert-if-absent), then the document. It returns
	// c with its new version, its history in the form given (whole or
	// tail).
	Update(ctx context.Context, c Case) (Case, error)
	List(ctx context.Context, f Filter) ([]Case, int64, error)
	// ListRegistry returns one page of the public registry, newest
	// registration first, and the number of matches. The cases are
	// documents as stored (History holds the tail only).
	ListRegistry(ctx context.Context, f RegistryFilter) ([]Case, int64, error)
	// ListPublic returns one window (offset, limit) of a board's public
	// ärenden (registered, not makulerade, without sekretessmarkering) in
	// the order of the open decision API (registration date, diarienummer,
	// id), registered within [from, to] where those are set, and how many
	// there are. The cases are documents as stored (History holds the
	// tail only).
	ListPublic(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]Case, int64, error)
	// ListPublicModified returns a board's public ärenden last changed
	// within [from, to] where those are set (all of them, in no order).
	// The cases are documents as stored.
	ListPublicModified(ctx context.Context, board string, from, to time.Time) ([]Case, error)
	// ListBy returns the cases whose indexed field equals value
	// (awaiting_signature_by, awaiting_decision_by).
	ListBy(ctx context.Context, field, value string) ([]Case, error)
	// ListPendingReports returns a board's cases with a decision not yet
	// reported (pending_report).
	ListPendingReports(ctx context.Context, board string) ([]Case, error)
	// ListJav returns the cases with jäv declarations on the given
	// boards (nil: every board).
	ListJav(ctx context.Context, boards []string) ([]Case, error)
	// ListRecalcPending returns the cases with recalculation tasks: the
	// board's, or every board's when board is "".
	ListRecalcPending(ctx context.Context, board string) ([]Case, error)
	InsertRevision(ctx context.Context, r MemoRevision) error
	GetRevision(ctx context.Context, id string) (MemoRevision, error)
	PutBlob(ctx context.Context, id string, data []byte) error
	GetBlob(ctx context.Context, id string, size int64) ([]byte, error)
}

// Faults returned by this package and workflow.
var (
	ErrCaseNotFound     = fault.New(fault.NotFound, "case_not_found")
	ErrDocumentNotFound = fault.New(fault.NotFound, "document_not_found")
	ErrRevisionNotFound = fault.New(fault.NotFound, "revision_not_found")
	ErrNumberTaken      = fault.New(fault.Conflict, "registration_number_taken")
	// ErrRequestKeyTaken: Insert found a case of the same creator
	// holding the request key already (a concurrent registration of the
	// same request won).
	ErrRequestKeyTaken = fault.New(fault.Conflict, "request_key_taken")
	// ErrRequestKeyInvalid: a request key that is too long or not
	// printable ASCII.
	ErrRequestKeyInvalid = fault.New(fault.Unprocessable, "invalid_request_key")
	// ErrRequestKeyReused: the request key was used for another
	// registration (other content) by the same person.
	ErrRequestKeyReused = fault.New(fault.Unprocessable, "request_key_reused")
)
