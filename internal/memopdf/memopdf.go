// Package memopdf prints a tjänsteskrivelse (cases.Memo) as a PDF in the
// form a Swedish municipality sends it to a board: a header with the
// authority, "TJÄNSTESKRIVELSE", date and diarienummer, the addressee
// ("Till …"), the title, then Förslag till beslut with its att-satser,
// Ärendebeskrivning, Beslutsunderlag, Bedömning, Konsekvensanalys,
// Beslutet skickas till and finally the handläggare's name and title.
//
// Every page carries a footer with page number, memo revision and the
// first characters of the memo digest, so a printed copy can be matched
// to the stored revision. A draft is marked "UTKAST – inte allmän
// handling" on every page.
//
// The DejaVu Sans fonts are embedded in the binary (see fonts/LICENSE),
// so rendering needs no fonts on the host. Output is deterministic: equal
// input gives byte-identical PDFs.
package memopdf

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/pdfa"
	"github.com/samstyr/samstyr/internal/platform"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Input is everything printed on a tjänsteskrivelse: the memo itself plus
// the case context that is not part of the memo's content.
type Input struct {
	// Organisation is the authority the official works for, e.g.
	// "Borgholms kommun".
	Organisation string
	// BoardName is the board that owns the case, e.g. "Ölands IT-nämnd".
	BoardName string
	// RegistrationNumber is the case's diarienummer, e.g. "ITN 2026/14".
	RegistrationNumber string
	// Memo is the content of the tjänsteskrivelse.
	Memo cases.Memo
	// RevisionNo is the number of the stored memo revision (0 = unsaved).
	RevisionNo int
	// Digest is the stored revision's digest (hex SHA-256, see
	// cases.Memo.Digest); its first 16 hex characters are printed in the
	// footer.
	Digest string
	// Draft marks the memo as not yet allmän handling.
	Draft bool
}

// DraftMarker is printed at the top of every page when Input.Draft is set.
const DraftMarker = "UTKAST – inte allmän handling"

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 22.0
	marginRight  = 20.0
	marginTop    = 20.0
	marginBottom = 25.0 // body stops here; the footer sits below
	contentW     = pageW - marginLeft - marginRight

	fontFamily = "DejaVu"
	bodySize   = 11.0
	lineH      = 5.4 // body line height
	paraGap    = 2.6 // space between paragraphs
	indentAtt  = 9.0 // hanging indent of att-satser
	indentList = 6.0 // hanging indent of bullet items

	digestChars = 16
)

// Render writes in as an A4 PDF to w. It never panics on odd text (empty
// fields, control characters, characters outside the font, very long words
// or very many clauses); layout or output failures are returned as errors.
func Render(w io.Writer, in Input) (err error) {
	if w == nil {
		return errors.New("memopdf: nil writer")
	}
	defer func() {
		// fpdf is third-party code with index arithmetic on font tables;
		// a printed memo must never take the server down with it.
		if r := recover(); r != nil {
			err = fmt.Errorf("memopdf: render failed: %v", r)
		}
	}()
	d := prepare(in)
	// First pass counts the pages so that the footer can say "Sida X av Y"
	// with glyphs that are really in the font subset (fpdf's page-count
	// alias would substitute digits the subset may lack). The footer does
	// not affect the flow, so both passes break pages identically.
	probe, err := build(d, 0)
	if err != nil {
		return err
	}
	pdf, err := build(d, probe.PageCount())
	if err != nil {
		return err
	}
	if err := pdfa.Output(w, pdf, d.created); err != nil {
		return fmt.Errorf("memopdf: write PDF: %w", err)
	}
	return nil
}

// doc is Input with all text cleaned for printing.
type doc struct {
	org, board, dnr, date, recipient string
	title, intro                     string
	clauses                          []string
	description, assessment, conseq  string
	basis, sendTo                    []string
	authorName, authorTitle          string
	revision                         int
	digest                           string
	draft                            bool
	created                          time.Time
}

func prepare(in Input) doc {
	m := in.Memo
	d := doc{
		org:         cleanLine(in.Organisation),
		board:       cleanLine(in.BoardName),
		dnr:         cleanLine(in.RegistrationNumber),
		date:        cleanLine(m.Date.String()),
		title:       cleanText(m.Title),
		intro:       cleanText(m.ProposalIntro),
		description: cleanText(m.Description),
		assessment:  cleanText(m.Assessment),
		conseq:      cleanText(m.Consequences),
		authorName:  cleanLine(m.AuthorName),
		authorTitle: cleanLine(m.AuthorTitle),
		revision:    in.RevisionNo,
		digest:      shortDigest(in.Digest),
		draft:       in.Draft,
		created:     creationTime(m.Date),
	}
	d.recipient = cleanLine(m.RecipientBoard)
	if d.recipient == "" {
		d.recipient = d.board
	}
	if d.recipient != "" && !hasPrefixFold(d.recipient, "till ") {
		d.recipient = "Till " + d.recipient
	}
	for _, c := range m.Clauses {
		c = cleanText(c)
		// Clauses are stored without "att"; tolerate one typed anyway.
		if hasPrefixFold(c, "att ") {
			c = strings.TrimSpace(c[len("att "):])
		}
		if c != "" {
			d.clauses = append(d.clauses, c)
		}
	}
	for _, b := range m.Basis {
		t := cleanText(b.Text)
		if b.DocumentNo > 0 {
			t = "Handling " + strconv.Itoa(b.DocumentNo) + ": " + t
		}
		if t != "" {
			d.basis = append(d.basis, t)
		}
	}
	for _, s := range m.SendTo {
		if s = cleanLine(s); s != "" {
			d.sendTo = append(d.sendTo, s)
		}
	}
	return d
}

// creationTime is the PDF creation date: midnight of the memo date in
// Stockholm, or a fixed instant for a missing or unprintable date, so that
// equal input gives equal bytes.
func creationTime(date platform.Date) time.Time {
	if date.IsZero() || date.Year < 1000 || date.Year > 9999 ||
		date.Month < time.January || date.Month > time.December || date.Day < 1 || date.Day > 31 {
		return time.Date(2000, time.January, 1, 0, 0, 0, 0, platform.Stockholm)
	}
	return time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, platform.Stockholm)
}

// shortDigest returns the first hex characters of digest, ignoring
// anything that is not a hex digit.
func shortDigest(digest string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(digest) {
		if b.Len() == digestChars {
			break
		}
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'f' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// cleanText makes s printable with the embedded font while keeping its
// paragraphs: line separators become "\n", tabs become spaces, control and
// format characters are dropped, characters outside the Basic Multilingual
// Plane (which fpdf cannot encode) and invalid UTF-8 become U+FFFD, and
// runs of blank lines collapse to one.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t' || r == '\u00a0':
			// fpdf wraps only at U+0020.
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// dropped: NUL, BEL, bidi overrides, zero-width characters
		case r > 0xFFFF || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// cleanLine is cleanText for one-line fields: all white space collapses to
// single spaces.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

// renderer holds the document being built.
type renderer struct {
	pdf *fpdf.Fpdf
	d   doc
}

// build lays out d; totalPages is printed in the footer when > 0.
func build(d doc, totalPages int) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true) // deterministic object order
	pdf.SetCompression(true)
	pdf.SetCreationDate(d.created)
	pdf.SetModificationDate(d.created)
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("memopdf: load fonts: %w", err)
	}

	title := d.title
	if title == "" {
		title = "Tjänsteskrivelse"
	}
	pdf.SetTitle(limit(strings.ReplaceAll(title, "\n", " "), 500), true)
	pdf.SetAuthor(limit(d.authorName, 200), true)
	subject := "Tjänsteskrivelse"
	if d.dnr != "" {
		subject += " " + d.dnr
	}
	if d.board != "" {
		subject += ", " + d.board
	}
	pdf.SetSubject(limit(subject, 500), true)
	pdf.SetCreator("Samstyr", true)
	pdf.SetLang("sv-SE")

	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)

	r := &renderer{pdf: pdf, d: d}
	pdf.SetHeaderFuncMode(r.pageHeader, true)
	pdf.SetFooterFunc(func() { r.pageFooter(totalPages) })

	pdf.AddPage()
	r.firstPageHeader()
	r.body()
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("memopdf: layout: %w", err)
	}
	return pdf, nil
}

// limit cuts s to at most n runes.
func limit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func (r *renderer) font(style string, size float64) {
	r.pdf.SetFont(fontFamily, style, size)
}

// fit shortens s with an ellipsis until it is at most w mm wide in the
// current font.
func (r *renderer) fit(s string, w float64) string {
	if r.pdf.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // largest n with rs[:n]+"…" fitting
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.pdf.GetStringWidth(string(rs[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(rs[:lo]), " ") + "…"
}

// lines prints s wrapped to width w starting at x, at most maxLines lines
// (the last one ellipsised when cut), with line height h.
func (r *renderer) lines(s string, x, w, h float64, maxLines int, align string) {
	ls := r.pdf.SplitText(s, w)
	if len(ls) > maxLines {
		rest := strings.Join(ls[maxLines-1:], " ")
		ls = append(ls[:maxLines-1], r.fit(rest, w))
	}
	for _, l := range ls {
		r.pdf.SetX(x)
		r.pdf.CellFormat(w, h, l, "", 1, align, false, 0, "")
	}
}

// pageHeader runs on every page: the draft marker, and on continuation
// pages a running head with authority and diarienummer.
func (r *renderer) pageHeader() {
	pdf := r.pdf
	if r.d.draft {
		r.font("B", 9)
		pdf.SetTextColor(170, 0, 0)
		pdf.SetXY(marginLeft, 9)
		pdf.CellFormat(contentW, 5, DraftMarker, "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	if pdf.PageNo() > 1 {
		parts := []string{}
		for _, p := range []string{r.d.org, "Tjänsteskrivelse", r.d.dnr} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		head := strings.Join(parts, " · ")
		r.font("", 8)
		pdf.SetTextColor(90, 90, 90)
		w := contentW
		if r.d.draft {
			w -= 60
		}
		pdf.SetXY(marginLeft, 9)
		pdf.CellFormat(w, 5, r.fit(head, w), "", 0, "L", false, 0, "")
		hairline(pdf, 15)
		pdf.SetTextColor(0, 0, 0)
	}
}

// hairline draws the thin grey rule across the text width at y, under
// running heads and above footers.
func hairline(pdf *fpdf.Fpdf, y float64) {
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginLeft, y, pageW-marginRight, y)
}

// pageFooter prints revision, digest and page number below a thin rule.
func (r *renderer) pageFooter(total int) {
	pdf := r.pdf
	y := pageH - 17
	hairline(pdf, y)
	r.font("", 8)
	pdf.SetTextColor(90, 90, 90)

	var left []string
	if r.d.dnr != "" {
		left = append(left, "Diarienummer "+r.d.dnr)
	}
	if r.d.revision > 0 {
		left = append(left, "Revision "+strconv.Itoa(r.d.revision))
	}
	if r.d.digest != "" {
		left = append(left, "Kontrollsumma "+r.d.digest)
	}
	page := "Sida " + strconv.Itoa(pdf.PageNo())
	if total > 0 {
		page += " av " + strconv.Itoa(total)
	}
	const pageColW = 30.0
	pdf.SetXY(marginLeft, y+1.5)
	pdf.CellFormat(contentW-pageColW, 5, r.fit(strings.Join(left, "   ·   "), contentW-pageColW-2), "", 0, "L", false, 0, "")
	pdf.SetXY(marginLeft+contentW-pageColW, y+1.5)
	pdf.CellFormat(pageColW, 5, page, "", 0, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
}

// firstPageHeader prints the letterhead block: authority and board to the
// left; document type, date and diarienummer to the right; then the
// addressee and the title.
func (r *renderer) firstPageHeader() {
	pdf := r.pdf
	d := r.d
	const (
		leftW  = 92.0
		rightX = marginLeft + 104.0
		rightW = contentW - 104.0
	)
	top := marginTop

	pdf.SetXY(marginLeft, top)
	if d.org != "" {
		r.font("B", 13)
		r.lines(d.org, marginLeft, leftW, 6.2, 2, "L")
	}
	if d.board != "" {
		r.font("", 11)
		r.lines(d.board, marginLeft, leftW, 5.4, 2, "L")
	}
	leftEnd := pdf.GetY()

	pdf.SetXY(rightX, top)
	r.font("B", 13)
	r.lines("TJÄNSTESKRIVELSE", rightX, rightW, 6.2, 1, "L")
	r.font("", 10)
	if d.date != "" {
		r.lines("Datum: "+d.date, rightX, rightW, 5, 1, "L")
	}
	if d.dnr != "" {
		r.lines("Diarienummer: "+d.dnr, rightX, rightW, 5, 3, "L")
	}
	rightEnd := pdf.GetY()

	y := max(leftEnd, rightEnd) + 12
	pdf.SetXY(marginLeft, y)
	if d.recipient != "" {
		r.font("", bodySize)
		r.lines(d.recipient, marginLeft, contentW, lineH, 3, "L")
		pdf.Ln(6)
	}
	if d.title != "" {
		r.font("B", 15)
		pdf.SetX(marginLeft)
		pdf.MultiCell(contentW, 7, d.title, "", "L", false)
	}
	pdf.Ln(3)
}

// body prints the sections in the order of a Swedish tjänsteskrivelse.
func (r *renderer) body() {
	d := r.d
	r.heading("Förslag till beslut")
	if d.intro != "" {
		r.paragraphs(d.intro)
	}
	for _, c := range d.clauses {
		r.hanging("att", c, indentAtt)
	}
	if d.description != "" {
		r.heading("Ärendebeskrivning")
		r.paragraphs(d.description)
	}
	if len(d.basis) > 0 {
		r.heading("Beslutsunderlag")
		for _, b := range d.basis {
			r.hanging("•", b, indentList)
		}
	}
	if d.assessment != "" {
		r.heading("Bedömning")
		r.paragraphs(d.assessment)
	}
	if d.conseq != "" {
		r.heading("Konsekvensanalys")
		r.paragraphs(d.conseq)
	}
	if len(d.sendTo) > 0 {
		r.heading("Beslutet skickas till")
		r.font("", bodySize)
		for _, s := range d.sendTo {
			r.ensureRoom(lineH)
			r.pdf.SetX(marginLeft)
			r.pdf.MultiCell(contentW, lineH, s, "", "L", false)
		}
		r.pdf.Ln(paraGap)
	}
	r.signature()
}

// ensureRoom starts a new page unless h mm fit above the bottom margin.
func (r *renderer) ensureRoom(h float64) {
	if r.pdf.GetY()+h > pageH-marginBottom {
		r.pdf.AddPage()
	}
}

// heading prints a bold section heading, kept together with at least two
// lines of what follows it.
func (r *renderer) heading(s string) {
	r.ensureRoom(4 + 6.5 + 2*lineH)
	r.pdf.Ln(4)
	r.font("B", 12)
	r.pdf.SetX(marginLeft)
	r.pdf.CellFormat(contentW, 6.5, s, "", 1, "L", false, 0, "")
	r.pdf.Ln(1)
}

// paragraphs prints text split at blank lines, with space between.
func (r *renderer) paragraphs(text string) {
	r.font("", bodySize)
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		r.ensureRoom(lineH)
		r.pdf.SetX(marginLeft)
		r.pdf.MultiCell(contentW, lineH, p, "", "L", false)
		r.pdf.Ln(paraGap)
	}
}

// hanging prints label in the left gutter and text wrapped beside it, so
// continuation lines (also across a page break) align with the text.
func (r *renderer) hanging(label, text string, indent float64) {
	pdf := r.pdf
	r.font("", bodySize)
	r.ensureRoom(lineH)
	pdf.SetX(marginLeft)
	pdf.CellFormat(indent, lineH, label, "", 0, "L", false, 0, "")
	pdf.SetLeftMargin(marginLeft + indent)
	pdf.SetX(marginLeft + indent)
	pdf.MultiCell(contentW-indent, lineH, text, "", "L", false)
	pdf.SetLeftMargin(marginLeft)
	pdf.SetX(marginLeft)
	pdf.Ln(paraGap)
}

// signature prints the handläggare's name and title.
func (r *renderer) signature() {
	d := r.d
	if d.authorName == "" && d.authorTitle == "" {
		return
	}
	r.ensureRoom(10 + 2*lineH)
	r.pdf.Ln(10)
	r.font("", bodySize)
	for _, s := range []string{d.authorName, d.authorTitle} {
		if s == "" {
			continue
		}
		r.ensureRoom(lineH)
		r.pdf.SetX(marginLeft)
		r.pdf.MultiCell(contentW, lineH, s, "", "L", false)
	}
}
