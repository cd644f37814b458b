package redact

import (
	"math"

	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// deviceScale is how many device units PageToDevice maps a point to: the
// page transform is read at 1/16 point.
const deviceScale = 16

// readPage reads a page's shown size and its text, each character's box
// mapped from PDF page space (origin bottom left, before rotation) to the
// shown page (points from the top left corner).
func (e *Engine) readPage(doc references.FPDF_DOCUMENT, index int) (*page, error) {
	pg := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}}
	size, err := e.instance.GetPageSize(&requests.GetPageSize{Page: pg})
	if err != nil {
		return nil, err
	}
	p := &page{no: index + 1, w: size.Width, h: size.Height}
	sx, sy := int(math.Round(p.w*deviceScale)), int(math.Round(p.h*deviceScale))
	toDevice := func(x, y float64) (float64, float64, error) {
		r, err := e.instance.FPDF_PageToDevice(&requests.FPDF_PageToDevice{Page: pg, SizeX: sx, SizeY: sy, PageX: x, PageY: y})
		if err != nil {
			return 0, 0, err
		}
		return float64(r.DeviceX), float64(r.DeviceY), nil
	}
	// The transform is affine: read the origin and two unit vectors (at a
	// large distance, for precision) once per page.
	const k = 1000.0
	ox, oy, err := toDevice(0, 0)
	if err != nil {
		return nil, err
	}
	ax, ay, err := toDevice(k, 0)
	if err != nil {
		return nil, err
	}
	bx, by, err := toDevice(0, k)
	if err != nil {
		return nil, err
	}
	tr := func(x, y float64) (float64, float64) {
		return (ox + x*(ax-ox)/k + y*(bx-ox)/k) / deviceScale, (oy + x*(ay-oy)/k + y*(by-oy)/k) / deviceScale
	}
	text, err := e.instance.GetPageTextStructured(&requests.GetPageTextStructured{Page: pg,
		Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
	if err != nil {
		return nil, err
	}
	tp, err := e.instance.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: pg})
	if err != nil {
		return nil, err
	}
	defer e.instance.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	for i, c := range text.Chars {
		var r rune
		for _, x := range c.Text {
			r = x
			break
		}
		b := c.PointPosition
		x0, y0 := tr(b.Left, b.Top)
		x1, y1 := tr(b.Right, b.Bottom)
		x2, y2 := tr(b.Left, b.Bottom)
		x3, y3 := tr(b.Right, b.Top)
		box := rect{min(x0, x1, x2, x3), min(y0, y1, y2, y3), max(x0, x1, x2, x3), max(y0, y1, y2, y3)}
		size := 0.0
		if fi := c.FontInformation; fi != nil {
			size = fi.RenderedSize
			if size <= 0 {
				size = fi.Size
			}
		}
		ch := char{r: r, box: box, size: size, baseline: box.y1}
		if o, err := e.instance.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i}); err == nil {
			_, ch.baseline = tr(o.X, o.Y)
		}
		p.chars = append(p.chars, ch)
	}
	return p, nil
}

// word is a run of visible, unmasked characters on one line: one string
// of the invisible text layer.
type word struct {
	text     []rune
	x0, x1   float64
	baseline float64
	size     float64
}

// words groups the characters that may be carried as text: not masked,
// not in a masked area, visible in the rendered page, and on the page.
func (p *page) words(visible func(c char) bool) []word {
	var out []word
	var cur *word
	flush := func() {
		if cur != nil && len(cur.text) > 0 {
			out = append(out, *cur)
		}
		cur = nil
	}
	page := rect{0, 0, p.w, p.h}
	var last char
	for _, c := range p.chars {
		keep := c.r != 0 && !isSpace(c.r) && !c.masked && c.box.x1 > c.box.x0 && c.box.y1 > c.box.y0 &&
			c.box.x0 >= -tolerance && c.box.y0 >= -tolerance && c.box.x1 <= page.x1+tolerance && c.box.y1 <= page.y1+tolerance
		if keep {
			for _, m := range p.masks {
				if m.intersects(c.box) {
					keep = false
					break
				}
			}
		}
		if keep && !visible(c) {
			keep = false
		}
		if !keep {
			flush()
			continue
		}
		size := c.size
		if size <= 0 {
			size = (c.box.y1 - c.box.y0) * 1.4
		}
		if cur != nil {
			h := max(size, cur.size)
			newLine := math.Abs(c.baseline-last.baseline) > 0.3*h
			if newLine || c.box.x0 < last.box.x0 || c.box.x0-last.box.x1 > 0.6*h {
				flush()
			}
		}
		if cur == nil {
			cur = &word{x0: c.box.x0, x1: c.box.x1, size: size, baseline: c.baseline}
		}
		cur.text = append(cur.text, c.r)
		cur.x0, cur.x1 = min(cur.x0, c.box.x0), max(cur.x1, c.box.x1)
		cur.size = max(cur.size, size)
		last = c
	}
	flush()
	return out
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0' || r == 0xFFFE || r == '\u00ad' || r == '\u200b'
}
