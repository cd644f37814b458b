package redact

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"

	"github.com/klippa-app/go-pdfium/requests"

	"github.com/samstyr/samstyr/internal/fault"
)

// Preview is one page of a PDF drawn for a person marking what to mask: a
// PNG at 72 dots per inch, so a pixel of the picture is a point of the
// page and a region marked on it is a Region as it is.
type Preview struct {
	PNG    []byte
	Page   int     // 1-based
	Pages  int     // pages in the document
	Width  float64 // points
	Height float64 // points
}

// previewDPI makes one pixel one point.
const previewDPI = 72

// Preview draws page (1-based) of src. A page that does not exist is a 422
// naming /page; a file PDFium cannot open, or a page it cannot load, is a
// 422 naming /file.
func (e *Engine) Preview(ctx context.Context, src []byte, page int) (Preview, error) {
	if err := e.start(); err != nil {
		return Preview{}, fmt.Errorf("redact: starting PDFium: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.instance == nil {
		return Preview{}, errors.New("redact: engine closed")
	}
	doc, pages, err := e.open(src)
	if err != nil {
		return Preview{}, err
	}
	defer e.instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc})
	var fs fault.Fields
	if page < 1 || page > pages {
		fs.Add("/page", CodePageNotFound)
		return Preview{}, fs.Err(fault.Unprocessable)
	}
	if err := ctx.Err(); err != nil {
		return Preview{}, err
	}
	pg := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: page - 1}}
	size, err := e.instance.GetPageSize(&requests.GetPageSize{Page: pg})
	if err != nil {
		return Preview{}, pageFault(err)
	}
	r, err := e.instance.RenderPageInDPI(&requests.RenderPageInDPI{Page: pg, DPI: previewDPI})
	if err != nil {
		return Preview{}, pageFault(err)
	}
	defer r.Cleanup()
	rendered, ok := r.Result.RenderedImage.(*image.RGBA)
	if !ok {
		return Preview{}, fmt.Errorf("redact: page %d rendered as %T", page, r.Result.RenderedImage)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, opaque(rendered)); err != nil {
		return Preview{}, err
	}
	return Preview{PNG: buf.Bytes(), Page: page, Pages: pages, Width: size.Width, Height: size.Height}, nil
}
