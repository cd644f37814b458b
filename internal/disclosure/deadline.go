package disclosure

import (
	"time"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/platform"
)

// Timeliness says how a request stands against its target.
type Timeliness string

// The levels. A request on a handling must be answered genast eller så
// snart som möjligt (TF 2:15) or skyndsamt (TF 2:16); JO's practice makes
// the same day the target, and a delay of days needs a reason.
const (
	OnTime    Timeliness = "i_tid"     // not past the target day
	Overdue   Timeliness = "forsenad"  // the target day has passed
	Escalated Timeliness = "eskalerad" // one more working day has passed: the chef is told
)

// TargetOn is the day the request should be answered: the day it came in,
// or the next working day if it came in on a day off (a Saturday e-mail).
func (r Request) TargetOn() platform.Date { return deadline.AdjustForward(r.received()) }

// EscalateOn is the last day before escalation: one working day after the
// target. A request not answered by the end of it is escalated.
func (r Request) EscalateOn() platform.Date { return deadline.NextWorkingDay(r.TargetOn()) }

// Open reports whether the request still awaits an answer.
func (r Request) Open() bool {
	s := r.Status()
	return s == StatusReceived || s == StatusHandling
}

// Timeliness returns how an open request stands on today, or how a
// finished one stood when it was finished (a withdrawn request counts as
// on time).
func (r Request) Timeliness(today platform.Date) Timeliness {
	day := today
	switch {
	case r.CompletedAt != nil:
		day = platform.DateOf(*r.CompletedAt)
	case r.WithdrawnAt != nil:
		return OnTime
	}
	switch {
	case day.After(r.EscalateOn()):
		return Escalated
	case day.After(r.TargetOn()):
		return Overdue
	}
	return OnTime
}

// WorkingDaysLate counts the working days past the target by today (for
// an open request) or by the day it was finished.
func (r Request) WorkingDaysLate(today platform.Date) int {
	day := today
	if r.CompletedAt != nil {
		day = platform.DateOf(*r.CompletedAt)
	}
	return deadline.WorkingDaysBetween(r.TargetOn(), day)
}

// HandlingTime is the time from receipt to the last outcome (0 while the
// request is open or when it was withdrawn).
func (r Request) HandlingTime() time.Duration {
	if r.CompletedAt == nil {
		return 0
	}
	return r.CompletedAt.Sub(r.ReceivedAt)
}
