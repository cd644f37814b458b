package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// Kinds of decision DecisionForce tells apart.
const (
	DecisionBoard      = "namnd"      // the board's decision at a meeting, a protocol §
	DecisionDelegation = "delegation" // a delegationsbeslut
	DecisionUrgent     = "urgent"     // an ordförandebeslut i brådskande ärende (KL 6:39)
)

// DecisionForce is one decision of a case with its appeal routes, its
// legal force on the day asked and its time limits.
type DecisionForce struct {
	// Ref is the decision's id, or the § reference of the board's
	// decision at a meeting ("ITN 2026-03-12 § 7").
	Ref                string        `json:"ref"`
	Kind               string        `json:"kind"`
	CaseID             string        `json:"case_id"`
	RegistrationNumber string        `json:"registration_number"`
	DecidedOn          platform.Date `json:"decided_on"`
	// MeetingID and Paragraph name the protocol § that holds the decision
	// (a board's decision) or reports it (a delegated or urgent one); empty
	// while it is not reported.
	MeetingID string `json:"meeting_id,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	deadline.Force
	Notifications []cases.Notification `json:"notifications"`
	Deadlines     []deadline.Item      `json:"deadlines"`
}

// LegalForce is the legal force of one decision: a delegated or urgent
// decision by its id, or the board's decision at a meeting by its §
// reference. It is laga kraft when every route is closed with no appeal:
// laglighetsprövning from the posting of the justerat protocol that holds
// or reports it on every member's anslagstavla (KL 13:5), and
// förvaltningsbesvär for each party notified, three weeks from the day
// it was (FL 44 §).
func (e *Decisions) LegalForce(ctx context.Context, u identity.User, caseID, ref string) (DecisionForce, error) {
	all, err := e.CaseLegalForce(ctx, u, caseID)
	if err != nil {
		return DecisionForce{}, err
	}
	for _, f := range all {
		if f.Ref == ref {
			return f, nil
		}
	}
	return DecisionForce{}, ErrDecisionNotFound.WithDetail("%s", ref)
}

// DecisionLegalForce is LegalForce of a delegated or urgent decision by
// its id: the accessor for anyone who needs to know whether, and since
// when, a decision has laga kraft (InForce).
func (e *Decisions) DecisionLegalForce(ctx context.Context, u identity.User, decisionID string) (DecisionForce, error) {
	caseID, _, err := cases.ParseDecisionID(decisionID)
	if err != nil {
		return DecisionForce{}, ErrDecisionNotFound.WithDetail("%v", err)
	}
	f, err := e.LegalForce(ctx, u, caseID, decisionID)
	if err != nil && fault.From(err).Code == cases.ErrCaseNotFound.Code {
		return f, ErrDecisionNotFound.WithDetail("%s", decisionID)
	}
	return f, err
}

// CaseLegalForce lists the legal force of every decision of the case: the
// board's decisions at meetings (bifall or avslag §§) in protocol order,
// then the delegated and urgent ones.
func (e *Decisions) CaseLegalForce(ctx context.Context, u identity.User, caseID string) ([]DecisionForce, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return nil, err
	}
	ms, err := e.caseMeetings(ctx, c)
	if err != nil {
		return nil, err
	}
	return e.caseForce(c, ms, e.today()), nil
}

// caseForce works CaseLegalForce out from the case and its board's
// meetings.
func (e *core) caseForce(c cases.Case, ms []meeting.Meeting, today platform.Date) []DecisionForce {
	out := []DecisionForce{}
	byDate := slices.Clone(ms)
	slices.SortFunc(byDate, func(a, b meeting.Meeting) int { return a.Date.Compare(b.Date) })
	for _, m := range byDate {
		for _, p := range m.Paragraphs {
			if p.CaseID != c.ID || (p.Outcome != meeting.OutcomeApproved && p.Outcome != meeting.OutcomeRejected) {
				continue
			}
			f := DecisionForce{Ref: m.ParagraphRef(p.No), Kind: DecisionBoard, CaseID: c.ID, RegistrationNumber: c.RegistrationNumber,
				DecidedOn: m.Date, MeetingID: m.ID, Paragraph: p.No}
			legal := m.LegalityRoute(p.No)
			legal.Appealed = legal.Appealed || c.AppealedOn(f.Ref, deadline.RouteLegality, "")
			out = append(out, e.withRoutes(c, f, legal, today, nil))
		}
	}
	for _, d := range c.Decisions {
		f := DecisionForce{Ref: d.ID, Kind: DecisionDelegation, CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, DecidedOn: d.DecidedOn}
		if d.Kind == cases.KindUrgent {
			f.Kind = DecisionUrgent
		}
		legal := deadline.Route{Kind: deadline.RouteLegality}
		switch id, no, ok := d.ReportMeeting(); {
		case ok:
			f.MeetingID, f.Paragraph = id, no
			if i := slices.IndexFunc(ms, func(m meeting.Meeting) bool { return m.ID == id }); i >= 0 {
				legal = ms[i].LegalityRoute(no)
			}
		case d.Report != nil:
			legal.Note = "anmält utanför Samstyr (" + d.Report.MeetingRef + "): anslaget är inte registrerat"
		case d.ReportsToBoard():
			legal.Note = "inte anmält till nämnden"
		default:
			legal.Note = "beslutet anmäls inte till nämnden; överklagandetiden löper från anslaget av beslutet"
		}
		legal.Appealed = legal.Appealed || c.AppealedOn(d.ID, deadline.RouteLegality, "")
		var anmalan []deadline.Item
		if d.ReportsToBoard() {
			anmalan = []deadline.Item{reportDeadline(d, ms, today)}
		}
		out = append(out, e.withRoutes(c, f, legal, today, anmalan))
	}
	return out
}

// withRoutes completes f with the förvaltningsbesvär of every party
// notified, the force on today and the time limits (first the given ones).
func (e *core) withRoutes(c cases.Case, f DecisionForce, legal deadline.Route, today platform.Date, items []deadline.Item) DecisionForce {
	routes := []deadline.Route{legal}
	f.Notifications = c.NotificationsOf(f.Ref)
	for _, n := range f.Notifications {
		routes = append(routes, deadline.AppealRoute(n.Party, n.NotifiedOn, c.AppealedOn(f.Ref, deadline.RouteAppeal, n.Party)))
	}
	if f.Notifications == nil {
		f.Notifications = []cases.Notification{}
	}
	f.Force = deadline.LegalForce(routes, today)
	f.Deadlines = append(items, deadline.PeriodItems(f.Force, today)...)
	if legal.Note != "" && f.Force.Status == deadline.StatusWaiting {
		f.Deadlines[len(f.Deadlines)-2].Note = legal.Note
	}
	return f
}

// reportDeadline is the anmälan of d: due at the board's next meeting
// after the decision (KL 6:40, 7:8; one whose anmälan § was recorded
// before the decision was taken is not the next one), met on the day of
// the meeting that reported it.
func reportDeadline(d cases.Decision, ms []meeting.Meeting, today platform.Date) deadline.Item {
	var due, done platform.Date
	for _, m := range ms {
		if !reportable(m, d) {
			continue
		}
		if due.IsZero() || m.Date.Before(due) {
			due = m.Date
		}
	}
	if id, _, ok := d.ReportMeeting(); ok {
		if i := slices.IndexFunc(ms, func(m meeting.Meeting) bool { return m.ID == id }); i >= 0 {
			done = ms[i].Date
		}
	} else if d.Report != nil {
		done = platform.DateOf(d.Report.At)
	}
	it := deadline.NewItem(deadline.KindAnmalan, "", due, done, today)
	if due.IsZero() && done.IsZero() {
		it.Note = "inget kommande sammanträde är planerat"
	}
	return it
}

// NotificationInput is a delgivning to record.
type NotificationInput struct {
	Decision   string // decision id or § reference
	Party      string
	NotifiedOn platform.Date // today when zero
	Manner     string
}

// RecordNotification records that a party was notified of one of the
// case's decisions (delgivning): the day (today when not given; never in
// the future or before the decision), and the manner. The förvaltningsbesvär
// of the party runs three weeks from that day (FL 44 §). A later record
// for the same party corrects the earlier one; both stay in the history.
func (e *Decisions) RecordNotification(ctx context.Context, u identity.User, caseID string, ifMatch int64, in NotificationInput) (cases.Case, error) {
	return e.legalRecord(ctx, u, caseID, ifMatch, "record_notification", func(c *cases.Case, f DecisionForce, now platform.Date) (cases.Event, error) {
		n := cases.Notification{Decision: f.Ref, Party: strings.TrimSpace(in.Party), NotifiedOn: in.NotifiedOn, Manner: in.Manner,
			RecordedBy: u.Username, RecordedAt: e.clock.Now().UTC()}
		if n.NotifiedOn.IsZero() {
			n.NotifiedOn = now
		}
		if err := cases.CheckNotification(n, now, f.DecidedOn); err != nil {
			return cases.Event{}, err
		}
		n.Backdated = n.NotifiedOn != now
		c.Notifications = append(slices.Clone(c.Notifications), n)
		return cases.Event{Action: cases.ActionNotified, Ref: f.Ref, Note: n.Party + ", " + n.NotifiedOn.String() + ", " + n.Manner,
			DataDigest: cases.DigestJSON(n)}, nil
	}, in.Decision)
}

// AppealInput is an överklagande to register.
type AppealInput struct {
	Decision   string // decision id or § reference
	Route      string // deadline.RouteLegality or deadline.RouteAppeal
	Party      string // who appealed (required for förvaltningsbesvär: a notified party)
	ReceivedOn platform.Date
	ReceivedBy string // the court or the authority
}

// RegisterDecisionAppeal registers an appeal of one of the case's
// decisions, received within its period: laglighetsprövning once the
// period runs, förvaltningsbesvär by a notified party within three weeks
// of its notification. The decision then does not gain legal force until
// the appeal is tried.
func (e *Decisions) RegisterDecisionAppeal(ctx context.Context, u identity.User, caseID string, ifMatch int64, in AppealInput) (cases.Case, error) {
	return e.legalRecord(ctx, u, caseID, ifMatch, "register_appeal", func(c *cases.Case, f DecisionForce, now platform.Date) (cases.Event, error) {
		a := cases.Appeal{Decision: f.Ref, Route: in.Route, Party: strings.TrimSpace(in.Party), ReceivedOn: in.ReceivedOn,
			ReceivedBy: strings.TrimSpace(in.ReceivedBy), RecordedBy: u.Username, RecordedAt: e.clock.Now().UTC()}
		var fs fault.Fields
		var route *deadline.Route
		for i, r := range f.Routes {
			if r.Kind == a.Route && (r.Kind == deadline.RouteLegality || r.Party == a.Party) {
				route = &f.Routes[i]
			}
		}
		switch {
		case a.Route != deadline.RouteLegality && a.Route != deadline.RouteAppeal:
			fs.Add("/route", "invalid_value")
		case route == nil:
			fs.Add("/party", "not_a_party")
		case a.ReceivedOn.IsZero():
			fs.Add("/received_on", "required")
		case a.ReceivedOn.After(now):
			fs.Add("/received_on", "date_in_future")
		case route.End.IsZero():
			fs.Add("/received_on", "no_appeal_period")
		case a.ReceivedOn.After(route.End):
			fs.Add("/received_on", "appeal_after_period")
		case a.ReceivedOn.Before(f.DecidedOn):
			fs.Add("/received_on", "before_decision_date")
		}
		if a.ReceivedBy == "" {
			fs.Add("/received_by", "required")
		}
		fieldtext.Line(&fs, "/received_by", a.ReceivedBy)
		if err := fs.Err(fault.Unprocessable); err != nil {
			return cases.Event{}, err
		}
		c.Appeals = append(slices.Clone(c.Appeals), a)
		return cases.Event{Action: cases.ActionAppealed, Ref: f.Ref, Note: a.Route + " " + a.Party, DataDigest: cases.DigestJSON(a)}, nil
	}, in.Decision)
}

// legalRecord is the version-guarded change of a case's appeal record
// (delgivningar, överklaganden) for one of its decisions, as one allowed
// action on the board, written with its event in one update.
func (e *Decisions) legalRecord(ctx context.Context, u identity.User, caseID string, ifMatch int64, action string,
	fn func(c *cases.Case, f DecisionForce, today platform.Date) (cases.Event, error), ref string) (cases.Case, error) {
	all, err := e.CaseLegalForce(ctx, u, caseID)
	if err != nil {
		return cases.Case{}, err
	}
	c, err := e.loadHead(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if err := e.authorize(u, c.Board, action); err != nil {
		return cases.Case{}, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	i := slices.IndexFunc(all, func(f DecisionForce) bool { return f.Ref == strings.TrimSpace(ref) })
	if i < 0 {
		return cases.Case{}, (&fault.Fields{{Field: "/decision", Code: "decision_not_found"}}).Err(fault.Unprocessable)
	}
	now := e.clock.Now()
	ev, err := fn(&c, all[i], platform.DateOf(now))
	if err != nil {
		return cases.Case{}, err
	}
	ev.At, ev.Actor = now, u.Username
	c.UpdatedAt = now.UTC()
	c.Append(ev)
	saved, err := e.store.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		return cases.Case{}, versionConflict(c.Version)
	}
	return saved, err
}

// caseMeetings are the meetings the legal force of c's decisions depends
// on (caseForce, lagaKraft), newest first as ListMeetings, read from
// indexes instead of the board's whole list: those with a § on c (the
// meetings-by-ärende index), each one that reports one of its decisions,
// and for each decision reported to the board the board's first meeting
// from the day it was taken at which it could be reported (its anmälan is
// due there, reportDeadline). Its other meetings change none of these
// answers.
func (e *core) caseMeetings(ctx context.Context, c cases.Case) ([]meeting.Meeting, error) {
	handling, err := e.meetings.MeetingsHandling(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var ms []meeting.Meeting
	for _, m := range handling {
		if m.Board == c.Board { // the board's own meetings, as its list
			ms = append(ms, m)
		}
	}
	for _, d := range c.Decisions {
		more, err := e.reportMeetings(ctx, c.Board, d)
		if err != nil {
			return nil, err
		}
		ms = mergeMeetings(ms, more)
	}
	return e.allWithNoticeBoards(ctx, ms)
}

// reportMeetings are the board's meetings reportDeadline needs for d:
// the one that reports it (if any), and, when d is reported to the board,
// the first meeting from the day it was taken at which it could be
// reported (reportable), where its anmälan is due.
func (e *core) reportMeetings(ctx context.Context, board string, d cases.Decision) ([]meeting.Meeting, error) {
	var out []meeting.Meeting
	if id, _, ok := d.ReportMeeting(); ok {
		m, err := e.meetings.GetMeeting(ctx, id)
		if err != nil && fault.From(err).Kind != fault.NotFound {
			return nil, err
		}
		if err == nil && m.Board == board {
			out = append(out, m)
		}
	}
	if !d.ReportsToBoard() {
		return out, nil
	}
	// Mostly the first meeting from that day is the one: read one, then
	// twice as many each time the ones read are not.
	for seen, page := 0, 1; ; page *= 2 {
		next, err := e.meetings.MeetingsFrom(ctx, board, d.DecidedOn, seen+page)
		if err != nil {
			return nil, err
		}
		for _, m := range next[seen:] {
			if reportable(m, d) {
				return append(out, m), nil
			}
		}
		if len(next) < seen+page {
			return out, nil
		}
		seen = len(next)
	}
}

// reportable reports whether d could be reported at m: m is held on or
// after the day d was taken, and m's anmälan § (if any) was not recorded
// before d was taken.
func reportable(m meeting.Meeting, d cases.Decision) bool {
	if m.Date.Before(d.DecidedOn) {
		return false
	}
	i := slices.IndexFunc(m.Paragraphs, func(p meeting.Paragraph) bool { return p.Kind == "delegation_report" })
	return i < 0 || !m.Paragraphs[i].RecordedAt.Before(d.DecidedAt)
}
