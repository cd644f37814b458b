package oparl

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// Site is where the API is published and who answers for it.
type Site struct {
	// Base is the absolute URL of the API without a trailing slash, e.g.
	// "https://samstyr.example.se/api/v1/public/oparl". Every object's id
	// is under it.
	Base         string
	Name         string // the System's name, e.g. "Samstyr – Ölands IT-nämnd"
	ContactEmail string
	ContactName  string
	Website      string
	License      string // URL of the data licence, e.g. CC0
	Product      string // URL of the product
}

// URLs of the objects. Paths under Site.Base:
//
//	/system                                 oparl:System
//	/body, /body/{code}                     list of bodies, oparl:Body
//	/body/{code}/{organization|person|meeting|paper}  external lists
//	/body/{code}/term/{year}                oparl:LegislativeTerm
//	/organization/{code}                    oparl:Organization
//	/person/{id}                            oparl:Person
//	/membership/{person}/{board}/{role}/{from}  oparl:Membership
//	/meeting/{id}                           oparl:Meeting
//	/meeting/{id}/location                  oparl:Location
//	/meeting/{id}/agenda-item/{no}          oparl:AgendaItem (§ no)
//	/meeting/{id}/consultation/{no}         oparl:Consultation
//	/meeting/{id}/file/protokoll            oparl:File
//	/paper/{id}                             oparl:Paper
//	/paper/{id}/file/{memo|no}              oparl:File
//	…/file/…/access, …/file/…/download      the file itself (see FileRef)
func (s Site) url(parts ...string) string { return s.Base + "/" + strings.Join(parts, "/") }

// SystemURL is the endpoint.
func (s Site) SystemURL() string { return s.url("system") }

// BodyURL is a body's URL.
func (s Site) BodyURL(code string) string { return s.url("body", code) }

// OrganizationURL is a board's URL as a gremium.
func (s Site) OrganizationURL(code string) string { return s.url("organization", code) }

// PersonURL is a person's URL.
func (s Site) PersonURL(id string) string { return s.url("person", id) }

// MeetingURL is a meeting's URL.
func (s Site) MeetingURL(id string) string { return s.url("meeting", id) }

// AgendaItemURL is a paragraph's URL.
func (s Site) AgendaItemURL(meetingID string, no int) string {
	return s.url("meeting", meetingID, "agenda-item", strconv.Itoa(no))
}

// ConsultationURL is the URL of the handling of an ärende at a paragraph.
func (s Site) ConsultationURL(meetingID string, no int) string {
	return s.url("meeting", meetingID, "consultation", strconv.Itoa(no))
}

// PaperURL is an ärende's URL.
func (s Site) PaperURL(id string) string { return s.url("paper", id) }

func (s Site) membershipURL(personID string, m MembershipIn) string {
	return s.url("membership", personID, m.Board, m.Role, m.From.String())
}

// stamp returns the common properties.
func (s Site) stamp(id, typ string, created, modified time.Time) Stamp {
	return Stamp{ID: id, Type: typ, Created: dateTime(created), Modified: dateTime(modified)}
}

// dateTime formats t as OParl wants it: yyyy-mm-ddThh:mm:ss±hh:mm, in
// Stockholm time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(platform.Stockholm).Format("2006-01-02T15:04:05-07:00")
}

func date(d platform.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// termStart is the first year of the mandatperiod year falls in: the
// four-year terms of Swedish municipal assemblies begin in 2019, 2023,
// 2027 …
func termStart(year int) int {
	d := year - 2023
	if d < 0 {
		d -= 3
	}
	return 2023 + d/4*4
}

func (s Site) term(board string, start int) LegislativeTerm {
	return LegislativeTerm{Stamp: Stamp{ID: s.url("body", board, "term", strconv.Itoa(start)), Type: TypeLegislativeTerm},
		Body: s.BodyURL(board), Name: "Mandatperiod " + strconv.Itoa(start) + "–" + strconv.Itoa(start+3),
		StartDate: strconv.Itoa(start) + "-01-01", EndDate: strconv.Itoa(start+3) + "-12-31"}
}

// System returns the endpoint object.
func (s Site) System(created, modified time.Time) System {
	return System{Stamp: s.stamp(s.SystemURL(), TypeSystem, created, modified), OparlVersion: Version, Body: s.url("body"),
		Name: s.Name, ContactEmail: s.ContactEmail, ContactName: s.ContactName, Website: s.Website, Product: s.Product}
}

// Body returns a board as the publishing authority, with the mandate
// periods its meetings fall in.
func (s Site) Body(b BoardIn, meetingYears []int) Body {
	out := Body{Stamp: s.stamp(s.BodyURL(b.Code), TypeBody, b.Created, b.Modified), System: s.SystemURL(), ShortName: b.Code,
		Name: b.Name, Organization: s.url("body", b.Code, "organization"), Person: s.url("body", b.Code, "person"),
		Meeting: s.url("body", b.Code, "meeting"), Paper: s.url("body", b.Code, "paper"), LegislativeTerm: []LegislativeTerm{},
		Classification: classification(b.Kind), MainOrganization: s.OrganizationURL(b.Code), Kind: b.Kind}
	out.License = s.License
	seen := map[int]bool{}
	for _, y := range meetingYears {
		if t := termStart(y); !seen[t] {
			seen[t] = true
			out.LegislativeTerm = append(out.LegislativeTerm, s.term(b.Code, t))
		}
	}
	sortTerms(out.LegislativeTerm)
	for _, m := range b.Members {
		out.Members = append(out.Members, MemberExt{Code: m.Code, Name: m.Name, Host: m.Host})
	}
	return out
}

func sortTerms(ts []LegislativeTerm) {
	slices.SortFunc(ts, func(a, b LegislativeTerm) int { return strings.Compare(a.StartDate, b.StartDate) })
}

func classification(kind string) string {
	if kind == "gemensam_namnd" {
		return "Gemensam nämnd"
	}
	return "Nämnd"
}

// Organization returns a board as a gremium, listing the memberships of
// the people who sit on it.
func (s Site) Organization(b BoardIn, people []PersonIn) Organization {
	o := Organization{Stamp: s.stamp(s.OrganizationURL(b.Code), TypeOrganization, b.Created, b.Modified), Body: s.BodyURL(b.Code),
		Name: b.Name, ShortName: b.Code, Meeting: s.url("body", b.Code, "meeting"), OrganizationType: "Gremium",
		Classification: classification(b.Kind)}
	for _, p := range people {
		for _, m := range p.Memberships {
			if m.Board == b.Code {
				o.Membership = append(o.Membership, s.membershipURL(p.ID, m))
			}
		}
	}
	return o
}

var roleLabels = map[string]string{"ordforande": "Ordförande", "vice_ordforande": "Vice ordförande",
	"ledamot": "Ledamot", "ersattare": "Ersättare"}

// Person returns an elected member with their memberships inline.
func (s Site) Person(p PersonIn) Person {
	out := Person{Stamp: s.stamp(s.PersonURL(p.ID), TypePerson, p.Created, p.Modified), Name: public.Text(p.Name)}
	for _, m := range p.Memberships {
		if out.Body == "" {
			out.Body = s.BodyURL(m.Board)
		}
		out.Membership = append(out.Membership, s.Membership(p, m, true))
	}
	return out
}

// Membership returns one seat; inline (inside its Person) it leaves out
// the person, as OParl asks.
func (s Site) Membership(p PersonIn, m MembershipIn, inline bool) Membership {
	voting := m.Role != "ersattare"
	out := Membership{Stamp: s.stamp(s.membershipURL(p.ID, m), TypeMembership, p.Created, p.Modified),
		Organization: s.OrganizationURL(m.Board), Role: roleLabels[m.Role], VotingRight: &voting,
		StartDate: date(m.From), EndDate: date(m.To)}
	if out.Role == "" {
		out.Role = m.Role
	}
	if !inline {
		out.Person = s.PersonURL(p.ID)
	}
	return out
}
