package redact

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/memopdf"
)

// Region is an area of a page to mask, in points (1/72 inch) from the top
// left corner of the page as it is shown (after its rotation). Page is
// 1-based.
type Region struct {
	Page int     `json:"page"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
}

// Request is what to mask in a PDF: strings wherever they occur in its
// text, and regions of pages (for what is not text: a scanned page, a
// signature, a photo).
type Request struct {
	Strings []string
	Regions []Region
	// Title is the new document's title, e.g. "Maskerad kopia av ITN
	// 2026/7 handling 3".
	Title string
	// Created is the new document's creation date (so equal input gives
	// equal output); zero means the Unix epoch.
	Created time.Time
}

// Result is the masked copy and what was masked.
type Result struct {
	PDF   []byte
	Pages int
	// Found counts the occurrences of each masked string (in the order
	// of Request.Strings); each is at least 1.
	Found []int
	// TextlessPages are the pages (1-based) with no text at all: scanned
	// pages, most likely, where only regions can mask.
	TextlessPages []int
}

// Options tune the engine.
type Options struct {
	// DPI is the resolution the pages are rebuilt at (default 150).
	DPI int
	// MaxPages refuses longer documents (default 300).
	MaxPages int
	// CacheDir keeps PDFium's compiled WebAssembly between runs, which
	// saves seconds at the first masking after a start ("" keeps none).
	CacheDir string
}

// Engine masks PDFs. It starts PDFium on first use and masks one document
// at a time. The zero value is not usable; call New.
type Engine struct {
	opts     Options
	once     sync.Once
	initErr  error
	pool     pdfium.Pool
	instance pdfium.Pdfium
	mu       sync.Mutex
	regular  []byte
}

// Faults of masking (every one a 422 naming the field, but a PDF that
// cannot be read).
const (
	CodeMasksRequired  = "masks_required"
	CodeEmptyString    = "mask_string_empty"
	CodeNotFound       = "mask_string_not_found"
	CodePageNotFound   = "mask_page_not_found"
	CodeOutsidePage    = "mask_outside_page"
	CodeTooManyPages   = "pdf_too_many_pages"
	CodeUnreadable     = "pdf_unreadable"
	CodeEncrypted      = "pdf_encrypted"
	maxStrings         = 200
	maxRegions         = 2000
	pad                = 1.5 // points added around a masked string's glyphs
	tolerance          = 0.01
	defaultDPI         = 150
	defaultMaxPages    = 300
	wasmMemoryLimitMiB = 1024
)

// New returns an engine; PDFium starts on the first PDF call.
func New(opts Options) *Engine {
	if opts.DPI <= 0 {
		opts.DPI = defaultDPI
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = defaultMaxPages
	}
	regular, _ := memopdf.Fonts()
	return &Engine{opts: opts, regular: regular}
}

func (e *Engine) start() error {
	e.once.Do(func() {
		rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(wasmMemoryLimitMiB * 16) // 64 KiB pages
		if e.opts.CacheDir != "" {
			cache, err := wazero.NewCompilationCacheWithDir(e.opts.CacheDir)
			if err != nil {
				e.initErr = fmt.Errorf("redact: compilation cache: %w", err)
				return
			}
			rc = rc.WithCompilationCache(cache)
		}
		// No directory is mounted: PDFium reads only the bytes it is given.
		e.pool, e.initErr = webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
			RuntimeConfig: rc, FSConfig: wazero.NewFSConfig()})
		if e.initErr != nil {
			return
		}
		e.instance, e.initErr = e.pool.GetInstance(5 * time.Minute)
	})
	return e.initErr
}

// Close stops PDFium.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool == nil {
		return nil
	}
	if e.instance != nil {
		_ = e.instance.Close()
	}
	err := e.pool.Close()
	e.pool, e.instance = nil, nil
	return err
}

// PDF returns a masked copy of src. The request is checked whole first:
// no masks, an empty string, a region off its page or on a page that does
// not exist, a string found nowhere in the text (it may be in a picture:
// mask a region) are refused with every problem named, and nothing is
// produced.
func (e *Engine) PDF(ctx context.Context, src []byte, req Request) (Result, error) {
	var fs fault.Fields
	if len(req.Strings) == 0 && len(req.Regions) == 0 {
		fs.Add("/masks", CodeMasksRequired)
	}
	if len(req.Strings) > maxStrings || len(req.Regions) > maxRegions {
		fs.Add("/masks", "too_many_items")
	}
	terms := make([][]unit, len(req.Strings))
	for i, s := range req.Strings {
		terms[i] = normaliseString(s)
		if len(terms[i]) < 2 {
			fs.Add("/strings/"+strconv.Itoa(i), CodeEmptyString)
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Result{}, err
	}
	if err := e.start(); err != nil {
		return Result{}, fmt.Errorf("redact: starting PDFium: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.instance == nil {
		return Result{}, errors.New("redact: engine closed")
	}
	doc, count, err := e.open(src)
	if err != nil {
		return Result{}, err
	}
	defer e.instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc})
	if count > e.opts.MaxPages {
		fs.Add("/file", CodeTooManyPages)
		return Result{}, fs.Err(fault.Unprocessable)
	}
	pages := make([]*page, count)
	for i := range pages {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		p, err := e.readPage(doc, i)
		if err != nil {
			return Result{}, pageFault(err)
		}
		pages[i] = p
	}
	// Check every region and every string before anything is drawn.
	for i, r := range req.Regions {
		field := "/regions/" + strconv.Itoa(i)
		switch {
		case r.Page < 1 || r.Page > len(pages):
			fs.Add(field+"/page", CodePageNotFound)
		case !(r.W > 0 && r.H > 0 && r.X >= -tolerance && r.Y >= -tolerance && !math.IsInf(r.X+r.Y+r.W+r.H, 0) &&
			r.X+r.W <= pages[r.Page-1].w+tolerance && r.Y+r.H <= pages[r.Page-1].h+tolerance):
			fs.Add(field, CodeOutsidePage)
		default:
			pages[r.Page-1].masks = append(pages[r.Page-1].masks, rect{r.X, r.Y, r.X + r.W, r.Y + r.H})
		}
	}
	res := Result{Pages: len(pages), Found: make([]int, len(terms))}
	for _, p := range pages {
		if len(p.chars) == 0 {
			res.TextlessPages = append(res.TextlessPages, p.no)
		}
		for k, t := range terms {
			res.Found[k] += p.maskTerm(t)
		}
	}
	for k, n := range res.Found {
		if n == 0 {
			fs.Add("/strings/"+strconv.Itoa(k), CodeNotFound)
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Result{}, err
	}
	out, err := e.write(ctx, doc, pages, req)
	if err != nil {
		return Result{}, err
	}
	res.PDF = out
	return res, nil
}

// open opens src and counts its pages (the caller closes the document). A
// file PDFium cannot read, or that is locked, is a 422 naming /file.
func (e *Engine) open(src []byte) (references.FPDF_DOCUMENT, int, error) {
	var fs fault.Fields
	doc, err := e.instance.OpenDocument(&requests.OpenDocument{File: &src})
	if err != nil {
		code := CodeUnreadable
		if errors.Is(err, pdferrors.ErrPassword) || errors.Is(err, pdferrors.ErrSecurity) {
			code = CodeEncrypted
		}
		fs.Add("/file", code)
		return "", 0, fs.Err(fault.Unprocessable)
	}
	count, err := e.instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil || count.PageCount < 1 {
		e.instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		fs.Add("/file", CodeUnreadable)
		return "", 0, fs.Err(fault.Unprocessable)
	}
	return doc.Document, count.PageCount, nil
}

// pageFault turns PDFium's refusal of a page of a document it opened (a
// broken page tree, say) into the file's fault: a 422 naming /file.
// Anything else (the engine itself failing) stays an internal error.
func pageFault(err error) error {
	for _, e := range []error{pdferrors.ErrPage, pdferrors.ErrFormat, pdferrors.ErrFile, pdferrors.ErrUnknown} {
		if errors.Is(err, e) {
			var fs fault.Fields
			fs.Add("/file", CodeUnreadable)
			return fs.Err(fault.Unprocessable)
		}
	}
	return err
}

// rect is an area in points from the page's top left corner.
type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) intersects(b rect) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// char is one character of a page's text, placed on the shown page.
type char struct {
	r        rune
	box      rect
	baseline float64 // y of the character's origin
	size     float64 // font size in points
	masked   bool
}

// page is what the engine knows of one page.
type page struct {
	no    int     // 1-based
	w, h  float64 // shown size in points
	chars []char
	masks []rect
}

// maskTerm marks the characters of every occurrence of term and masks
// their area (one rectangle per line of an occurrence, so the spaces
// between masked words are covered too); it returns the number of
// occurrences.
func (p *page) maskTerm(term []unit) int {
	hay := normalise(len(p.chars), func(i int) rune { return p.chars[i].r }, func(i int) int { return i })
	n := 0
	for _, m := range find(hay, term) {
		n++
		var run *rect
		for u := m[0]; u < m[1]; u++ {
			c := &p.chars[hay[u].src]
			c.masked = true
			b := c.box
			if !(b.x1 > b.x0 && b.y1 > b.y0) {
				continue
			}
			if run != nil && (b.y0 >= run.y1 || b.y1 <= run.y0 || b.x0 < run.x0) { // a new line
				p.masks = append(p.masks, rect{run.x0 - pad, run.y0 - pad, run.x1 + pad, run.y1 + pad})
				run = nil
			}
			if run == nil {
				run = &rect{b.x0, b.y0, b.x1, b.y1}
				continue
			}
			run.x0, run.y0, run.x1, run.y1 = min(run.x0, b.x0), min(run.y0, b.y0), max(run.x1, b.x1), max(run.y1, b.y1)
		}
		if run != nil {
			p.masks = append(p.masks, rect{run.x0 - pad, run.y0 - pad, run.x1 + pad, run.y1 + pad})
		}
	}
	return n
}
