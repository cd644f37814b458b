package memopdf

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/pdfa"
	"github.com/samstyr/samstyr/internal/platform"
)

// ProtocolInput is a sammanträde as printed. The protocol, the kallelse
// and protocol extracts (protokollsutdrag) are all made from it.
type ProtocolInput struct {
	// Organisation is the authority, e.g. "Borgholms kommun".
	Organisation string
	// BoardName is the board that met, e.g. "Ölands IT-nämnd".
	BoardName string
	// Meeting is the meeting with its seats, agenda, paragraphs and
	// justering signatures.
	Meeting meeting.Meeting
	// SecretaryName is the board's sekreterare, who keeps the protocol
	// and certifies extracts.
	SecretaryName string
	// People names the people the protocol mentions who hold no seat
	// (a justerare, a signer), by username.
	People map[string]string
	// DecisionLines name the reported delegation decisions for people,
	// by decision id: diarienummer, subject, decider and date. A decision
	// without a line is printed by its id.
	DecisionLines map[string]string
	// Handlingar are the titles of the handlingar under each ärende of
	// the kallelse, by case id: as the latest sending that carried the
	// ärende recorded them, else as they would go now.
	Handlingar map[string][]string
}

// ExtractInput selects one paragraph of a protocol for a
// protokollsutdrag.
type ExtractInput struct {
	ProtocolInput
	// Paragraph is the § number (meeting.Paragraph.No).
	Paragraph int
}

// ErrNoParagraph is returned by RenderExtract when the protocol has no
// paragraph with the requested number.
var ErrNoParagraph = errors.New("memopdf: no such paragraph in the protocol")

// NotJusteradMarker is printed at the top of every page of a protocol
// (or an extract of a paragraph not justerad at once) whose justering is
// not complete.
const NotJusteradMarker = "EJ JUSTERAT"

// justeringPlace is where a Samstyr protocol is justerat: the ordförande
// and the justerare sign it electronically.
const justeringPlace = "Elektronisk justering"

// RenderProtocol writes the meeting's protocol as an A4 PDF: attendance,
// justerare and justering, every paragraph (secret ones included, this is
// the internal document) with jäv, yrkanden, votering, beslut and
// reservationer, then the signatures and the protocol's digest.
// Like Render it is deterministic and never panics on odd text.
func RenderProtocol(w io.Writer, in ProtocolInput) error {
	ctx := newMeetingCtx(in)
	m := in.Meeting
	f := ctx.frame("PROTOKOLL", "Protokoll")
	if m.Status != meeting.StatusJusterad {
		f.marker = NotJusteradMarker
	}
	if ctx.digest != "" {
		f.footLeft = append(f.footLeft, "Kontrollsumma "+ctx.digest)
	}
	if ps := ctx.paragraphRange(); ps != "" {
		f.right = append(f.right, "Paragrafer: "+ps)
	}
	return renderSheet(w, f, func(s *sheet) { ctx.protocolBody(s) })
}

// RenderKallelse writes the kallelse to the board's ledamöter and
// ersättare with date, time, place and the numbered föredragningslista.
func RenderKallelse(w io.Writer, in ProtocolInput) error {
	ctx := newMeetingCtx(in)
	f := ctx.frame("KALLELSE", "Kallelse")
	return renderSheet(w, f, func(s *sheet) { ctx.kallelseBody(s) })
}

// RenderExtract writes a protokollsutdrag: one paragraph as in the
// protocol, the justering and the secretary's certification ("Rätt
// utdraget intygar"). It returns an error wrapping ErrNoParagraph, and
// writes nothing, when the protocol has no § in.Paragraph.
func RenderExtract(w io.Writer, in ExtractInput) error {
	i := slices.IndexFunc(in.Meeting.Paragraphs, func(p meeting.Paragraph) bool { return p.No == in.Paragraph })
	if i < 0 {
		return fmt.Errorf("%w: § %d", ErrNoParagraph, in.Paragraph)
	}
	p := in.Meeting.Paragraphs[i]
	ctx := newMeetingCtx(in.ProtocolInput)
	f := ctx.frame("PROTOKOLLSUTDRAG", "Protokollsutdrag § "+strconv.Itoa(p.No))
	f.right = append(f.right, "Paragraf: § "+strconv.Itoa(p.No))
	if in.Meeting.Status != meeting.StatusJusterad && !p.Immediate {
		f.marker = NotJusteradMarker
	}
	if ctx.digest != "" {
		f.footLeft = append(f.footLeft, "Kontrollsumma "+ctx.digest)
	}
	return renderSheet(w, f, func(s *sheet) { ctx.extractBody(s, p) })
}

// meetingCtx is a meeting with its one-line texts cleaned for printing
// and its usernames resolved to names.
type meetingCtx struct {
	m                  meeting.Meeting
	org, board         string
	date, time, place  string
	secretary          string
	digest, fullDigest string
	created            time.Time
	names, roles       map[string]string
	decisionLines      map[string]string
	people             map[string]string
	handlingar         map[string][]string
}

func newMeetingCtx(in ProtocolInput) *meetingCtx {
	m := in.Meeting
	c := &meetingCtx{
		m:             m,
		org:           cleanLine(in.Organisation),
		board:         cleanLine(in.BoardName),
		place:         cleanLine(m.Place),
		secretary:     cleanLine(in.SecretaryName),
		decisionLines: in.DecisionLines,
		handlingar:    in.Handlingar,
		people:        in.People,
		digest:        shortDigest(m.Digest),
		fullDigest:    limit(cleanLine(m.Digest), 200),
		names:         map[string]string{},
		roles:         map[string]string{},
	}
	if c.board == "" {
		c.board = cleanLine(m.Board)
	}
	date := m.Date
	if date.IsZero() && !m.StartsAt.IsZero() {
		date = platform.DateOf(m.StartsAt)
	}
	c.created = creationTime(date)
	if c.created.Year() == date.Year {
		c.date = date.String()
	}
	if !m.StartsAt.IsZero() {
		if t := m.StartsAt.In(platform.Stockholm); t.Year() >= 1000 && t.Year() <= 9999 {
			c.time = "kl. " + t.Format("15.04")
		}
	}
	for _, s := range m.Seats {
		if _, dup := c.names[s.Username]; dup {
			continue
		}
		c.names[s.Username] = cleanLine(s.Name)
		c.roles[s.Username] = s.Role
	}
	return c
}

// who is the name of the user, or the username when it is not a seat.
func (c *meetingCtx) who(username string) string {
	if n := c.names[username]; n != "" {
		return n
	}
	if n := limit(cleanLine(c.people[username]), 200); n != "" {
		return n
	}
	if n := limit(cleanLine(username), 200); n != "" {
		return n
	}
	return "(okänd)"
}

// frame is the page frame shared by the meeting's documents.
func (c *meetingCtx) frame(kind, short string) sheetFrame {
	f := sheetFrame{kind: kind, org: c.org, board: c.board, created: c.created, author: c.secretary}
	if c.date != "" {
		f.right = append(f.right, "Sammanträdesdatum: "+c.date)
	}
	doc := strings.TrimSpace(short + " " + c.date)
	f.runHead = joinNonEmpty(" · ", c.org, c.board, doc)
	f.footLeft = []string{joinNonEmpty(" · ", c.board, doc)}
	f.title = joinNonEmpty(", ", short, c.board, c.date)
	return f
}

// paragraphRange is "§§ 12–14" for the protocol's paragraphs.
func (c *meetingCtx) paragraphRange() string {
	if len(c.m.Paragraphs) == 0 {
		return ""
	}
	lo, hi := c.m.Paragraphs[0].No, c.m.Paragraphs[0].No
	for _, p := range c.m.Paragraphs {
		lo, hi = min(lo, p.No), max(hi, p.No)
	}
	if lo == hi {
		return "§ " + strconv.Itoa(lo)
	}
	return "§§ " + strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
}

// seatRank orders seats as a protocol lists them.
func seatRank(role string) int {
	switch role {
	case "ordforande":
		return 0
	case "vice_ordforande":
		return 1
	case "ersattare":
		return 3
	}
	return 2
}

func roleLabel(role string) string {
	switch role {
	case "ordforande":
		return "ordförande"
	case "vice_ordforande":
		return "vice ordförande"
	case "ledamot":
		return "ledamot"
	case "ersattare":
		return "ersättare"
	}
	return limit(cleanLine(strings.ReplaceAll(role, "_", " ")), 60)
}

// sortedSeats is the meeting's seats, chair first and ersättare last.
func (c *meetingCtx) sortedSeats() []meeting.Seat {
	seats := slices.Clone(c.m.Seats)
	slices.SortStableFunc(seats, func(a, b meeting.Seat) int { return cmp.Compare(seatRank(a.Role), seatRank(b.Role)) })
	return seats
}

// seatLine is "Anna Andersson, ordförande" (plain ledamöter without a
// role when withLedamot is false).
func (c *meetingCtx) seatLine(s meeting.Seat, withLedamot bool) string {
	name := c.who(s.Username)
	if s.Role == "ledamot" && !withLedamot {
		return name
	}
	if r := roleLabel(s.Role); r != "" {
		return name + ", " + r
	}
	return name
}

// attendance returns the attendance lists of the protocol.
func (c *meetingCtx) attendance() (members, substitutes, others, absent []string) {
	for _, s := range c.sortedSeats() {
		switch {
		case !s.Present:
			absent = append(absent, c.seatLine(s, true))
		case s.Member():
			members = append(members, c.seatLine(s, false))
		case s.ServesFor != "":
			substitutes = append(substitutes, c.who(s.Username)+" för "+c.who(s.ServesFor)+c.servedAt(s.Username))
		default:
			others = append(others, c.seatLine(s, true)+c.steppedIn(s.Username))
		}
	}
	if c.secretary != "" {
		others = append(others, c.secretary+", sekreterare")
	}
	return members, substitutes, others, absent
}

// servedAt is " (§§ 1, 3)" when a serving ersättare served at only some
// of the paragraphs, "" when at all of them (or nothing is recorded).
func (c *meetingCtx) servedAt(username string) string {
	var at []string
	recorded := false
	for _, p := range c.m.Paragraphs {
		recorded = recorded || len(p.Serving) > 0
		if slices.Contains(p.Serving, username) {
			at = append(at, strconv.Itoa(p.No))
		}
	}
	if !recorded || len(at) == len(c.m.Paragraphs) {
		return ""
	}
	if len(at) == 0 {
		return " (tjänstgjorde inte vid någon paragraf)"
	}
	if len(at) == 1 {
		return " (§ " + at[0] + ")"
	}
	return " (§§ " + strings.Join(at, ", ") + ")"
}

// steppedIn is " (tjänstgör vid § 4 för Anna Andersson på grund av
// jäv)" for an ersättare who stepped in at paragraphs for members who
// left them for jäv, "" otherwise.
func (c *meetingCtx) steppedIn(username string) string {
	var at []string
	for _, p := range c.m.Paragraphs {
		for _, j := range p.JavSubstitutes {
			if j.Substitute == username {
				at = append(at, "§ "+strconv.Itoa(p.No)+" för "+c.who(j.Member))
			}
		}
	}
	if len(at) == 0 {
		return ""
	}
	return " (tjänstgör vid " + joinSv(at) + " på grund av jäv)"
}

// formal prints the standard agenda items (meeting.KindFormal), which
// draw no §: the opening ones (öppnande, justerare, dagordning) before
// the paragraphs when opening is true, Anmälningar and Information after
// them otherwise, in agenda order, each under its title with what the
// meeting recorded.
func (c *meetingCtx) formal(s *sheet, opening bool) {
	for _, it := range c.m.Agenda {
		if it.Kind != meeting.KindFormal || it.Opening() != opening {
			continue
		}
		s.ensureRoom(6 + 6.5 + 2*lineH)
		s.pdf.Ln(6)
		s.font("B", 12)
		s.pdf.SetX(marginLeft)
		s.pdf.MultiCell(contentW, 6.5, cmp.Or(limit(cleanLine(it.Title), 1000), "(utan rubrik)"), "", "L", false)
		s.pdf.Ln(1)
		s.sentence(limit(cleanLine(c.m.FormalText(it)), 2000))
	}
}

// justering is the "Justeringens plats och tid" text.
func (c *meetingCtx) justering() string {
	if d := c.m.JusteredOn; !d.IsZero() && creationTime(d).Year() == d.Year {
		return justeringPlace + ", " + d.String()
	}
	return "Ej justerat"
}

func (c *meetingCtx) protocolBody(s *sheet) {
	m := c.m
	s.field("Plats och tid", joinNonEmpty(", ", c.place, strings.TrimSpace(c.date+" "+c.time)))
	members, substitutes, others, absent := c.attendance()
	s.field("Närvarande ledamöter", listLines(members))
	s.field("Tjänstgörande ersättare", listLines(substitutes))
	s.field("Övriga närvarande", listLines(others))
	if len(absent) > 0 {
		s.field("Frånvarande", listLines(absent))
	}
	var justerare []string
	for _, u := range m.Justerare {
		justerare = append(justerare, c.who(u))
	}
	s.field("Justerare", listLines(justerare))
	s.field("Justeringens plats och tid", c.justering())

	c.formal(s, true)
	if len(m.Paragraphs) == 0 {
		s.pdf.Ln(6)
		s.sentence("Inga paragrafer är protokollförda.")
	}
	for _, p := range m.Paragraphs {
		c.paragraph(s, p)
	}
	c.formal(s, false)
	c.signatures(s)
}

// paragraph prints one § as in the protocol.
func (c *meetingCtx) paragraph(s *sheet, p meeting.Paragraph) {
	pdf := s.pdf
	title := limit(cleanLine(p.Title), 1000)
	if title == "" {
		title = "(utan rubrik)"
	}
	if dnr := limit(cleanLine(p.RegistrationNumber), 200); dnr != "" {
		title += " (" + dnr + ")"
	}
	s.ensureRoom(6 + 6.5 + 3*lineH)
	pdf.Ln(6)
	s.font("B", 12)
	pdf.SetX(marginLeft)
	pdf.MultiCell(contentW, 6.5, "§ "+strconv.Itoa(p.No)+" "+title, "", "L", false)
	pdf.Ln(1)

	if p.Secret {
		pdf.SetTextColor(170, 0, 0)
		s.sentenceStyled("B", "Sekretess – paragrafen visas inte på den offentliga anslagstavlan.")
		pdf.SetTextColor(0, 0, 0)
	}
	if p.Immediate {
		s.sentence("Paragrafen justeras omedelbart.")
	}
	if len(p.Jav) > 0 {
		s.sub("Jäv")
		for _, line := range c.m.JavText(p, c.who) {
			s.sentence(limit(cleanLine(line), 1000))
		}
	}
	if len(p.Decisions) > 0 || p.Outcome == meeting.OutcomeReported {
		if !strings.EqualFold(title, "Anmälan av delegationsbeslut") {
			s.sub("Anmälan av delegationsbeslut")
		}
		if len(p.Decisions) == 0 {
			s.sentence("Inga delegationsbeslut anmäls.")
		} else {
			s.sentence("Följande delegationsbeslut anmäls:")
			for _, d := range p.Decisions {
				if line, ok := c.decisionLines[d]; ok {
					d = line
				}
				s.item("•", limit(cleanLine(d), 300), indentList)
			}
		}
	}
	if len(p.Proposals) > 0 {
		s.sub("Yrkanden")
		for _, y := range p.Proposals {
			if y = cleanText(y); y != "" {
				s.item("•", y, indentList)
			}
		}
	}
	if len(p.Votes) > 0 {
		c.votes(s, p.Votes)
	}

	s.sub("Beslut")
	switch p.Outcome {
	case meeting.OutcomeApproved:
		if len(clauses(p.Clauses)) == 0 {
			s.sentence("Förslaget bifalls.")
		} else {
			s.sentence(cmp.Or(c.board, "Nämnden") + " beslutar")
		}
	case meeting.OutcomeRejected:
		s.sentence("Förslaget avslås.")
	case meeting.OutcomeReferred:
		s.sentence("Ärendet återremitteras.")
	case meeting.OutcomeTabled:
		s.sentence("Ärendet bordläggs.")
	case meeting.OutcomeReported:
		s.sentence("Anmälan av delegationsbeslut läggs till handlingarna.")
	default:
		if o := limit(cleanLine(string(p.Outcome)), 200); o != "" {
			s.sentence(o)
		} else if len(clauses(p.Clauses)) == 0 {
			s.sentence("Beslut saknas.")
		}
	}
	for _, cl := range clauses(p.Clauses) {
		s.item("att", cl, indentAtt)
	}

	if len(p.Reservations) > 0 {
		s.sub("Reservation")
		for _, r := range p.Reservations {
			s.sentence(c.who(r.Username) + " reserverar sig mot beslutet.")
			if why := cleanText(r.Reason); why != "" {
				s.item("", "Motivering: "+why, indentList)
			}
		}
	}
}

// votes prints the votering: counts, then who voted how.
func (c *meetingCtx) votes(s *sheet, votes []meeting.Vote) {
	type group struct {
		label string
		names []string
	}
	groups := []*group{{label: "Ja"}, {label: "Nej"}, {label: "Avstår"}}
	index := map[string]*group{"ja": groups[0], "nej": groups[1], "avstar": groups[2]}
	for _, v := range votes {
		key := strings.ToLower(strings.TrimSpace(v.Vote))
		g := index[key]
		if g == nil {
			label := limit(cleanLine(v.Vote), 40)
			if label == "" {
				label = "Ogiltig"
			}
			g = &group{label: label}
			index[key] = g
			groups = append(groups, g)
		}
		g.names = append(g.names, c.who(v.Username))
	}
	var counts []string
	for _, g := range groups {
		counts = append(counts, strconv.Itoa(len(g.names))+" "+strings.ToLower(g.label))
	}
	s.sub("Votering")
	s.sentence("Omröstningsresultat: " + strings.Join(counts, ", ") + ".")
	for _, g := range groups {
		if len(g.names) > 0 {
			s.field(g.label+" ("+strconv.Itoa(len(g.names))+")", joinSv(g.names))
		}
	}
}

// signatures prints the signature block and the protocol's digest.
func (c *meetingCtx) signatures(s *sheet) {
	m := c.m
	s.ensureRoom(4 + 6.5 + 6*lineH)
	s.heading("Underskrifter")
	s.field("Sekreterare", cmp.Or(c.secretary, "–"))

	var chair []string
	for _, sig := range m.Signatures {
		if sig.Role == "ordforande" {
			chair = append(chair, c.who(sig.Username)+"\n"+signedLine(sig))
		}
	}
	if len(chair) == 0 {
		for _, seat := range m.Seats {
			if seat.Role == "ordforande" {
				chair = append(chair, c.who(seat.Username)+"\nEj signerat")
				break
			}
		}
	}
	s.field("Ordförande", cmp.Or(strings.Join(chair, "\n"), "–"))

	var just []string
	signed := map[string]bool{}
	for _, u := range m.Justerare {
		line := c.who(u) + "\nEj signerat"
		for _, sig := range m.Signatures {
			if sig.Username == u && sig.Role != "ordforande" {
				line = c.who(u) + "\n" + signedLine(sig)
				signed[u] = true
				break
			}
		}
		just = append(just, line)
	}
	for _, sig := range m.Signatures {
		if sig.Role != "ordforande" && !signed[sig.Username] {
			just = append(just, c.who(sig.Username)+"\n"+signedLine(sig))
			signed[sig.Username] = true
		}
	}
	s.field("Justerare", cmp.Or(strings.Join(just, "\n"), "–"))

	if c.fullDigest != "" {
		s.pdf.Ln(3)
		s.small("Kontrollsumma (SHA-256 av det justerade protokollet): " + c.fullDigest)
	}
}

// signedLine describes one electronic justering signature.
func signedLine(sig meeting.ProtocolSignature) string {
	parts := []string{"Elektroniskt signerat"}
	if t := sig.Signature.SignedAt; !t.IsZero() {
		if t = t.In(platform.Stockholm); t.Year() >= 1000 && t.Year() <= 9999 {
			parts[0] += " " + t.Format("2006-01-02") + " kl. " + t.Format("15.04")
		}
	}
	if k := limit(cleanLine(sig.Signature.KeyID), 80); k != "" {
		parts = append(parts, "nyckel-id "+k)
	}
	return strings.Join(parts, ", ")
}

func (c *meetingCtx) kallelseBody(s *sheet) {
	m := c.m
	s.sentenceStyled("B", "Ledamöter och ersättare i "+cmp.Or(c.board, "nämnden")+" kallas till sammanträde.")
	s.pdf.Ln(2)
	s.field("Datum", cmp.Or(c.date, "–"))
	s.field("Tid", cmp.Or(c.time, "–"))
	s.field("Plats", cmp.Or(c.place, "–"))
	if sent := kallelseSent(m.Kallelser); sent != "" {
		s.field("Skickad", sent)
	}

	var members, substitutes []string
	for _, seat := range c.sortedSeats() {
		if seat.Member() {
			members = append(members, c.seatLine(seat, false))
		} else {
			substitutes = append(substitutes, c.who(seat.Username))
		}
	}
	s.field("Ledamöter", listLines(members))
	s.field("Ersättare", listLines(substitutes))

	s.heading("Föredragningslista")
	if len(m.Agenda) == 0 {
		s.sentence("Föredragningslistan är tom.")
	}
	for i, item := range m.Agenda {
		var text string
		if item.Kind == meeting.KindFormal {
			text = cmp.Or(limit(cleanLine(item.Title), 1000), "(utan rubrik)")
		} else if item.Kind == "delegation_report" {
			// The decisions reported are those pending when the § is
			// recorded; a list kept from before that rule has its count.
			text = "Anmälan av delegationsbeslut"
			if n := len(item.Decisions); n > 0 {
				text += " (" + strconv.Itoa(n) + " beslut)"
			}
		} else {
			text = cmp.Or(limit(cleanLine(item.Title), 1000), "(utan rubrik)")
			if dnr := limit(cleanLine(item.RegistrationNumber), 200); dnr != "" {
				text += " (" + dnr + ")"
			}
		}
		s.item(strconv.Itoa(i+1)+".", text, indentAtt)
		if item.Kind == "case" {
			var hs []string
			for _, h := range c.handlingar[item.CaseID] {
				hs = append(hs, limit(cleanLine(h), 300))
			}
			s.item("", "Handlingar: "+cmp.Or(strings.Join(hs, "; "), "inga"), indentAtt)
		}
	}

	s.pdf.Ln(4)
	if c.secretary != "" {
		s.sentence("Förhinder att delta anmäls till sekreteraren, " + c.secretary + ".")
	} else {
		s.sentence("Förhinder att delta anmäls till sekreteraren.")
	}
	s.ensureRoom(6 + 2*lineH)
	s.pdf.Ln(6)
	for _, seat := range c.sortedSeats() {
		if seat.Role == "ordforande" {
			s.field("Ordförande", c.who(seat.Username))
			break
		}
	}
	if c.secretary != "" {
		s.field("Sekreterare", c.secretary)
	}
}

// kallelseSent says when, by whom and to how many the kallelse was sent,
// one line per sending (the later ones kompletterande); "" when it was
// not sent.
func kallelseSent(ks []meeting.Kallelse) string {
	var lines []string
	for i, k := range ks {
		what := "Kallelse"
		if i > 0 {
			what = "Kompletterande kallelse"
		}
		line := what + " " + platform.LocalTime(k.SentAt)
		if by := limit(cleanLine(k.SentByName), 200); by != "" {
			line += " av " + by
		}
		n := len(k.Recipients)
		line += " till " + strconv.Itoa(n) + " ledamöter och ersättare"
		if n == 1 {
			line = strings.TrimSuffix(line, strconv.Itoa(n)+" ledamöter och ersättare") + "1 ledamot eller ersättare"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (c *meetingCtx) extractBody(s *sheet, p meeting.Paragraph) {
	s.sentence("Utdrag ur protokoll fört vid sammanträde med " + joinNonEmpty(" ", cmp.Or(c.board, "nämnden"), c.date) + ".")
	c.paragraph(s, p)
	s.pdf.Ln(6)
	s.field("Justeringens plats och tid", c.justering())
	var signers []string
	for _, sig := range c.m.Signatures {
		signers = append(signers, c.who(sig.Username)+", "+roleLabel(cmp.Or(sig.Role, "justerare")))
	}
	if len(signers) > 0 {
		s.field("Justerat av", listLines(signers))
	}
	s.ensureRoom(8 + 3*lineH)
	s.pdf.Ln(8)
	s.sentenceStyled("B", "Rätt utdraget intygar:")
	s.pdf.Ln(6)
	s.sentence(cmp.Or(c.secretary, "–"))
	s.sentence("Sekreterare")
	if c.fullDigest != "" {
		s.pdf.Ln(4)
		s.small("Kontrollsumma (SHA-256 av det justerade protokollet): " + c.fullDigest)
	}
}

// clauses cleans att-satser, stored without "att" (one typed anyway is
// tolerated), and drops empty ones.
func clauses(cs []string) []string {
	var out []string
	for _, c := range cs {
		c = cleanText(c)
		if hasPrefixFold(c, "att ") {
			c = strings.TrimSpace(c[len("att "):])
		}
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// listLines joins list entries one per line, "–" for none.
func listLines(xs []string) string {
	if len(xs) == 0 {
		return "–"
	}
	return strings.Join(xs, "\n")
}

// joinSv joins names the Swedish way: "A, B och C".
func joinSv(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " och " + xs[len(xs)-1]
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// sheetFrame is what every page of a meeting document carries.
type sheetFrame struct {
	kind       string   // "PROTOKOLL", printed large on the first page
	org, board string   // letterhead
	right      []string // lines under kind on the first page
	runHead    string   // running head on continuation pages
	footLeft   []string // footer text left of the page number
	marker     string   // red marker at the top of every page
	title      string   // PDF metadata
	author     string
	created    time.Time
}

// sheet lays out a meeting document with the memo's page geometry and
// text helpers.
type sheet struct {
	renderer
	f sheetFrame
}

// renderSheet lays out body twice, first to count the pages for "Sida X
// av Y", and writes the second pass to w.
func renderSheet(w io.Writer, f sheetFrame, body func(*sheet)) (err error) {
	if w == nil {
		return errors.New("memopdf: nil writer")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("memopdf: render failed: %v", r)
		}
	}()
	probe, err := buildSheet(f, 0, body)
	if err != nil {
		return err
	}
	pdf, err := buildSheet(f, probe.PageCount(), body)
	if err != nil {
		return err
	}
	if err := pdfa.Output(w, pdf, f.created); err != nil {
		return fmt.Errorf("memopdf: write PDF: %w", err)
	}
	return nil
}

func buildSheet(f sheetFrame, totalPages int, body func(*sheet)) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetCreationDate(f.created)
	pdf.SetModificationDate(f.created)
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("memopdf: load fonts: %w", err)
	}
	pdf.SetTitle(limit(f.title, 500), true)
	pdf.SetAuthor(limit(f.author, 200), true)
	pdf.SetSubject(limit(joinNonEmpty(", ", f.title, f.org), 500), true)
	pdf.SetCreator("Samstyr", true)
	pdf.SetLang("sv-SE")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)

	s := &sheet{renderer: renderer{pdf: pdf}, f: f}
	pdf.SetHeaderFuncMode(s.frameHeader, true)
	pdf.SetFooterFunc(func() { s.frameFooter(totalPages) })
	pdf.AddPage()
	s.letterhead()
	body(s)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("memopdf: layout: %w", err)
	}
	return pdf, nil
}

// frameHeader prints the marker on every page and the running head on
// continuation pages.
func (s *sheet) frameHeader() {
	pdf := s.pdf
	if s.f.marker != "" {
		s.font("B", 9)
		pdf.SetTextColor(170, 0, 0)
		pdf.SetXY(marginLeft, 9)
		pdf.CellFormat(contentW, 5, s.f.marker, "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	if pdf.PageNo() > 1 {
		s.font("", 8)
		pdf.SetTextColor(90, 90, 90)
		w := contentW
		if s.f.marker != "" {
			w -= 40
		}
		pdf.SetXY(marginLeft, 9)
		pdf.CellFormat(w, 5, s.fit(s.f.runHead, w), "", 0, "L", false, 0, "")
		hairline(pdf, 15)
		pdf.SetTextColor(0, 0, 0)
	}
}

// frameFooter prints the document, digest and page number.
func (s *sheet) frameFooter(total int) {
	pdf := s.pdf
	y := pageH - 17
	hairline(pdf, y)
	s.font("", 8)
	pdf.SetTextColor(90, 90, 90)
	page := "Sida " + strconv.Itoa(pdf.PageNo())
	if total > 0 {
		page += " av " + strconv.Itoa(total)
	}
	const pageColW = 30.0
	pdf.SetXY(marginLeft, y+1.5)
	left := strings.Join(s.f.footLeft, "   ·   ")
	pdf.CellFormat(contentW-pageColW, 5, s.fit(left, contentW-pageColW-2), "", 0, "L", false, 0, "")
	pdf.SetXY(marginLeft+contentW-pageColW, y+1.5)
	pdf.CellFormat(pageColW, 5, page, "", 0, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
}

// letterhead prints authority and board to the left, the document kind
// and its dates to the right.
func (s *sheet) letterhead() {
	pdf := s.pdf
	const (
		leftW  = 92.0
		rightX = marginLeft + 104.0
		rightW = contentW - 104.0
	)
	pdf.SetXY(marginLeft, marginTop)
	if s.f.org != "" {
		s.font("B", 13)
		s.lines(s.f.org, marginLeft, leftW, 6.2, 2, "L")
	}
	if s.f.board != "" {
		s.font("", 11)
		s.lines(s.f.board, marginLeft, leftW, 5.4, 2, "L")
	}
	leftEnd := pdf.GetY()
	pdf.SetXY(rightX, marginTop)
	s.font("B", 13)
	s.lines(s.f.kind, rightX, rightW, 6.2, 1, "L")
	s.font("", 10)
	for _, r := range s.f.right {
		s.lines(r, rightX, rightW, 5, 2, "L")
	}
	pdf.SetXY(marginLeft, max(leftEnd, pdf.GetY())+10)
}

// field prints a bold label in a left column and value (several lines
// allowed) wrapped beside it.
func (s *sheet) field(label, value string) {
	const w = 58.0
	pdf := s.pdf
	s.ensureRoom(lineH)
	s.font("B", 10)
	pdf.SetX(marginLeft)
	pdf.CellFormat(w, lineH, s.fit(label, w-2), "", 0, "L", false, 0, "")
	s.font("", bodySize)
	pdf.SetLeftMargin(marginLeft + w)
	pdf.SetX(marginLeft + w)
	pdf.MultiCell(contentW-w, lineH, cmp.Or(value, "–"), "", "L", false)
	pdf.SetLeftMargin(marginLeft)
	pdf.SetX(marginLeft)
	pdf.Ln(1.2)
}

// labelled prints label in a gutter of at least minGutter mm and text
// wrapped beside it, in the given font.
func (s *sheet) labelled(style string, size, h float64, label, text string, minGutter float64) {
	pdf := s.pdf
	s.font(style, size)
	gutter := min(max(minGutter, pdf.GetStringWidth(label)+3), contentW/2)
	pdf.SetX(marginLeft)
	pdf.CellFormat(gutter, h, s.fit(label, gutter-1), "", 0, "L", false, 0, "")
	pdf.SetLeftMargin(marginLeft + gutter)
	pdf.SetX(marginLeft + gutter)
	pdf.MultiCell(contentW-gutter, h, text, "", "L", false)
	pdf.SetLeftMargin(marginLeft)
	pdf.SetX(marginLeft)
}

// item prints a list entry with label hanging in the gutter.
func (s *sheet) item(label, text string, indent float64) {
	s.ensureRoom(lineH)
	s.labelled("", bodySize, lineH, label, text, indent)
	s.pdf.Ln(1.2)
}

// sub prints a bold sub-heading inside a paragraph, kept with the next
// line.
func (s *sheet) sub(text string) {
	s.ensureRoom(2 + 2*lineH)
	s.pdf.Ln(2)
	s.sentenceStyled("B", text)
}

// sentence prints text at full width in the body font.
func (s *sheet) sentence(text string) { s.sentenceStyled("", text) }

func (s *sheet) sentenceStyled(style, text string) {
	if text == "" {
		return
	}
	s.ensureRoom(lineH)
	s.font(style, bodySize)
	s.pdf.SetX(marginLeft)
	s.pdf.MultiCell(contentW, lineH, text, "", "L", false)
}

// small prints text at full width in a small grey font.
func (s *sheet) small(text string) {
	s.ensureRoom(4.6)
	s.font("", 8.5)
	s.pdf.SetTextColor(70, 70, 70)
	s.pdf.SetX(marginLeft)
	s.pdf.MultiCell(contentW, 4.4, text, "", "L", false)
	s.pdf.SetTextColor(0, 0, 0)
}
