// Package meeting models the board's sammanträde: who sits and serves,
// the föredragningslista, the protocol's paragraphs (numbered per board
// and year, gapless), justering by the chair and the appointed
// justerare, and the notices on the member municipalities' digital
// anslagstavlor that start the appeal period. One meeting is one
// document; its paragraphs, signatures and notices live inside it.
package meeting

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// Status is where a meeting is in its life.
type Status string

// Meeting statuses.
const (
	StatusPlanned  Status = "planerat" // agenda being prepared
	StatusOpen     Status = "pagaende" // the meeting is running
	StatusClosed   Status = "avslutat" // closed, awaiting justering
	StatusJusterad Status = "justerat" // every required signature given: immutable
)

// Seat is a member of the board at the meeting.
type Seat struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"` // ordforande, vice_ordforande, ledamot, ersattare
	Present  bool   `json:"present"`
	// ServesFor is the ledamot an ersättare serves for (tjänstgör).
	ServesFor string `json:"serves_for,omitempty"`
	// Party and CallIn are the seat's party and an ersättare's place in
	// the call-in order, for seats taken from the board's mandat.
	Party  string `json:"party,omitempty"`
	CallIn int    `json:"call_in,omitempty"`
}

// Member reports whether the seat is a ledamot (the chair and vice chair
// are ledamöter too).
func (s Seat) Member() bool { return s.Role != "ersattare" }

// AgendaItem is one item of the föredragningslista.
type AgendaItem struct {
	Kind string `json:"kind"` // "case", "delegation_report" or "formal" (KindFormal)
	// Formal is the key of a standard item (FormalOpening, …) of kind
	// KindFormal.
	Formal             string `json:"formal,omitempty"`
	CaseID             string `json:"case_id,omitempty"`
	RegistrationNumber string `json:"registration_number,omitempty"`
	Title              string `json:"title"`
	// Decisions is the list a meeting planned before anmälan was taken at
	// the paragraph kept; it is not used: the § reports what is pending
	// when it is recorded.
	Decisions []string `json:"decisions,omitempty"`
	// Extra is set for an ärende taken up at the meeting, by the board's
	// decision, after the föredragningslista was sent out (extra ärende).
	Extra   bool       `json:"extra,omitempty"`
	AddedBy string     `json:"added_by,omitempty"` // who put the item on the agenda after planning
	AddedAt *time.Time `json:"added_at,omitempty"`
}

// Outcome of a paragraph.
type Outcome string

// Paragraph outcomes.
const (
	OutcomeApproved Outcome = "bifall"       // the proposal is approved
	OutcomeRejected Outcome = "avslag"       // the proposal is rejected
	OutcomeReferred Outcome = "aterremiss"   // sent back for more preparation
	OutcomeTabled   Outcome = "bordlaggning" // postponed to a later meeting
	OutcomeReported Outcome = "anmalan"      // delegation decisions reported
)

// Vote is one member's vote in a votering.
type Vote struct {
	Username string `json:"username"`
	Vote     string `json:"vote"` // ja, nej, avstar
}

// Reservation is announced at the meeting; written reasons are due before
// justering.
type Reservation struct {
	Username string `json:"username"`
	Reason   string `json:"reason,omitempty"`
}

// Paragraph is one § of the protocol.
type Paragraph struct {
	No                 int           `json:"no"` // § number, per board and year
	Kind               string        `json:"kind"`
	CaseID             string        `json:"case_id,omitempty"`
	RegistrationNumber string        `json:"registration_number,omitempty"`
	Title              string        `json:"title"`
	Proposals          []string      `json:"proposals,omitempty"` // yrkanden
	Outcome            Outcome       `json:"outcome"`
	Clauses            []string      `json:"clauses,omitempty"` // the decided att-satser
	Votes              []Vote        `json:"votes,omitempty"`
	Reservations       []Reservation `json:"reservations,omitempty"`
	Jav                []string      `json:"jav,omitempty"` // members who left the room
	// JavSubstitutes are the ersättare who served at this § in place of
	// a member who left it for jäv.
	JavSubstitutes []JavSubstitute `json:"jav_substitutes,omitempty"`
	Serving        []string        `json:"serving"`             // who served at this paragraph
	Decisions      []string        `json:"decisions,omitempty"` // reported delegation decisions
	// Unsigned lists the reported decisions the decider had not signed
	// when they were reported ("ej signerat").
	Unsigned []string `json:"unsigned,omitempty"`
	// Extra marks an ärende taken up at the meeting by the board's decision
	// (extra ärende), not on the föredragningslista sent out.
	Extra       bool      `json:"extra,omitempty"`
	Secret      bool      `json:"secret"`    // sekretess: not on the public anslagstavla
	Immediate   bool      `json:"immediate"` // omedelbar justering requested
	RecordedAt  time.Time `json:"recorded_at"`
	RecordedBy  string    `json:"recorded_by"`
	CaseApplied bool      `json:"case_applied"` // the outcome reached the case
}

// ProtocolSignature is one justering signature.
type ProtocolSignature struct {
	Username  string            `json:"username"`
	Role      string            `json:"role"` // ordforande or justerare
	Signature signing.Signature `json:"signature"`
}

// NoticeBoard is a municipality whose anslagstavla must carry the
// announcement of the protocol's justering (KL 8:12): for a gemensam
// nämnd every cooperating municipality (KL 13:5), else the board's own.
type NoticeBoard struct {
	Member     string `json:"member"` // member code (kommunkod)
	MemberName string `json:"member_name"`
}

// Notice is the announcement of the justering on one member
// municipality's digital anslagstavla.
type Notice struct {
	Member     string        `json:"member"` // member code
	MemberName string        `json:"member_name"`
	PostedOn   platform.Date `json:"posted_on"`
	StaysUntil platform.Date `json:"stays_until"` // through the appeal period (once it is known)
	Location   string        `json:"location"`    // where the protocol is kept
	Late       bool          `json:"late"`        // later than the second day after justering
	// Entry records who typed the posting date in and when (nil on
	// notices posted before entries were kept).
	Entry *DateEntry `json:"entry,omitempty"`
}

// Appeal is a laglighetsprövning registered against the meeting's
// decisions.
type Appeal struct {
	ReceivedOn platform.Date `json:"received_on"`
	Court      string        `json:"court"`
	Paragraph  int           `json:"paragraph,omitempty"`
	By         string        `json:"by"`
}

// Recording is a claim on an agenda item while its paragraph is being
// recorded: it is written before the § number is drawn, so two recordings
// of the same item (two secretaries, or a client's retry) cannot both draw
// a number. A claim older than RecordingClaimTTL is stale (its request
// died) and no longer blocks the item.
type Recording struct {
	Item int       `json:"item"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// RecordingClaimTTL is how long a claim on an agenda item blocks others.
const RecordingClaimTTL = 2 * time.Minute

// Recorded returns the paragraph an agenda item was recorded as, if any.
func (m Meeting) Recorded(item AgendaItem) (Paragraph, bool) {
	if item.Kind == KindFormal {
		return Paragraph{}, false // a standard item draws no §
	}
	for _, p := range m.Paragraphs {
		if (item.Kind == "case" && p.CaseID == item.CaseID) || (item.Kind == "delegation_report" && p.Kind == item.Kind) {
			return p, true
		}
	}
	return Paragraph{}, false
}

// Meeting is one sammanträde.
type Meeting struct {
	ID        string        `json:"id"`
	Board     string        `json:"board"`
	Year      int           `json:"year"`
	StartsAt  time.Time     `json:"starts_at"`
	Date      platform.Date `json:"date"`
	Place     string        `json:"place"`
	Status    Status        `json:"status"`
	Seats     []Seat        `json:"seats"`
	Justerare []string      `json:"justerare"` // appointed justerare (usernames)
	// JusteringPlanned is the day the board set for the justering (tid
	// för justering), zero when none was set.
	JusteringPlanned platform.Date `json:"justering_planned"`
	// OpenedAt and ClosedAt are when the meeting was opened and closed.
	OpenedAt   *time.Time          `json:"opened_at,omitempty"`
	ClosedAt   *time.Time          `json:"closed_at,omitempty"`
	Agenda     []AgendaItem        `json:"agenda"`
	Paragraphs []Paragraph         `json:"paragraphs"`
	Recording  []Recording         `json:"recording,omitempty"` // items being recorded now
	Signatures []ProtocolSignature `json:"signatures,omitempty"`
	Digest     string              `json:"digest,omitempty"` // SHA-256 of the signed protocol
	JusteredOn platform.Date       `json:"justered_on"`
	// JusteringEntry records who entered the justering date and when, once
	// the secretary has entered it (nil while it is the day of the last
	// signature).
	JusteringEntry *DateEntry `json:"justering_entry,omitempty"`
	// NoticeBoards are the anslagstavlor the justering must be announced
	// on; the appeal period runs only once every one carries it.
	NoticeBoards []NoticeBoard `json:"notice_boards,omitempty"`
	Notices      []Notice      `json:"notices,omitempty"`
	AppealEnd    platform.Date `json:"appeal_end"`
	LagaKraftOn  platform.Date `json:"laga_kraft_on"`
	Appeals      []Appeal      `json:"appeals,omitempty"`
	Public       bool          `json:"public"` // on the public anslagstavla (has notices)
	CreatedBy    string        `json:"created_by"`
	// Kallelser are the sendings of the kallelse, oldest first
	// (RecordKallelse); Log is the meeting's record chain of them.
	Kallelser []Kallelse   `json:"kallelser,omitempty"`
	Log       adminlog.Log `json:"log,omitempty"`
	Version   int64        `json:"-"`
}

// DateEntry records that a person entered a date (one that happened on
// paper, or on another day than it was typed in): who and when, and
// whether that was on another day than the date itself.
type DateEntry struct {
	By        string    `json:"by"`
	At        time.Time `json:"at"`
	Backdated bool      `json:"backdated"`
}

// Quorum reports whether more than half of the board's ledamöter serve
// (present ledamöter plus ersättare serving for absent ones).
// An ersättare stepping in for a member who left for jäv (subs) serves
// at that paragraph.
func (m Meeting) Quorum(jav []string, subs ...JavSubstitute) (serving, members int, ok bool) {
	serving = len(subs)
	for _, s := range m.Seats {
		if s.Member() {
			members++
		}
		if !s.Present || contains(jav, s.Username) {
			continue
		}
		if s.Member() || s.ServesFor != "" {
			serving++
		}
	}
	return serving, members, serving*2 > members
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Storer is what meetings need from storage.
type Storer interface {
	InsertMeeting(ctx context.Context, m Meeting) (Meeting, error)
	GetMeeting(ctx context.Context, id string) (Meeting, error)
	UpdateMeeting(ctx context.Context, m Meeting) (Meeting, error)
	// MeetingPage returns one window (offset, limit) of a board's
	// meetings, newest first, and how many the board has.
	MeetingPage(ctx context.Context, board string, offset, limit int) ([]Meeting, int64, error)
	// PublicPage returns one window (offset, limit) of every board's
	// meetings announced on the public anslagstavla, newest first, and
	// how many there are.
	PublicPage(ctx context.Context, offset, limit int) ([]Meeting, int64, error)
	// Posted returns every board's meetings whose justering is on the
	// public anslagstavla on today by law (appeal period not over, or not
	// begun), newest first.
	Posted(ctx context.Context, today platform.Date) ([]Meeting, error)
	// TakenDown returns one window (offset, limit) of every board's
	// announced meetings whose appeal period ended before today, newest
	// first, and how many there are.
	TakenDown(ctx context.Context, today platform.Date, offset, limit int) ([]Meeting, int64, error)
	NextParagraph(ctx context.Context, board string, year int) (int64, error)
	// MeetingsHandling returns the meetings with a paragraph on any of
	// the ärenden, newest first, from an index (not the boards' meetings).
	MeetingsHandling(ctx context.Context, caseIDs ...string) ([]Meeting, error)
	// MeetingsCalling returns the meetings one of whose kallelser carried
	// the ärende, newest first, from the same index.
	MeetingsCalling(ctx context.Context, caseID string) ([]Meeting, error)
	// ListJusterade returns one window (offset, limit) of a board's
	// justerade meetings in start order (then id), and how many there are.
	ListJusterade(ctx context.Context, board string, offset, limit int) ([]Meeting, int64, error)
	// LatestJusterad returns the board's justerat meeting that starts
	// last before the instant before (any, when zero), or false.
	LatestJusterad(ctx context.Context, board string, before time.Time) (Meeting, bool, error)
	// MeetingsFrom returns up to limit of the board's meetings held on or
	// after from, earliest first.
	MeetingsFrom(ctx context.Context, board string, from platform.Date, limit int) ([]Meeting, error)
	// Unpublished returns every board's meetings not on the public
	// anslagstavla held from from through to, earliest first.
	Unpublished(ctx context.Context, from, to platform.Date) ([]Meeting, error)
	// OpenWork returns the board's held meetings with work open on today:
	// closed, justerade and not announced, or announced with an appeal
	// period not over (or not begun); newest first.
	OpenWork(ctx context.Context, board string, today platform.Date) ([]Meeting, error)
	// Appealed returns the board's announced meetings with an appeal
	// recorded, newest first.
	Appealed(ctx context.Context, board string) ([]Meeting, error)
}

// Faults of meetings.
var (
	ErrMeetingNotFound = fault.New(fault.NotFound, "meeting_not_found")
	ErrNoQuorum        = fault.New(fault.Unprocessable, "no_quorum")
	ErrImmutable       = fault.New(fault.Conflict, "protocol_justerat")
	ErrNotJusterare    = fault.New(fault.Forbidden, "not_justerare")
	ErrWrongStatus     = fault.New(fault.Unprocessable, "meeting_status")
	// ErrBeforeMeeting: the meeting cannot be opened, nor its protocol
	// justerat, before the day of the meeting.
	ErrBeforeMeeting = fault.New(fault.Unprocessable, "before_meeting_date")
)
