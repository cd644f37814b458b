package cases

import (
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Actions of the appeal record in a case's history.
const (
	// ActionReportRecorded: a decision was taken up in a protocol's
	// anmälan § (before the protocol is justerat).
	ActionReportRecorded = "report_recorded"
	// ActionReportReleased: a § recording that died gave its claim on a
	// decision back.
	ActionReportReleased = "report_released"
	// ActionNotified: a party was notified of a decision (delgivning).
	ActionNotified = "notified"
	// ActionAppealed: an appeal of a decision was registered.
	ActionAppealed = "appealed"
)

// Manners of notification (delgivningssätt).
var NotificationManners = []string{"brev", "e_post", "digital_brevlada", "personligen", "delgivning", "forenklad_delgivning", "kungorelse"}

// Notification is a decision's delgivning to one party: the day the
// party was notified (the FL 44 § period runs from it), how, and who
// recorded it when. Decision is the decision's id, or the § reference of
// the board's decision at a meeting ("ITN 2026-03-12 § 7").
type Notification struct {
	Decision   string        `json:"decision"`
	Party      string        `json:"party"`
	NotifiedOn platform.Date `json:"notified_on"`
	Manner     string        `json:"manner"`
	RecordedBy string        `json:"recorded_by"`
	RecordedAt time.Time     `json:"recorded_at"`
	// Backdated is set when the day was entered on a later day.
	Backdated bool `json:"backdated,omitempty"`
}

// Appeal is an överklagande of one of the case's decisions, as registered
// by the authority: laglighetsprövning (deadline.RouteLegality) or
// förvaltningsbesvär by Party (deadline.RouteAppeal).
type Appeal struct {
	Decision   string        `json:"decision"`
	Route      string        `json:"route"`
	Party      string        `json:"party,omitempty"`
	ReceivedOn platform.Date `json:"received_on"`
	ReceivedBy string        `json:"received_by"` // the court or the authority that received it
	RecordedBy string        `json:"recorded_by"`
	RecordedAt time.Time     `json:"recorded_at"`
}

// Faults of the appeal record.
var (
	ErrUnknownDecisionRef = fault.New(fault.Unprocessable, "decision_not_found")
)

// CheckNotification checks a delgivning entered on today.
func CheckNotification(n Notification, today platform.Date, decidedOn platform.Date) error {
	var fs fault.Fields
	if strings.TrimSpace(n.Party) == "" {
		fs.Add("/party", "required")
	}
	fieldtext.Line(&fs, "/party", n.Party)
	switch {
	case n.NotifiedOn.IsZero():
		fs.Add("/notified_on", "required")
	case n.NotifiedOn.After(today):
		fs.Add("/notified_on", "date_in_future")
	case n.NotifiedOn.Before(decidedOn):
		fs.Add("/notified_on", "before_decision_date")
	}
	if !slices.Contains(NotificationManners, n.Manner) {
		fs.Add("/manner", "invalid_value")
	}
	return fs.Err(fault.Unprocessable)
}

// NotificationsOf lists the delgivningar of decision ref, the latest one
// per party (a corrected date replaces the earlier).
func (c Case) NotificationsOf(ref string) []Notification {
	var out []Notification
	for _, n := range c.Notifications {
		if n.Decision != ref {
			continue
		}
		if i := slices.IndexFunc(out, func(x Notification) bool { return x.Party == n.Party }); i >= 0 {
			out[i] = n
			continue
		}
		out = append(out, n)
	}
	return out
}

// AppealedOn reports whether an appeal of decision ref was registered on
// route (for förvaltningsbesvär: by party).
func (c Case) AppealedOn(ref, route, party string) bool {
	return slices.ContainsFunc(c.Appeals, func(a Appeal) bool {
		return a.Decision == ref && a.Route == route && (party == "" || a.Party == party)
	})
}
