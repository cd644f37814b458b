package redact

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/samstyr/samstyr/internal/pdfa"
)

// write builds the masked copy, as PDF/A-2b: each page is the original rendered to
// pixels with the masked areas painted black, and under it an invisible
// text layer of the visible, unmasked text (so the copy can still be
// searched, read aloud and copied from).
func (e *Engine) write(ctx context.Context, doc references.FPDF_DOCUMENT, pages []*page, req Request) ([]byte, error) {
	out := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pages[0].w, Ht: pages[0].h}})
	out.SetCompression(true)
	created := req.Created
	if created.IsZero() {
		created = time.Unix(0, 0).UTC()
	}
	out.SetCreationDate(created)
	out.SetModificationDate(created)
	out.SetProducer("Samstyr", true)
	out.SetCreator("Samstyr maskering", true)
	if req.Title != "" {
		out.SetTitle(req.Title, true)
	}
	out.SetAutoPageBreak(false, 0)
	out.SetMargins(0, 0, 0)
	out.AddUTF8FontFromBytes("DejaVu", "", e.regular)
	scale := float64(e.opts.DPI) / 72
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, err := e.render(doc, i)
		if err != nil {
			return nil, err
		}
		visible := func(c char) bool { return inked(img, c.box, scale) }
		words := p.words(visible)
		for _, m := range p.masks {
			paint(img, m, scale)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return nil, err
		}
		out.AddPageFormat("P", fpdf.SizeType{Wd: p.w, Ht: p.h})
		name := "p" + strconv.Itoa(p.no)
		out.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &buf)
		out.ImageOptions(name, 0, 0, p.w, p.h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		out.SetTextRenderingMode(3) // invisible: the pixels show the text
		for _, w := range words {
			size := math.Min(math.Max(w.size, 1), 200)
			out.SetFont("DejaVu", "", size)
			s := string(w.text)
			width := out.GetStringWidth(s)
			if width <= 0 {
				continue
			}
			tz := math.Min(math.Max(100*(w.x1-w.x0)/width, 10), 1000)
			out.RawWriteStr(fmt.Sprintf("%.2f Tz\n", tz))
			out.Text(w.x0, w.baseline, s)
		}
		out.RawWriteStr("100 Tz\n")
	}
	// The masked copy is PDF/A-2b like every PDF Samstyr writes.
	var buf bytes.Buffer
	if err := pdfa.Output(&buf, out, created); err != nil {
		return nil, fmt.Errorf("redact: writing the masked copy: %w", err)
	}
	return buf.Bytes(), nil
}

// render draws page i to an opaque RGBA image (transparent parts on
// white), without annotations or form fields: what they show is not
// carried over.
func (e *Engine) render(doc references.FPDF_DOCUMENT, i int) (*image.RGBA, error) {
	r, err := e.instance.RenderPageInDPI(&requests.RenderPageInDPI{
		Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}, DPI: e.opts.DPI})
	if err != nil {
		return nil, err
	}
	defer r.Cleanup()
	src, ok := r.Result.RenderedImage.(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("redact: page %d rendered as %T", i+1, r.Result.RenderedImage)
	}
	return opaque(src), nil
}

// opaque returns src drawn on white: its transparent parts white.
func opaque(src *image.RGBA) *image.RGBA {
	img := image.NewRGBA(src.Bounds())
	for k := 0; k+3 < len(src.Pix); k += 4 {
		a := src.Pix[k+3] // premultiplied: colour + (255 - alpha) of white
		img.Pix[k] = src.Pix[k] + (255 - a)
		img.Pix[k+1] = src.Pix[k+1] + (255 - a)
		img.Pix[k+2] = src.Pix[k+2] + (255 - a)
		img.Pix[k+3] = 255
	}
	return img
}

// pixels returns the pixel rectangle covering r (points), clipped to img.
func pixels(img *image.RGBA, r rect, scale float64) image.Rectangle {
	px := image.Rect(int(math.Floor(r.x0*scale)), int(math.Floor(r.y0*scale)), int(math.Ceil(r.x1*scale)), int(math.Ceil(r.y1*scale)))
	return px.Intersect(img.Bounds())
}

// paint makes the area r black in img: the pixels under it are replaced.
func paint(img *image.RGBA, r rect, scale float64) {
	px := pixels(img, r, scale)
	for y := px.Min.Y; y < px.Max.Y; y++ {
		row := img.Pix[img.PixOffset(px.Min.X, y):img.PixOffset(px.Max.X, y)]
		for k := 0; k < len(row); k += 4 {
			row[k], row[k+1], row[k+2], row[k+3] = 0, 0, 0, 255
		}
	}
}

// inked reports whether a character can be seen on the rendered page:
// the pixels of its box, widened by half a point so that a thin stroke
// ("l", "-") shows against its background, are not all of one tone. Text
// drawn in the background colour, hidden under a box or an image, or in an
// invisible rendering mode is therefore not carried into the copy's text
// layer.
func inked(img *image.RGBA, box rect, scale float64) bool {
	const margin = 0.5
	px := pixels(img, rect{box.x0 - margin, box.y0 - margin, box.x1 + margin, box.y1 + margin}, scale)
	if px.Empty() {
		return false
	}
	lo, hi := 255, 0
	for y := px.Min.Y; y < px.Max.Y; y++ {
		for x := px.Min.X; x < px.Max.X; x++ {
			k := img.PixOffset(x, y)
			l := (299*int(img.Pix[k]) + 587*int(img.Pix[k+1]) + 114*int(img.Pix[k+2])) / 1000
			lo, hi = min(lo, l), max(hi, l)
		}
	}
	return hi-lo >= 48
}
