// Package deadline computes the statutory dates around a protocol and a
// decision: justering, anslag on the anslagstavla, the three-week period for
// laglighetsprövning (KL 13:5) and förvaltningsbesvär (FL 44 §), and the day
// a decision may become laga kraft. It also knows the Swedish allmänna
// helgdagar (Lag 1989:253) and the rule in Lag (1930:173) om beräkning av
// lagstadgad tid that moves a period ending on a lördag, söndag, allmän
// helgdag, midsommarafton, julafton or nyårsafton to the next weekday that
// is none of these.
//
// Everything is pure calendar arithmetic on civil dates; the package never
// reads the clock. All periods are counted in calendar days.
package deadline

import (
	"errors"

	"github.com/samstyr/samstyr/internal/platform"
)

// Lengths of the periods, in calendar days.
const (
	// AppealDays is the three-week appeal period (tre veckor) for
	// laglighetsprövning (KL 13:5) and förvaltningsbesvär (FL 44 §).
	AppealDays = 21
	// AnslagDays is how many days after justering the anslag must be
	// posted at the latest (KL 8:12, "senast andra dagen efter justering").
	AnslagDays = 2
	// JusteringDays is how many days after the sammanträde the protokoll
	// must be justerat at the latest (KL 5:69; for a nämnd via the
	// reglemente).
	JusteringDays = 14
)

// ErrNoPostings is returned by AppealEnd when no anslag date is given.
var ErrNoPostings = errors.New("deadline: no anslag date given")

// ErrZeroPosting is returned by AppealEnd when one of the anslag dates is
// the zero platform.Date.
var ErrZeroPosting = errors.New("deadline: an anslag date is missing (zero date)")

// AdjustForward applies Lag (1930:173) om beräkning av lagstadgad tid: if d
// is a lördag, söndag, allmän helgdag, midsommarafton, julafton or
// nyårsafton, it returns the next day that is none of these (the next
// vardag on which the step may be taken); otherwise it returns d. The
// result is never such a day, and AdjustForward(AdjustForward(d)) ==
// AdjustForward(d).
func AdjustForward(d platform.Date) platform.Date {
	for {
		if _, non := IsNonWorkingForDeadline(d); !non {
			return d
		}
		d = d.AddDays(1)
	}
}

// AppealEnd returns the last day for laglighetsprövning (KL 13:5): three
// weeks (21 calendar days) from the day the justering of the protokoll was
// announced on the anslagstavla, moved forward under Lag (1930:173) if it
// falls on a lördag, söndag, helgdag, midsommarafton, julafton or
// nyårsafton.
//
// For a gemensam nämnd the period runs only once the justering has been
// announced on the anslagstavla of every cooperating kommun, so pass each
// member's anslag date; the latest one counts. The order does not matter.
// It returns ErrNoPostings for an empty slice and ErrZeroPosting if any
// date is the zero platform.Date (an anslag not yet made).
func AppealEnd(postings []platform.Date) (platform.Date, error) {
	if len(postings) == 0 {
		return platform.Date{}, ErrNoPostings
	}
	var latest platform.Date
	for _, p := range postings {
		if p.IsZero() {
			return platform.Date{}, ErrZeroPosting
		}
		if p.After(latest) {
			latest = p
		}
	}
	return AdjustForward(latest.AddDays(AppealDays)), nil
}

// LagaKraft returns the day after the (already adjusted) appeal end: the
// first day on which the decision has laga kraft (legal force) — but only
// if no överklagande (appeal) was received in time. This function cannot
// know that; the caller tracks appeals received, including ones sent by
// post or to the kommun instead of the förvaltningsrätt (KL 13:6), and
// should treat the date as provisional for a few days. With several appeal
// periods (laglighetsprövning and förvaltningsbesvär), pass the latest
// appeal end.
func LagaKraft(appealEnd platform.Date) platform.Date {
	return appealEnd.AddDays(1)
}

// AnslagDue returns the last day on which the justering of a protokoll may
// be announced on the anslagstavla: "senast andra dagen efter justering"
// (KL 8:12), i.e. justering + 2 calendar days.
//
// The date is deliberately not moved under Lag (1930:173): whether that
// law applies to this time limit is unverified, so the strict date is
// returned. Posting on the day of justering is recommended.
func AnslagDue(justering platform.Date) platform.Date {
	return justering.AddDays(AnslagDays)
}

// PostedLate reports whether an anslag posted on the date posted came after
// AnslagDue(justering), i.e. later than the second day after justering
// (KL 8:12).
func PostedLate(justering, posted platform.Date) bool {
	return posted.After(AnslagDue(justering))
}

// JusteringDue returns the last day for justering of the protokoll of a
// sammanträde held on meeting: 14 calendar days after the meeting (KL 5:69
// for fullmäktige; for a nämnd through KL 6:35 and its reglemente). The
// date is not moved under Lag (1930:173).
func JusteringDue(meeting platform.Date) platform.Date {
	return meeting.AddDays(JusteringDays)
}

// FLAppealEnd returns the last day for förvaltningsbesvär under FL 44 §:
// three weeks (21 calendar days) from the day the party was notified of
// the beslut (delgivning/underrättelse), moved forward under Lag
// (1930:173) if it falls on a lördag, söndag, helgdag, midsommarafton,
// julafton or nyårsafton.
func FLAppealEnd(notified platform.Date) platform.Date {
	return AdjustForward(notified.AddDays(AppealDays))
}
