package oparl

import (
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// The input structs are Samstyr's data in the shape the OParl objects need,
// independent of how the stores keep it. domain.go fills them from
// boards, users, meetings and ärenden, applying the public policy; the
// builders apply it again (a non-public input never becomes an object).

// BoardIn is a nämnd.
type BoardIn struct {
	Code         string // also the diarienummer prefix, e.g. "ITN"
	Name         string
	Organisation string // the (host) municipality
	Kind         string // namnd or gemensam_namnd
	Members      []MemberIn
	Created      time.Time
	Modified     time.Time
}

// MemberIn is a member municipality of a gemensam nämnd.
type MemberIn struct {
	Code, Name string
	Host       bool
}

// PersonIn is an elected member with at least one seat.
type PersonIn struct {
	ID          string // stable and opaque (never the login name)
	Name        string
	Memberships []MembershipIn
	Created     time.Time
	Modified    time.Time
}

// MembershipIn is a seat on a board for a period.
type MembershipIn struct {
	Board    string
	Role     string // ordforande, vice_ordforande, ledamot, ersattare
	From, To platform.Date
}

// MeetingIn is a sammanträde.
type MeetingIn struct {
	ID         string
	Board      string
	StartsAt   time.Time
	Date       platform.Date
	Place      string
	Justerad   bool // only a justerat protocol is public
	JusteredOn platform.Date
	Justerare  []string // names
	Present    []ParticipantIn
	Paragraphs []ParagraphIn
	Notices    []NoticeIn
	AppealEnd  platform.Date
	Appealed   bool
	Protocol   *FileIn // the public protocol, without secret paragraphs
	Created    time.Time
	Modified   time.Time
}

// ParticipantIn is someone who served at the meeting.
type ParticipantIn struct {
	PersonID string // "" for someone who is not a Person (an official)
	Name     string
}

// NoticeIn is an anslag on one member municipality's anslagstavla.
type NoticeIn struct {
	MemberCode, MemberName string
	PostedOn, StaysUntil   platform.Date
	Late                   bool
}

// ParagraphIn is one § of the protocol.
type ParagraphIn struct {
	No     int
	Kind   string // case or delegation_report
	Title  string
	Secret bool // marked secret in the protocol: never published
	// CaseSecret and TitleSpans come from the ärende: a
	// sekretessmarkerat ärende's title is masked as marked.
	CaseSecret   bool
	TitleSpans   []public.Span
	CaseID       string
	Reference    string // diarienummer
	PaperPublic  bool   // the ärende is published as a Paper
	Outcome      string
	Clauses      []string
	Immediate    bool
	Votes        []VoteIn
	Reservations []ReservationIn
	Reported     []DecisionIn // for a delegation_report paragraph
	RecordedAt   time.Time
}

// VoteIn is a member's vote.
type VoteIn struct {
	PersonID, Name, Vote string
}

// ReservationIn is a member's reservation.
type ReservationIn struct {
	PersonID, Name, Reason string
}

// DecisionIn is a delegationsbeslut or ordförandebeslut.
type DecisionIn struct {
	ID           string
	CaseID       string
	Reference    string
	CaseTitle    string
	CaseSecret   bool
	TitleSpans   []public.Span
	PaperPublic  bool
	Kind         string // delegation or urgent
	Clauses      []string
	DeciderName  string
	ActingRole   string
	ActingAs     string
	Point        string
	OrderID      string
	OrderVersion int
	DecidedOn    platform.Date
	Signed       bool
	Reported     bool
	ReportedIn   string
	ReportedAt   time.Time
}

// PaperIn is an ärende.
type PaperIn struct {
	ID           string
	Board        string
	Reference    string
	Title        string
	Public       bool // not secret, not makulerat (public.Case)
	RegisteredOn platform.Date
	State        string
	Memo         *FileIn
	Files        []FileIn
	Decisions    []DecisionIn
	Handled      []HandledIn // the paragraphs that dealt with it
	Created      time.Time
	Modified     time.Time
}

// HandledIn is a paragraph of a justerat protocol that dealt with an
// ärende.
type HandledIn struct {
	MeetingID string
	Board     string
	No        int
	Outcome   string
}

// FileIn is a file that may be published.
type FileIn struct {
	Key       string // "memo", a handling's löpnummer, or "protokoll"
	Name      string
	FileName  string
	MimeType  string
	Date      platform.Date
	Size      int64
	SHA256    string
	Direction string
	Public    bool // allmän and not secret (public.Document, public.Memo)
	Created   time.Time
	Modified  time.Time
}
