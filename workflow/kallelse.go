package workflow

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
)

// ErrKallelseNotSecretary: the kallelse is sent by the board's
// sekreterare.
var ErrKallelseNotSecretary = fault.New(fault.Forbidden, "kallelse_not_secretary")

// SendKallelse sends the kallelse of a planned meeting (the sekreterare
// of its board today; a revisor is read-only): to every person holding a
// seat — ledamot or ersättare — on the meeting's day, from the board's
// seats (never from roles), with, under each ärende on the
// föredragningslista, its handlingar: the current tjänsteskrivelse and
// every registered handling not marked secret; what is withheld is
// recorded with its reason. The sending, and its record in the meeting's
// chain, are one versioned update of the meeting (409 on a stale
// ifMatch). Sending again, after the agenda changed, adds a kompletterande
// kallelse and keeps the earlier ones.
func (e *Meetings) SendKallelse(ctx context.Context, u identity.User, id string, ifMatch int64) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if err := e.authorize(u, m.Board, "send_kallelse"); err != nil {
		if errors.Is(err, ErrReadOnly) {
			return meeting.Meeting{}, err
		}
		return meeting.Meeting{}, ErrKallelseNotSecretary.WithDetail("%s is not sekreterare of %s", u.Username, m.Board)
	}
	if m.Status != meeting.StatusPlanned {
		return meeting.Meeting{}, meeting.ErrKallelseNotPlanned.WithDetail("the meeting is %s", m.Status)
	}
	if ifMatch != m.Version {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	recipients, err := e.kallelseRecipients(ctx, m)
	if err != nil {
		return meeting.Meeting{}, err
	}
	items, err := e.kallelseItems(ctx, m)
	if err != nil {
		return meeting.Meeting{}, err
	}
	k := meeting.Kallelse{SentAt: e.clock.Now(), SentBy: u.Username, SentByName: cmpOr(u.Name, u.Username), Recipients: recipients, Items: items}
	if err := m.RecordKallelse(k); err != nil {
		return meeting.Meeting{}, err
	}
	saved, err := e.meetings.UpdateMeeting(ctx, m)
	if errors.Is(err, fault.ErrVersionConflict) {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	return saved, err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// kallelseRecipients are the seat holders of m's board on its day, from
// the seats: none when the board has no seat that day.
func (e *core) kallelseRecipients(ctx context.Context, m meeting.Meeting) ([]meeting.Recipient, error) {
	if e.seats == nil {
		return nil, nil
	}
	l, err := e.seats.SeatsOn(ctx, m.Board, m.Date)
	if err != nil {
		return nil, err
	}
	users, err := e.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []meeting.Recipient
	for _, s := range meeting.SeatsFromLineup(l, users, m.Board, m.Date) {
		out = append(out, meeting.Recipient{Username: s.Username, Name: s.Name, Role: s.Role})
	}
	return out, nil
}

// kallelseItems is m's föredragningslista with, under each ärende, the
// handlingar that go with the kallelse and those withheld.
func (e *core) kallelseItems(ctx context.Context, m meeting.Meeting) ([]meeting.CalledItem, error) {
	out := make([]meeting.CalledItem, 0, len(m.Agenda))
	for _, it := range m.Agenda {
		ci := meeting.CalledItem{Kind: it.Kind, CaseID: it.CaseID, RegistrationNumber: it.RegistrationNumber, Title: it.Title}
		if it.Kind == "case" {
			c, err := e.store.GetHead(ctx, it.CaseID)
			if err != nil {
				return nil, err
			}
			ci.Handlingar, ci.Withheld = caseHandlingar(c)
		}
		out = append(out, ci)
	}
	return out, nil
}

// caseHandlingar are the handlingar of c that go to the members with the
// kallelse: the current revision of the tjänsteskrivelse and every
// registered handling not marked secret and not weeded; the others are
// returned as withheld with their reason.
func caseHandlingar(c cases.Case) (sent, withheld []meeting.Handling) {
	if c.Memo != nil && c.Memo.Revision > 0 {
		sent = append(sent, meeting.Handling{Kind: meeting.HandlingMemo, No: c.Memo.Revision,
			Title: "Tjänsteskrivelse, version " + strconv.Itoa(c.Memo.Revision), Digest: c.Memo.Digest})
	} else {
		withheld = append(withheld, meeting.Handling{Kind: meeting.HandlingMemo, Title: "Tjänsteskrivelse", Reason: meeting.WithheldNoMemo})
	}
	for _, d := range c.Documents {
		h := meeting.Handling{Kind: meeting.HandlingDocument, No: d.No, Title: d.Description, Digest: d.SHA256}
		switch {
		case d.Secrecy != nil:
			h.Reason, h.Digest = meeting.WithheldSecret, ""
			h.Title = "Handling " + strconv.Itoa(d.No) // a secret handling's description may be secret too
			withheld = append(withheld, h)
		case d.Weeding != nil:
			h.Reason = meeting.WithheldWeeded
			withheld = append(withheld, h)
		default:
			sent = append(sent, h)
		}
	}
	return sent, withheld
}

// KallelseMeeting loads a meeting for its kallelse: as Meeting for those
// with a role on the board, and for a person the kallelse was sent to
// (a seat holder of the meeting's day) even without one.
func (e *Meetings) KallelseMeeting(ctx context.Context, u identity.User, id string) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err == nil || fault.From(err).Kind != fault.NotFound {
		return m, err
	}
	raw, rerr := e.meetings.GetMeeting(ctx, id)
	if rerr != nil || !raw.Called(u.Username) {
		return meeting.Meeting{}, err
	}
	return e.withNoticeBoards(ctx, raw)
}

// loadSent loads the case caseID for u, who may not read it as an
// official of its board, when its handling (kind, no) was sent to u with
// the kallelse of one of the board's meetings; else ErrCaseNotFound. The
// meetings are those whose kallelser carried the ärende (the
// meetings-by-ärende index), however many the board has held.
func (e *core) loadSent(ctx context.Context, u identity.User, caseID, kind string, no int) (cases.Case, error) {
	notFound := cases.ErrCaseNotFound.WithDetail("case %s", caseID)
	if e.meetings == nil || no < 1 {
		return cases.Case{}, notFound
	}
	c, err := e.store.GetHead(ctx, caseID)
	if err != nil {
		return cases.Case{}, notFound
	}
	ms, err := e.meetings.MeetingsCalling(ctx, caseID)
	if err != nil {
		return cases.Case{}, err
	}
	for _, m := range ms {
		if m.Board == c.Board && m.SentHandling(u.Username, caseID, kind, no) {
			return e.store.Complete(ctx, c)
		}
	}
	return cases.Case{}, notFound
}

// CalledTo is a meeting the kallelse called a person to, for the desk:
// the board's full name, the latest sending and, of its handlingar,
// those the person may read.
type CalledTo struct {
	Meeting   meeting.Meeting
	BoardName string
	Kallelse  meeting.Kallelse
	// Handlingar are the handlingar of the latest sending, by ärende, that
	// the person may read.
	Handlingar []CalledHandling
}

// CalledHandling is one handling sent with the kallelse.
type CalledHandling struct {
	CaseID             string
	RegistrationNumber string
	CaseTitle          string // the item's title on the föredragningslista
	Handling           meeting.Handling
}

// calledTo lists the meetings from today through until that u was sent
// the kallelse of, not yet closed, earliest first.
func (e *core) calledTo(ctx context.Context, u identity.User, today, until platform.Date) ([]CalledTo, error) {
	if e.meetings == nil {
		return nil, nil
	}
	// A planned or open meeting is never on the anslagstavla (a meeting
	// is announced once justerat): the meetings of the coming days not on
	// it are read from an index, not every board's list.
	ms, err := e.meetings.Unpublished(ctx, today, until)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var out []CalledTo
	for _, m := range ms {
		if m.Date.Before(today) || m.Date.After(until) || (m.Status != meeting.StatusPlanned && m.Status != meeting.StatusOpen) || !m.Called(u.Username) {
			continue
		}
		name, ok := names[m.Board]
		if !ok {
			b, err := e.boards.GetBoard(ctx, m.Board)
			if err != nil {
				return nil, err
			}
			name = cmpOr(b.Name, b.Code)
			names[m.Board] = name
		}
		k, _ := m.LastKallelse()
		ct := CalledTo{Meeting: m, BoardName: name, Kallelse: k}
		official := e.CanRead(u, m.Board)
		for _, it := range k.Items {
			for _, h := range it.Handlingar {
				if official || m.SentHandling(u.Username, it.CaseID, h.Kind, h.No) {
					ct.Handlingar = append(ct.Handlingar, CalledHandling{CaseID: it.CaseID, RegistrationNumber: it.RegistrationNumber, CaseTitle: it.Title, Handling: h})
				}
			}
		}
		out = append(out, ct)
	}
	slices.SortStableFunc(out, func(a, b CalledTo) int { return a.Meeting.StartsAt.Compare(b.Meeting.StartsAt) })
	return out, nil
}

// KallelsePDF prints the kallelse of meeting id for u (KallelseMeeting
// decides who may read it): under each ärende the handlingar the latest
// sending that carried it recorded, else, for an official of the board,
// those that would go now; and when it was sent.
func (e *Meetings) KallelsePDF(ctx context.Context, u identity.User, id string) (meeting.Meeting, []byte, error) {
	m, err := e.KallelseMeeting(ctx, u, id)
	if err != nil {
		return m, nil, err
	}
	in, err := e.ProtocolInput(ctx, m)
	if err != nil {
		return m, nil, err
	}
	in.Handlingar = map[string][]string{}
	official := e.CanRead(u, m.Board)
	for _, it := range m.Agenda {
		if it.Kind != "case" {
			continue
		}
		var hs []meeting.Handling
		if sent, ok := m.SentItem(it.CaseID); ok {
			hs = sent.Handlingar
		} else if official {
			c, err := e.store.GetHead(ctx, it.CaseID)
			if err != nil {
				return m, nil, err
			}
			hs, _ = caseHandlingar(c)
		}
		for _, h := range hs {
			in.Handlingar[it.CaseID] = append(in.Handlingar[it.CaseID], h.Title)
		}
	}
	var buf bytes.Buffer
	if err := memopdf.RenderKallelse(&buf, in); err != nil {
		return m, nil, err
	}
	return m, buf.Bytes(), nil
}
