package meeting

import (
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Standard agenda items (formalia). Secretaries open the
// föredragningslista with "Mötets öppnande", "Val av justerare och tid
// för justering" and "Godkännande av dagordningen", and may close it with
// "Anmälningar" and "Information". They are agenda items of their own
// kind, KindFormal, and they never draw a § number: the protocol prints
// them as its opening part (the time the meeting was opened, the
// justerare with the day of justering, the dagordning approved with any
// extra ärende taken up at the meeting) and its closing part, all from
// what the meeting records anyway. So the §§ of the ärenden and of the
// anmälan of delegationsbeslut keep the numbers they have without them
// (the numbers are per board and year, gapless, and counted by clients
// of the API), and the formal items are only put on the agenda when the
// planner asks for them (PlanInput.StandardItems; the web form's
// checkbox is on by default), so an agenda planned as before keeps its
// item indexes too.

// KindFormal is the kind of a standard agenda item.
const KindFormal = "formal"

// Keys of the standard agenda items (AgendaItem.Formal).
const (
	FormalOpening     = "oppnande"    // Mötets öppnande
	FormalJusterare   = "justerare"   // Val av justerare och tid för justering
	FormalAgenda      = "dagordning"  // Godkännande av dagordningen
	FormalNotices     = "anmalningar" // Anmälningar
	FormalInformation = "information" // Information
)

// FormalKeys are the standard items in the order a föredragningslista
// takes them: the first three open it, the last two close it.
var FormalKeys = []string{FormalOpening, FormalJusterare, FormalAgenda, FormalNotices, FormalInformation}

var formalTitles = map[string]string{
	FormalOpening:     "Mötets öppnande",
	FormalJusterare:   "Val av justerare och tid för justering",
	FormalAgenda:      "Godkännande av dagordningen",
	FormalNotices:     "Anmälningar",
	FormalInformation: "Information",
}

// FormalItem is the standard agenda item with key, false for an unknown
// key.
func FormalItem(key string) (AgendaItem, bool) {
	t, ok := formalTitles[key]
	return AgendaItem{Kind: KindFormal, Formal: key, Title: t}, ok
}

// Opening reports whether the formal item opens the meeting (öppnande,
// justerare, dagordning) rather than closing it.
func (it AgendaItem) Opening() bool {
	return it.Kind == KindFormal && (it.Formal == FormalOpening || it.Formal == FormalJusterare || it.Formal == FormalAgenda)
}

// WithStandardItems puts the standard items on an agenda of ärenden and
// the anmälan of delegationsbeslut: the opening three first, Anmälningar
// and Information last.
func WithStandardItems(agenda []AgendaItem) []AgendaItem {
	var out []AgendaItem
	for _, k := range FormalKeys[:3] {
		it, _ := FormalItem(k)
		out = append(out, it)
	}
	out = append(out, agenda...)
	for _, k := range FormalKeys[3:] {
		it, _ := FormalItem(k)
		out = append(out, it)
	}
	return out
}

// formalSlot is where a standard item added after planning goes: an
// opening item after the opening items that come before it in
// FormalKeys, a closing one last.
func (m Meeting) formalSlot(item AgendaItem) int {
	if !item.Opening() {
		return len(m.Agenda)
	}
	rank := slices.Index(FormalKeys, item.Formal)
	i := 0
	for i < len(m.Agenda) && m.Agenda[i].Opening() && slices.Index(FormalKeys, m.Agenda[i].Formal) < rank {
		i++
	}
	return i
}

// SetStatusAt is SetStatus on the day of now, stamping the time the
// meeting was opened or closed (printed under "Mötets öppnande").
func (m *Meeting) SetStatusAt(to Status, now time.Time) error {
	if err := m.SetStatus(to, platform.DateOf(now)); err != nil {
		return err
	}
	at := now.UTC()
	switch to {
	case StatusOpen:
		m.OpenedAt = &at
	case StatusClosed:
		m.ClosedAt = &at
	}
	return nil
}

// SetJusteringPlan records the day (tid för justering) the justerare
// are to justera the protocol: not before the meeting. A zero day keeps
// the one recorded.
func (m *Meeting) SetJusteringPlan(on platform.Date) error {
	if on.IsZero() {
		return nil
	}
	if !on.InRange() {
		return (&fault.Fields{{Field: "/justering_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
	}
	if on.Before(m.Date) {
		return (&fault.Fields{{Field: "/justering_on", Code: "before_meeting_date"}}).Err(fault.Unprocessable)
	}
	m.JusteringPlanned = on
	return nil
}

// JusteringDue is the day the protocol is to be justerat: the day the
// board chose, else the latest day, 14 days after the meeting.
func (m Meeting) JusteringDue() platform.Date {
	if !m.JusteringPlanned.IsZero() {
		return m.JusteringPlanned
	}
	return m.Date.AddDays(14)
}

// seatName is the name of the seat holder (with party, "Anna Andersson
// (S)"), else the username.
func (m Meeting) seatName(username string, party bool) string {
	for _, s := range m.Seats {
		if s.Username == username {
			n := s.Name
			if n == "" {
				n = username
			}
			if party && s.Party != "" {
				n += " (" + s.Party + ")"
			}
			return n
		}
	}
	return username
}

// FormalText is what the protocol says under a standard item, in
// Swedish, from what the meeting recorded: the time the chair opened the
// meeting, the justerare with the day of justering, the dagordning
// approved with the extra ärenden taken up at the meeting, and the
// closing items as noted. It is "" for any other item.
func (m Meeting) FormalText(item AgendaItem) string {
	if item.Kind != KindFormal {
		return ""
	}
	switch item.Formal {
	case FormalOpening:
		if m.OpenedAt == nil {
			return "Sammanträdet har inte öppnats."
		}
		who := "Ordföranden"
		for _, s := range m.Seats {
			if s.Role == "ordforande" && s.Present {
				who += " " + m.seatName(s.Username, false)
				break
			}
		}
		return who + " förklarar sammanträdet öppnat kl. " + m.OpenedAt.In(platform.Stockholm).Format("15.04") + "."
	case FormalJusterare:
		if len(m.Justerare) == 0 {
			return "Justerare är inte utsedd. Justering sker senast " + m.JusteringDue().String() + "."
		}
		var names []string
		for _, j := range m.Justerare {
			names = append(names, m.seatName(j, true))
		}
		return "Att jämte ordföranden justera protokollet utses " + joinSwedish(names) + ". Justering sker " + m.JusteringDue().String() + "."
	case FormalAgenda:
		var extra []string
		for _, it := range m.Agenda {
			if it.Extra {
				extra = append(extra, strings.TrimSpace(it.Title+" ("+it.RegistrationNumber+")"))
			}
		}
		if len(extra) == 0 {
			return "Dagordningen godkänns."
		}
		return "Dagordningen godkänns med tillägg av extra ärende: " + joinSwedish(extra) + "."
	case FormalNotices:
		return "Anmälningarna läggs till handlingarna."
	case FormalInformation:
		return "Nämnden tar del av informationen."
	}
	return ""
}

// joinSwedish joins names the Swedish way: "A, B och C".
func joinSwedish(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " och " + xs[len(xs)-1]
}

// HasFormal reports whether the agenda carries standard items.
func (m Meeting) HasFormal() bool {
	return slices.ContainsFunc(m.Agenda, func(it AgendaItem) bool { return it.Kind == KindFormal })
}
