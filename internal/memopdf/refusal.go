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

// RefusalInput is a decision to refuse (wholly or partly) a request for
// allmän handling, as printed: the request, the handlingar refused, the
// OSL provisions and the reasons, who decided under which delegation, and
// the besvärshänvisning (see disclosure.Decision).
type RefusalInput struct {
	Organisation      string
	BoardName         string
	RequestRef        string // the request's registration, e.g. its diarienummer or id
	Requester         string // "" for an anonymous requester
	ReceivedAt        time.Time
	Partial           bool     // delvis avslag (masked parts)
	Items             []string // the handlingar decided, one line each
	Lagrum            []string
	Reasoning         string
	DeciderName       string
	Proof             []string // delegation point, order and version, acting role
	DecidedAt         time.Time
	Besvarshanvisning string // the appeal instructions, first line a heading
	Digest            string
	Signatures        []string
}

// RenderRefusal writes an avslagsbeslut as an A4 PDF. Like the other
// renderers it is deterministic and never panics on odd text.
func RenderRefusal(w io.Writer, in RefusalInput) (err error) {
	if w == nil {
		return fmt.Errorf("memopdf: nil writer")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("memopdf: refusal layout panicked: %v", r)
		}
	}()
	heading := "Beslut om avslag på begäran om utlämnande av allmän handling"
	if in.Partial {
		heading = "Beslut om delvis avslag på begäran om utlämnande av allmän handling"
	}
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
	pdf.SetTitle(limit(cleanLine(heading), 300), true)
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
	section := func(title string) {
		pdf.Ln(3)
		text("B", 12, 6, title)
	}
	text("B", 13, 6.5, in.Organisation)
	text("", 11, 5.4, in.BoardName)
	pdf.Ln(4)
	text("B", 14, 7, heading)
	text("", 11, 5.4, "Begäran: "+in.RequestRef)
	if !in.ReceivedAt.IsZero() {
		text("", 11, 5.4, "Inkom: "+in.ReceivedAt.In(platform.Stockholm).Format("2006-01-02 15:04"))
	}
	text("", 11, 5.4, "Till: "+orDash(in.Requester, "Sökanden (anonym)"))
	text("", 11, 5.4, "Beslutsdatum: "+in.DecidedAt.In(platform.Stockholm).Format("2006-01-02"))
	section("Beslut")
	if in.Partial {
		text("", 11, 5.4, "Begäran avslås i de delar som har maskerats i följande handlingar:")
	} else {
		text("", 11, 5.4, "Begäran avslås för följande handlingar:")
	}
	for _, it := range in.Items {
		text("", 11, 5.4, "– "+it)
	}
	section("Lagrum")
	text("", 11, 5.4, strings.Join(in.Lagrum, "; "))
	section("Skäl för beslutet")
	text("", 11, 5.4, in.Reasoning)
	section("Beslutsfattare")
	text("", 11, 5.4, in.DeciderName)
	for _, p := range in.Proof {
		text("", 10, 5, p)
	}
	if in.Besvarshanvisning != "" {
		head, body, _ := strings.Cut(in.Besvarshanvisning, "\n")
		section(head)
		text("", 10.5, 5.2, body)
	}
	section("Kontroll")
	text("", 9, 4.6, "Kontrollsumma (SHA-256 av beslutets kanoniska form): "+orDash(in.Digest, "–"))
	if len(in.Signatures) == 0 {
		text("", 10, 5, "Ej signerat.")
	}
	for _, s := range in.Signatures {
		text("", 9, 4.6, s)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("memopdf: refusal layout: %w", err)
	}
	return pdfa.Output(w, pdf, created)
}

func orDash(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}
