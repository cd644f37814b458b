package deadline

import "github.com/samstyr/samstyr/internal/platform"

// The ways a municipal decision can be appealed.
const (
	// RouteLegality is laglighetsprövning (KL 13 kap.): any member of the
	// municipality (of every cooperating municipality, for a gemensam
	// nämnd) may appeal within three weeks from the day the justering of
	// the protocol that holds or reports the decision was announced on the
	// anslagstavla (KL 13:5).
	RouteLegality = "laglighetsprovning"
	// RouteAppeal is förvaltningsbesvär (FL 40–47 §§): a party the
	// decision went against may appeal within three weeks from the day the
	// party was notified of it (FL 44 §).
	RouteAppeal = "forvaltningsbesvar"
)

// The states of an appeal route and of a decision's legal force.
const (
	// StatusWaiting: the period has not started (no anslag yet, or the
	// party is not notified yet).
	StatusWaiting = "vantar"
	// StatusRunning: the period runs; today is on or before its end.
	StatusRunning = "loper"
	// StatusClosed: the period ran out with no appeal registered.
	StatusClosed = "stangd"
	// StatusAppealed: an appeal was registered on the route.
	StatusAppealed = "overklagad"
	// StatusInForce: every route of the decision is closed; the decision
	// has laga kraft.
	StatusInForce = "laga_kraft"
)

// Route is one way of appealing one decision and its period: for
// laglighetsprövning from the (last required) anslag, for förvaltningsbesvär
// from the day Party was notified.
type Route struct {
	Kind  string `json:"kind"`
	Party string `json:"party,omitempty"`
	// Start is the day the period started from: the anslag (the latest
	// of a joint board's members) or the notification; zero while it has
	// not.
	Start platform.Date `json:"start"`
	// End is the last day to appeal, moved forward under Lag (1930:173);
	// zero while the period has not started.
	End platform.Date `json:"end"`
	// Appealed is set when an appeal was registered on this route.
	Appealed bool `json:"appealed"`
	// Status is StatusWaiting, StatusRunning, StatusClosed or
	// StatusAppealed on the day LegalForce was asked for.
	Status string `json:"status"`
	// Note says, in Swedish, why a route waits (e.g. which anslag are
	// missing); empty otherwise.
	Note string `json:"note,omitempty"`
}

// LegalityRoute is the laglighetsprövning of a decision whose protocol was
// announced on every required anslagstavla on the dates postings (zero
// dates for the ones still missing; nil when nothing is posted): its period
// runs from the latest, and not at all while one is missing (KL 13:5).
func LegalityRoute(postings []platform.Date, appealed bool) Route {
	r := Route{Kind: RouteLegality, Appealed: appealed}
	if end, err := AppealEnd(postings); err == nil {
		for _, p := range postings {
			if p.After(r.Start) {
				r.Start = p
			}
		}
		r.End = end
	}
	return r
}

// AppealRoute is the förvaltningsbesvär of party, notified on notified
// (zero: not yet notified), FL 44 §.
func AppealRoute(party string, notified platform.Date, appealed bool) Route {
	r := Route{Kind: RouteAppeal, Party: party, Start: notified, Appealed: appealed}
	if !notified.IsZero() {
		r.End = FLAppealEnd(notified)
	}
	return r
}

// Force is a decision's legal force on a day: its routes and whether each
// is closed.
type Force struct {
	Routes []Route `json:"routes"`
	// Status is StatusWaiting (a route has not started), StatusRunning,
	// StatusAppealed (an appeal was registered) or StatusInForce.
	Status string `json:"status"`
	// LagaKraft is set once every route is closed with no appeal.
	LagaKraft bool `json:"laga_kraft"`
	// LagaKraftOn is the first day of legal force: the day after the
	// latest route's end, once every route has started and none is
	// appealed (a date in the future while a period runs; provisional for
	// a few days after, for appeals sent by post or to the wrong body,
	// KL 13:6); zero otherwise.
	LagaKraftOn platform.Date `json:"laga_kraft_on"`
}

// InForce returns the day the decision gained laga kraft, and whether it
// has on the day the Force was computed for: the accessor for anyone who
// needs "laga kraft since" (the e-archive's delivery, an auditor).
func (f Force) InForce() (platform.Date, bool) {
	if !f.LagaKraft {
		return platform.Date{}, false
	}
	return f.LagaKraftOn, true
}

// LegalForce works out, on today, each route's status and the decision's
// legal force: laga kraft when every route it has is closed with no
// appeal registered (a decision with no route at all is not laga kraft:
// every municipal decision has at least laglighetsprövning). The routes
// are returned in the order given.
func LegalForce(routes []Route, today platform.Date) Force {
	f := Force{Routes: make([]Route, len(routes))}
	started, appealed, closed := len(routes) > 0, false, len(routes) > 0
	var last platform.Date
	for i, r := range routes {
		switch {
		case r.Appealed:
			r.Status, appealed = StatusAppealed, true
		case r.End.IsZero():
			r.Status, started = StatusWaiting, false
		case today.After(r.End):
			r.Status = StatusClosed
		default:
			r.Status = StatusRunning
		}
		if r.Status != StatusClosed {
			closed = false
		}
		if r.End.After(last) {
			last = r.End
		}
		f.Routes[i] = r
	}
	switch {
	case appealed:
		f.Status = StatusAppealed
	case !started:
		f.Status = StatusWaiting
	case closed:
		f.Status, f.LagaKraft, f.LagaKraftOn = StatusInForce, true, LagaKraft(last)
	default:
		f.Status, f.LagaKraftOn = StatusRunning, LagaKraft(last)
	}
	return f
}

// The states of a time limit a person must meet (justering, anslag,
// anmälan).
const (
	// DueOnTime: done on or before the last day ("i tid").
	DueOnTime = "i_tid"
	// DueLate: done after the last day, or not done and the last day has
	// passed ("sen").
	DueLate = "sen"
	// DueWaiting: not done yet and the last day has not passed, or the
	// last day is not known yet ("väntar").
	DueWaiting = "vantar"
)

// DueStatus is the state on today of a time limit whose last day is due
// (zero: not known yet) and that was met on done (zero: not yet).
func DueStatus(due, done, today platform.Date) string {
	switch {
	case !done.IsZero() && (due.IsZero() || !done.After(due)):
		return DueOnTime
	case !done.IsZero():
		return DueLate
	case due.IsZero() || !today.After(due):
		return DueWaiting
	}
	return DueLate
}

// The kinds of time limit Item names.
const (
	KindJustering = "justering"       // the protocol justerat within 14 days of the meeting
	KindAnslag    = "anslag"          // the justering announced by the second day after it (KL 8:12)
	KindAnmalan   = "anmalan"         // a delegated or urgent decision reported at the next meeting (KL 6:40, 7:8)
	KindAppealEnd = "overklagandetid" // the last day to appeal
	KindLagaKraft = "laga_kraft"      // the first day of legal force
)

// Item is one time limit as the people responsible see it: what it is,
// its last day, the day it was met, and its state (DueOnTime, DueLate,
// DueWaiting).
type Item struct {
	Kind    string        `json:"kind"`
	Subject string        `json:"subject,omitempty"` // what it concerns within its owner, e.g. the member municipality of an anslag
	Due     platform.Date `json:"due"`               // zero while it cannot be known yet
	Done    platform.Date `json:"done"`              // zero while not met
	Status  string        `json:"status"`
	Note    string        `json:"note,omitempty"` // in Swedish: why it waits, or that it was appealed
}

// NewItem is an Item with its status worked out on today.
func NewItem(kind, subject string, due, done, today platform.Date) Item {
	return Item{Kind: kind, Subject: subject, Due: due, Done: done, Status: DueStatus(due, done, today)}
}

// PeriodItems are the appeal-end and laga-kraft items of a decision (or a
// whole protocol) whose legal force on today is f: the end of the last
// route to close, and the first day of legal force, each met once it has
// passed with no appeal.
func PeriodItems(f Force, today platform.Date) []Item {
	var end platform.Date
	for _, r := range f.Routes {
		if r.End.After(end) {
			end = r.End
		}
	}
	if f.Status == StatusWaiting {
		end = platform.Date{}
	}
	ends := Item{Kind: KindAppealEnd, Due: end, Status: DueWaiting}
	force := Item{Kind: KindLagaKraft, Due: f.LagaKraftOn, Status: DueWaiting}
	switch {
	case f.Status == StatusAppealed:
		ends.Note, force.Note = "överklagat", "överklagat"
	case f.Status == StatusWaiting:
		ends.Note = "överklagandetiden har inte börjat"
	case today.After(end):
		ends.Done, ends.Status = end, DueOnTime
	}
	if f.LagaKraft {
		force.Done, force.Status = f.LagaKraftOn, DueOnTime
	}
	return []Item{ends, force}
}
