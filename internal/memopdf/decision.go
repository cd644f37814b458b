package memopdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/pdfa"
	"github.com/samstyr/samstyr/internal/platform"
)

// DecisionInput is a decision (delegationsbeslut or ordförandebeslut) as
// printed: its content, its proof, and the digest and signatures that
// let a reader check that what was shown is what was signed.
type DecisionInput struct {
	Organisation       string
	BoardName          string
	RegistrationNumber string
	CaseTitle          string
	Heading            string   // e.g. "Delegationsbeslut"
	Intro              string   // e.g. "Beslut med stöd av delegation, punkt A16"
	Clauses            []string // att-satser
	Proof              []string // lines: point, order version and hash, matched rule, amount
	DeciderName        string
	DecidedAt          time.Time
	Digest             string
	Checks             []string // further check lines: the order's and the memo's digests
	Signatures         []string // one line per signature: signer, key id, value
	// Appeal is the besvärshänvisning: one paragraph per appeal route
	// (how, where, by when).
	Appeal []string
}

// RenderDecision writes a decision as a one- or two-page A4 PDF.
func RenderDecision(w io.Writer, in DecisionInput) (err error) {
	if w == nil {
		return fmt.Errorf("memopdf: nil writer")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("memopdf: decision layout panicked: %v", r)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	created := in.DecidedAt.UTC()
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	pdf.SetTitle(limit(cleanLine(in.Heading+" "+in.RegistrationNumber), 300), true)
	pdf.SetCreator("Samstyr", true)
	pdf.SetLang("sv-SE")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)
	pdf.AddPage()
	text := func(style string, size, h float64, s string) {
		pdf.SetFont(fontFamily, style, size)
		pdf.MultiCell(contentW, h, cleanText(s), "", "L", false)
	}
	text("B", 13, 6.5, in.Organisation)
	text("", 11, 5.4, in.BoardName)
	pdf.Ln(4)
	text("B", 15, 7.5, strings.ToUpper(in.Heading))
	text("", 11, 5.4, "Diarienummer: "+in.RegistrationNumber)
	text("", 11, 5.4, "Ärende: "+in.CaseTitle)
	text("", 11, 5.4, "Beslutsdatum: "+in.DecidedAt.In(platform.Stockholm).Format("2006-01-02 15:04"))
	pdf.Ln(4)
	text("B", 12, 6, "Beslut")
	text("", 11, 5.4, in.Intro)
	for _, c := range in.Clauses {
		text("", 11, 5.4, "att "+c)
	}
	pdf.Ln(3)
	text("B", 12, 6, "Beslutsfattare")
	text("", 11, 5.4, in.DeciderName)
	pdf.Ln(3)
	text("B", 12, 6, "Stöd för beslutet")
	for _, p := range in.Proof {
		text("", 10, 5, p)
	}
	if len(in.Appeal) > 0 {
		pdf.Ln(3)
		text("B", 12, 6, "Hur man överklagar")
		for _, a := range in.Appeal {
			text("", 10, 5, a)
			pdf.Ln(1.5)
		}
	}
	pdf.Ln(3)
	text("B", 12, 6, "Kontroll")
	text("", 9, 4.6, "Kontrollsumma (SHA-256 av beslutets kanoniska form): "+in.Digest)
	for _, c := range in.Checks {
		text("", 9, 4.6, c)
	}
	if len(in.Signatures) == 0 {
		text("", 10, 5, "Ej signerat.")
	}
	for _, s := range in.Signatures {
		text("", 9, 4.6, s)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("memopdf: decision layout: %w", err)
	}
	return pdfa.Output(w, pdf, created)
}
