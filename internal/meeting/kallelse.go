package meeting

import (
	"slices"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
)

// Kallelse is one sending of the kallelse with the föredragningslista
// and its handlingar to every seat holder of the meeting's day: the first
// (No 1), or a kompletterande kallelse sent after the agenda changed.
// Sendings are never removed or changed: each is recorded in the
// meeting's Log in the same versioned update.
type Kallelse struct {
	No         int          `json:"no"`
	SentAt     time.Time    `json:"sent_at"`
	SentBy     string       `json:"sent_by"`
	SentByName string       `json:"sent_by_name"`
	Recipients []Recipient  `json:"recipients"`
	Items      []CalledItem `json:"items"`
}

// Recipient is a seat holder the kallelse went to.
type Recipient struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"` // ordforande, vice_ordforande, ledamot, ersattare
}

// CalledItem is one item of the föredragningslista as sent, with the
// handlingar that went with an ärende and those that did not (Withheld,
// each with its reason), so nothing is left out silently.
type CalledItem struct {
	Kind               string     `json:"kind"`
	CaseID             string     `json:"case_id,omitempty"`
	RegistrationNumber string     `json:"registration_number,omitempty"`
	Title              string     `json:"title"`
	Handlingar         []Handling `json:"handlingar,omitempty"`
	Withheld           []Handling `json:"withheld,omitempty"`
}

// Handling kinds of a kallelse.
const (
	HandlingMemo     = "tjansteskrivelse" // a revision of the tjänsteskrivelse (No is the revision)
	HandlingDocument = "handling"         // a registered handling (No is its löpnummer)
)

// Reasons a handling did not go with the kallelse.
const (
	WithheldSecret = "sekretess" // marked secret (OSL)
	WithheldWeeded = "gallrad"   // its file was removed by gallring
	WithheldNoMemo = "saknas"    // the ärende has no tjänsteskrivelse
)

// Handling is a handling sent with the kallelse (or withheld, with
// Reason): the tjänsteskrivelse revision or the registered handling, its
// title and its digest.
type Handling struct {
	Kind   string `json:"kind"`
	No     int    `json:"no"`
	Title  string `json:"title"`
	Digest string `json:"digest,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Faults of sending the kallelse.
var (
	// ErrKallelseNotPlanned: the kallelse goes out before the meeting
	// opens.
	ErrKallelseNotPlanned = fault.New(fault.Conflict, "kallelse_not_planned")
	// ErrKallelseNoSeats: nobody holds a seat on the meeting's day.
	ErrKallelseNoSeats = fault.New(fault.Unprocessable, "kallelse_no_seats")
)

// ActionKallelseSent is the record of a sending in the meeting's Log.
const ActionKallelseSent = "kallelse_sent"

// ChainID is the id of the meeting's record chain (Log).
func (m Meeting) ChainID() string { return "meeting/" + m.ID }

// RecordKallelse adds k as the next sending of a planned meeting with
// at least one recipient, and links its record into the meeting's Log:
// the caller writes the meeting (sending and record) in one update.
func (m *Meeting) RecordKallelse(k Kallelse) error {
	if m.Status != StatusPlanned {
		return ErrKallelseNotPlanned.WithDetail("the meeting is %s", m.Status)
	}
	if len(k.Recipients) == 0 {
		return ErrKallelseNoSeats.WithDetail("no seat holder on %s", m.Date)
	}
	k.No, k.SentAt = len(m.Kallelser)+1, k.SentAt.UTC()
	m.Kallelser = append(slices.Clone(m.Kallelser), k)
	m.Log.Append(m.ChainID(), adminlog.Record{At: k.SentAt, Actor: k.SentBy, Action: ActionKallelseSent,
		Ref: "kallelse/" + strconv.Itoa(k.No), After: adminlog.JSON(k), State: adminlog.StateDigest(m.Kallelser)})
	return nil
}

// StateDigest is the digest of what the meeting's record chain (Log)
// records: its sendings of the kallelse ("" before the first).
func (m Meeting) StateDigest() string {
	if len(m.Kallelser) == 0 {
		return ""
	}
	return adminlog.StateDigest(m.Kallelser)
}

// VerifyLog checks the meeting's record chain and that its sendings are
// what the last record says they became; nil when intact.
func (m Meeting) VerifyLog() *adminlog.Fault {
	return adminlog.Verify(m.ChainID(), m.Log, m.StateDigest())
}

// Called reports whether the kallelse was sent to username.
func (m Meeting) Called(username string) bool {
	for _, k := range m.Kallelser {
		if slices.ContainsFunc(k.Recipients, func(r Recipient) bool { return r.Username == username }) {
			return true
		}
	}
	return false
}

// LastKallelse returns the latest sending, and false when none was made.
func (m Meeting) LastKallelse() (Kallelse, bool) {
	if len(m.Kallelser) == 0 {
		return Kallelse{}, false
	}
	return m.Kallelser[len(m.Kallelser)-1], true
}

// SentHandling reports whether the handling (kind, no) of caseID went to
// username with a kallelse of the meeting.
func (m Meeting) SentHandling(username, caseID, kind string, no int) bool {
	for _, k := range m.Kallelser {
		if !slices.ContainsFunc(k.Recipients, func(r Recipient) bool { return r.Username == username }) {
			continue
		}
		for _, it := range k.Items {
			if it.CaseID == caseID && slices.ContainsFunc(it.Handlingar, func(h Handling) bool { return h.Kind == kind && h.No == no }) {
				return true
			}
		}
	}
	return false
}

// SentItem returns the item of caseID in the latest sending that carried
// it, and false when no sending did.
func (m Meeting) SentItem(caseID string) (CalledItem, bool) {
	for i := len(m.Kallelser) - 1; i >= 0; i-- {
		for _, it := range m.Kallelser[i].Items {
			if it.Kind == "case" && it.CaseID == caseID {
				return it, true
			}
		}
	}
	return CalledItem{}, false
}
