package earchive

import (
	"fmt"
	"strconv"
	"strings"
)

// NamespaceERMS is the CITS ERMS 2.x namespace.
const NamespaceERMS = "https://DILCIS.eu/XML/ERMS"

// maskedParty replaces a party's name where sekretess applies.
const maskedParty = "Uppgift maskerad (sekretess)"

// erms writes metadata/descriptive/ERMS.xml: the ärende as one caseFile
// aggregation with its handlingar as records, its decisions and events as
// actions, its sekretessmarkeringar as restrictions and the plan's word
// on gallring as disposal. Element order follows ERMS_v2_1_2.xsd.
func (b *builder) erms() []byte {
	in, c := b.in, b.in.Case
	w := newXW()
	w.start("erms", "xmlns", NamespaceERMS,
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", NamespaceERMS+" ../../schemas/ERMS_v2_1_2.xsd")

	w.start("control")
	w.elem("identification", in.Creator.Name, "identificationType", "arkivbildare")
	w.elem("identification", Software, "identificationType", "system")
	w.elem("identification", b.id, "identificationType", "paket")
	if in.ClassificationScheme != "" {
		w.start("classificationSchema")
		w.start("textualDescriptionOfClassificationSchema")
		w.elem("p", in.ClassificationScheme)
		w.end()
		w.end()
	}
	w.start("dates")
	w.elem("date", dateTime(in.Created), "dateType", "created")
	w.end()
	w.start("maintenanceInformation")
	w.elem("maintenanceStatus", "", "value", "new")
	w.start("maintenanceAgency")
	w.opt("agencyCode", in.Submitter.ID, "type", "identifikationskod")
	w.elem("agencyName", in.Submitter.Name)
	w.end()
	w.start("maintenanceHistory")
	w.start("maintenanceEvent")
	w.elem("eventType", "", "value", "created")
	w.elem("eventDateTime", dateTime(in.Created))
	w.start("agent", "agentType", "creator")
	w.elem("name", Software+" "+in.SoftwareVersion)
	w.end()
	w.end()
	w.end()
	w.end()
	w.end() // control

	w.start("aggregations")
	w.start("aggregation", "systemIdentifier", c.ID, "aggregationType", "caseFile")
	w.elem("objectId", c.RegistrationNumber)
	w.elem("extraId", c.RegistrationNumber, "extraIdType", "diarienummer")
	if c.Class.Code != "" || c.Class.Name != "" {
		w.elem("classification", c.Class.Name, attrs("classificationCode", c.Class.Code, "fullyQualifiedClassificationCode", c.Class.Code)...)
	}
	w.elem("title", c.Title)
	w.elem("status", "", "value", caseStatus(c))
	if c.Secrecy != nil {
		restriction(w, c.Secrecy)
	}
	if c.Disposal != nil {
		disposal(w, c.Disposal, in)
	}
	w.start("agents")
	officer(w, c.Officer, "responsible_person", "handläggare")
	for _, p := range c.Parties {
		name := p.Name
		if c.Secrecy != nil {
			name = maskedParty
		}
		party(w, "counterpart", name, p.Role, c.Secrecy != nil)
	}
	w.end()
	w.opt("description", c.Description)
	dates(w, "date", "created", dateTime(c.Registered), "decision", dateTime(c.Decided),
		"closed", dateTime(c.Closed), "archived", dateTime(c.Archived))
	for _, d := range c.Decisions {
		b.decisionAction(w, d)
	}
	for _, e := range c.Events {
		eventAction(w, e)
	}
	for i := range b.files {
		b.record(w, &b.files[i])
	}
	w.end() // aggregation
	w.end() // aggregations
	w.end() // erms
	return w.bytes()
}

// caseStatus maps the case's Samstyr state to the ERMS status. An ärende
// makulerat before it was archived is obliterated, not closed: the state
// its history left for arkiverad was makulerad.
func caseStatus(c Case) string {
	state := c.State
	if state == "arkiverad" && stateBeforeArchived(c.Events) == "makulerad" {
		state = "makulerad"
	}
	switch state {
	case "makulerad":
		return "obliterated"
	case "avslutad", "arkiverad":
		return "closed"
	case "registrerad":
		return "initiated"
	}
	return "in_progress"
}

// stateBeforeArchived is the state the history left for arkiverad (the
// archive event's From, else the state the event before it entered); ""
// when the history has no archive event.
func stateBeforeArchived(evs []Event) string {
	prev, from := "", ""
	for _, e := range evs {
		if e.To == "" {
			continue
		}
		if e.To == "arkiverad" && e.From != "arkiverad" {
			from = firstNonEmpty(e.From, prev)
		}
		prev = e.To
	}
	return from
}

func restriction(w *xw, s *Secrecy) {
	w.start("restriction", "restrictionType", "confidential")
	w.elem("explanatoryText", "Sekretessmarkering. Sekretessen prövas vid varje begäran om utlämnande.")
	w.elem("regulation", s.Reference)
	if !s.Date.IsZero() {
		w.start("dates")
		w.elem("date", dayTime(s.Date), "dateType", "confidentiality_assessed")
		w.end()
	}
	w.end()
}

func disposal(w *xw, d *Disposal, in Input) {
	w.start("disposal", "disposable", strconv.FormatBool(!d.Keep))
	if d.Keep {
		w.elem("disposalAction", "Bevaras")
	} else {
		w.elem("disposalAction", "Gallras")
		w.elem("disposalPeriod", fmt.Sprintf("%d år", d.Years))
	}
	w.opt("disposalMandate", d.Reference)
	w.start("dates")
	w.elem("disposalDate", dateTime(in.Created), "dateType", "applied")
	if !d.Keep && !d.Due.IsZero() {
		w.elem("disposalDate", dayTime(d.Due), "dateType", "retention_period_end")
	}
	w.end()
	w.end()
}

func officer(w *xw, p Person, agentType, role string) {
	if p.Name == "" {
		return
	}
	w.start("agent", "agentType", agentType)
	w.elem("name", p.Name)
	w.opt("role", strings.TrimSpace(role+" "+paren(p.Title)))
	w.end()
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func party(w *xw, agentType, name, role string, masked bool) {
	w.start("agent", "agentType", agentType)
	w.elem("name", name)
	w.opt("role", role)
	if masked {
		w.elem("protectedIdentity", "true")
	}
	w.end()
}

// decisionKindLabel is the Swedish name of a decision kind.
func decisionKindLabel(k DecisionKind) string {
	switch k {
	case BoardDecision:
		return "Nämndbeslut"
	case DelegatedDecision:
		return "Delegationsbeslut"
	case UrgentDecision:
		return "Ordförandebeslut i brådskande ärende"
	case SubDelegatedDecision:
		return "Beslut enligt vidaredelegering"
	}
	return string(k)
}

// decisionText is the decision as one line: its intro and att-satser.
func decisionText(d Decision) string {
	parts := []string{strings.TrimSpace(d.Intro)}
	for _, c := range d.Clauses {
		parts = append(parts, "att "+strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c), "att ")))
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// decisionAuthority is what the decision was taken under: the
// delegation point and order version, or the protocol §.
func decisionAuthority(d Decision) string {
	switch d.Kind {
	case BoardDecision:
		return "Protokoll " + d.Paragraph
	case UrgentDecision:
		s := "KL 6 kap. 39 §"
		if d.Point != "" {
			s += ", delegationsordning version " + strconv.Itoa(d.OrderVersion) + " punkt " + d.Point
		}
		return s
	}
	s := "Delegationsordning version " + strconv.Itoa(d.OrderVersion) + ", punkt " + d.Point
	if d.OrderHash != "" {
		s += " (SHA-256 " + d.OrderHash + ")"
	}
	return s
}

// decisionAction writes a decision as an action of the caseFile.
func (b *builder) decisionAction(w *xw, d Decision) {
	w.start("action")
	w.elem("actionText", decisionText(d))
	w.elem("actionDue", decisionAuthority(d))
	var motivation []string
	if d.Reported != "" {
		motivation = append(motivation, "Anmält "+d.Reported)
	}
	if d.Digest != "" {
		motivation = append(motivation, "Kontrollsumma (SHA-256 av beslutets kanoniska form) "+d.Digest)
	}
	if f := b.byNo[d.Extract]; f != nil {
		motivation = append(motivation, "Protokollsutdrag: handling "+strconv.Itoa(d.Extract))
	}
	w.opt("actionMotivation", strings.Join(motivation, ". "))
	w.elem("actionType", decisionKindLabel(d.Kind))
	w.start("dates")
	if !d.DecidedAt.IsZero() {
		w.elem("actionDate", dateTime(d.DecidedAt), "dateType", "decision")
	}
	if f := b.byNo[d.Handling]; f != nil {
		for i, s := range f.h.Signatures {
			kind := "main_signature"
			if i > 0 {
				kind = "other_signature"
			}
			if !s.SignedAt.IsZero() {
				w.elem("actionDate", dateTime(s.SignedAt), "dateType", kind)
			}
		}
	}
	if !d.AppealEnd.IsZero() {
		w.elem("actionDate", dayTime(d.AppealEnd), "dateType", "other", "otherDateType", "overklagandetid_slut")
	}
	if !d.LagaKraft.IsZero() {
		w.elem("actionDate", dayTime(d.LagaKraft), "dateType", "other", "otherDateType", "laga_kraft")
	}
	w.end()
	w.start("agents")
	w.start("agent", "agentType", "authorising_person")
	w.elem("name", d.Decider.Name)
	w.opt("role", d.Decider.Title)
	w.end()
	if f := b.byNo[d.Handling]; f != nil {
		for i, s := range f.h.Signatures {
			kind := "main_signatory"
			if i > 0 {
				kind = "other_signatory"
			}
			w.start("agent", "agentType", kind)
			w.elem("name", s.SignerName)
			w.opt("role", s.Role)
			w.end()
		}
	}
	w.end()
	w.end()
}

// eventAction writes one history event as an action of the caseFile.
func eventAction(w *xw, e Event) {
	text := e.Label
	if text == "" {
		text = e.Action
	}
	var detail []string
	if sc := stateChange(e.From, e.To); sc != "" {
		detail = append(detail, sc)
	}
	for _, s := range []string{e.Ref, e.Note} {
		if s != "" {
			detail = append(detail, s)
		}
	}
	if len(detail) > 0 {
		text += " (" + strings.Join(detail, "; ") + ")"
	}
	w.start("action")
	w.elem("actionText", text)
	w.elem("actionMotivation", fmt.Sprintf("Händelse %d i ärendets hashkedja, SHA-256 %s", e.Seq, e.Hash))
	w.elem("actionType", "Händelse")
	if !e.At.IsZero() {
		w.start("dates")
		w.elem("actionDate", dateTime(e.At), "dateType", "other", "otherDateType", "handelse")
		w.end()
	}
	if e.Actor != "" {
		w.start("agents")
		w.start("agent", "agentType", "user")
		w.elem("name", e.Actor)
		w.end()
		w.end()
	}
	w.end()
}

// direction maps a handling's direction and status to ERMS.
func direction(d Direction) (def, other, status, dateType string) {
	switch d {
	case Incoming:
		return "incoming", "", "received", "received"
	case Outgoing:
		return "outgoing", "", "expedited", "expedited"
	}
	return "other", "upprättad", "prepared", "created"
}

// record writes a handling as a record of the caseFile.
func (b *builder) record(w *xw, f *dataFile) {
	h, c := f.h, b.in.Case
	secret := h.Secrecy != nil || c.Secrecy != nil
	w.start("record", attrs("systemIdentifier", c.ID+"-h"+strconv.Itoa(h.No), "recordType", h.Type, "recordPhysicalOrDigital", "digitial")...)
	w.elem("objectId", c.RegistrationNumber+"-"+strconv.Itoa(h.No))
	if h.Version != "" {
		w.elem("extraId", h.Version, "extraIdType", "version")
	}
	w.elem("title", h.Title)
	def, other, status, dateType := direction(h.Direction)
	w.elem("status", "", "value", status)
	w.elem("runningNumber", strconv.Itoa(h.No))
	if h.RedactedVersionOf != 0 {
		w.elem("relation", c.RegistrationNumber+"-"+strconv.Itoa(h.RedactedVersionOf), "relationType", "is_redacted_version_of")
	}
	for _, o := range c.Handlings {
		if o.RedactedVersionOf == h.No {
			w.elem("relation", c.RegistrationNumber+"-"+strconv.Itoa(o.No), "relationType", "has_redacted_version")
		}
	}
	if h.Secrecy != nil {
		restriction(w, h.Secrecy)
	}
	if h.Weeded != nil {
		w.start("disposal", "disposable", "true")
		w.elem("disposalAction", "Gallrad")
		w.opt("disposalMandate", strings.TrimSpace(h.Weeded.Reference+" "+paren(h.Weeded.Decision)))
		w.start("dates")
		w.elem("disposalDate", dayTime(h.Weeded.On), "dateType", "disposal_date")
		w.end()
		w.end()
	}
	w.elem("direction", "", attrs("directionDefinition", def, "otherDirectionDefinition", other)...)
	if h.Party != "" {
		role, agentType := "avsändare", "sender"
		if h.Direction == Outgoing {
			role, agentType = "mottagare", "recipient"
		}
		name := h.Party
		if secret {
			name = maskedParty
		}
		w.start("agents")
		party(w, agentType, name, role, secret)
		w.end()
	}
	dates(w, "date", dateType, dayTime(h.Date))
	var notes []string
	if f.path != "" && !f.archival {
		notes = append(notes, "Filen är inte i ett arkivbeständigt format ("+f.format+"); den levereras som den inkom.")
	}
	if h.Weeded != nil {
		notes = append(notes, "Innehållet är gallrat; metadata och kontrollsumma (SHA-256 "+h.SHA256+") finns kvar.")
	}
	if len(notes) > 0 {
		w.start("notes")
		for _, n := range notes {
			w.elem("note", n, "noteType", "arkivformat")
		}
		w.end()
	}
	if len(h.Signatures) > 0 {
		w.start("eSignatures")
		for _, s := range h.Signatures {
			w.elem("eSignature", "", attrs("present", "true", "dateeSignatureIsVerified", dateTime(s.VerifiedAt))...)
		}
		w.end()
	}
	if f.path != "" {
		w.start("additionalInformation")
		w.start("appendix", attrs("name", h.FileName, "description", h.Title, "fileFormat", f.format,
			"path", f.path, "eSignatureHasExisted", strconv.FormatBool(len(h.Signatures) > 0))...)
		w.end()
		w.start("ownElement")
		w.elem("ownElementDescription", "Filens kontrollsumma och om formatet är arkivbeständigt")
		w.start("ownElement", "name", "sha256", "dataType", "string")
		w.elem("value", f.sha256)
		w.end()
		w.start("ownElement", "name", "arkivbestandigt_format", "dataType", "boolean")
		w.elem("value", strconv.FormatBool(f.archival))
		w.end()
		w.start("ownElement", "name", "mediatyp", "dataType", "string")
		w.elem("value", f.mediaType)
		w.end()
		w.end()
		w.end()
	}
	w.end()
}

// dates writes a dates element with one child per non-empty value of the
// (dateType, value) pairs, and nothing when all are empty.
func dates(w *xw, elem string, kv ...string) {
	as := attrs(kv...)
	if len(as) == 0 {
		return
	}
	w.start("dates")
	for i := 0; i+1 < len(as); i += 2 {
		w.elem(elem, as[i+1], "dateType", as[i])
	}
	w.end()
}
