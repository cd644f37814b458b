package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/filetype"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
)

// MaskInput is what to mask in a handling to release it: the OSL
// provisions behind the masking, and the strings (wherever they occur in
// the text) and page regions (for what is not text: a scan, a signature)
// to remove.
type MaskInput struct {
	Lagrum  []string
	Strings []string
	Regions []redact.Region
}

// Faults of masking.
var (
	// ErrItemWithoutDocument: the item asked for names no registered
	// handling, so there is nothing to mask.
	ErrItemWithoutDocument = fault.New(fault.Unprocessable, "item_without_document")
	// ErrMaskFormat: only PDFs and plain text files can be masked.
	ErrMaskFormat = fault.New(fault.Unprocessable, "masking_unsupported_format")
)

// Mask releases item no of a request with its secret parts masked
// (lämnas ut med maskering): the masked copy is made from the registered
// handling — a PDF rebuilt by internal/redact so the masked text is gone,
// not covered; a text file with the strings replaced — and stored on the
// ärende as a new handling linked to its original (MaskedVersionOf), and
// the outcome, with its lagrum and the copy, is recorded on the request.
// The request is checked first (open, the item undecided, the lagrum
// given and valid) and the masks before anything is stored: a mask off
// its page, a string found nowhere, or no lagrum is a 422 and nothing is
// written. A retry with the same masks the same day finds the copy it
// made and stores no second one.
func (e *Disclosures) Mask(ctx context.Context, u identity.User, id string, ifMatch int64, no int, in MaskInput) (disclosure.Request, cases.Document, error) {
	r, err := e.Request(ctx, u, id)
	if err != nil {
		return r, cases.Document{}, err
	}
	if err := e.authorize(u, r.Board, actionDisclosure); err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	if r.Version != ifMatch {
		return disclosure.Request{}, cases.Document{}, versionConflict(r.Version)
	}
	it, ok := r.Item(no)
	if !ok {
		return disclosure.Request{}, cases.Document{}, disclosure.ErrItemNotFound.WithDetail("item %d", no)
	}
	if it.CaseID == "" || it.DocumentNo < 1 {
		return disclosure.Request{}, cases.Document{}, ErrItemWithoutDocument.WithDetail("item %d", no)
	}
	// Check the outcome as it will be recorded (with a stand-in for the
	// copy) before making anything.
	dry := r
	dry.Items = append([]disclosure.Item(nil), r.Items...)
	if err := dry.Decide(no, disclosure.OutcomeInput{Kind: disclosure.OutcomeMasked, Lagrum: in.Lagrum,
		MaskedCopy: &disclosure.CopyRef{CaseID: it.CaseID, DocumentNo: it.DocumentNo + 1}}, u.Username, time.Time{}); err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	c, err := e.store.Get(ctx, it.CaseID)
	if err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	if it.DocumentNo > len(c.Documents) {
		return disclosure.Request{}, cases.Document{}, cases.ErrDocumentNotFound.WithDetail("handling %d", it.DocumentNo)
	}
	if !acceptsDocuments(c.State) {
		return disclosure.Request{}, cases.Document{}, ErrCaseClosed.WithDetail("case is %s", c.State)
	}
	orig := c.Documents[it.DocumentNo-1]
	data, err := e.blob(ctx, orig)
	if err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	now := e.clock.Now()
	masked, name, err := e.maskBytes(ctx, c, orig, data, in, now)
	if err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	c, copyDoc, err := e.storeMaskedCopy(ctx, u, c, orig, name, masked, now)
	if err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	if err := r.Decide(no, disclosure.OutcomeInput{Kind: disclosure.OutcomeMasked, Lagrum: in.Lagrum,
		MaskedCopy: &disclosure.CopyRef{CaseID: c.ID, DocumentNo: copyDoc.No}}, u.Username, now.UTC()); err != nil {
		return disclosure.Request{}, cases.Document{}, err
	}
	saved, err := e.disclosures.UpdateRequest(ctx, r)
	if errors.Is(err, fault.ErrVersionConflict) {
		return disclosure.Request{}, cases.Document{}, versionConflict(r.Version)
	}
	return saved, copyDoc, err
}

// blob reads a handling's bytes, checked against its SHA-256.
func (e *core) blob(ctx context.Context, d cases.Document) ([]byte, error) {
	data, err := e.store.GetBlob(ctx, d.BlobID, d.Size)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != d.SHA256 {
		return nil, errors.New("stored file of " + cases.DocumentRef(d.No) + " does not match its SHA-256")
	}
	return data, nil
}

// maskBytes makes the masked copy of a handling's bytes and names it.
func (e *Disclosures) maskBytes(ctx context.Context, c cases.Case, d cases.Document, data []byte, in MaskInput, now time.Time) ([]byte, string, error) {
	base := strings.TrimSuffix(d.FileName, path.Ext(d.FileName))
	switch filetype.Kind(d.ContentType) {
	case filetype.PDF:
		if e.redactor == nil {
			return nil, "", errors.New("workflow: no masking engine")
		}
		day := platform.DateOf(now)
		res, err := e.redactor.PDF(ctx, data, redact.Request{Strings: in.Strings, Regions: in.Regions,
			Title:   "Maskerad kopia av " + c.RegistrationNumber + " " + cases.DocumentRef(d.No),
			Created: time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, "", err
		}
		return res.PDF, base + "-maskerad.pdf", nil
	case filetype.TXT, filetype.CSV:
		var fs fault.Fields
		if len(in.Strings) == 0 {
			fs.Add("/masks", redact.CodeMasksRequired)
		}
		if len(in.Regions) > 0 {
			fs.Add("/regions", "mask_regions_need_pdf")
		}
		for i, s := range in.Strings {
			if utf8.RuneCountInString(strings.TrimSpace(s)) < 2 {
				fs.Add("/strings/"+strconv.Itoa(i), redact.CodeEmptyString)
			}
		}
		if err := fs.Err(fault.Unprocessable); err != nil {
			return nil, "", err
		}
		out, counts := redact.Text(string(data), in.Strings)
		for i, n := range counts {
			if n == 0 {
				fs.Add("/strings/"+strconv.Itoa(i), redact.CodeNotFound)
			}
		}
		if err := fs.Err(fault.Unprocessable); err != nil {
			return nil, "", err
		}
		return []byte(out), base + "-maskerad" + path.Ext(d.FileName), nil
	}
	return nil, "", ErrMaskFormat.WithDetail("%s", d.ContentType)
}

// storeMaskedCopy stores a masked copy of handling orig as a new handling
// of c (utgående, today, no party: the requester may be anonymous),
// linked to the original, with its event, in one version-guarded update;
// the file is stored first. A copy with the same bytes already made of
// the same original is returned instead (a retried masking).
func (e *Disclosures) storeMaskedCopy(ctx context.Context, u identity.User, c cases.Case, orig cases.Document, name string, data []byte, now time.Time) (cases.Case, cases.Document, error) {
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	format, err := filetype.Identify(name, data)
	if err != nil {
		return cases.Case{}, cases.Document{}, err
	}
	blobID := ""
	for attempt := 0; attempt < 5; attempt++ {
		for _, d := range c.Documents {
			if d.MaskedVersionOf == orig.No && d.SHA256 == digest {
				return c, d, nil
			}
		}
		if blobID == "" {
			blobID = platform.NewID()
			if err := e.store.PutBlob(ctx, blobID, data); err != nil {
				return cases.Case{}, cases.Document{}, err
			}
		}
		doc := cases.Document{No: len(c.Documents) + 1, Direction: cases.DirOutgoing, Date: platform.DateOf(now),
			Description: "Maskerad kopia av " + cases.DocumentRef(orig.No), FileName: name, ContentType: string(format.Kind),
			Format: format.Name, Archival: format.Archival, Size: int64(len(data)), SHA256: digest, BlobID: blobID,
			MaskedVersionOf: orig.No, AddedBy: u.ID, AddedAt: now.UTC()}
		c.Documents = append(c.Documents, doc)
		c.UpdatedAt = now.UTC()
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionDocument, Ref: cases.DocumentRef(doc.No),
			Note: "maskerad kopia av " + cases.DocumentRef(orig.No), DataDigest: doc.DocumentDigest()})
		saved, err := e.store.Update(ctx, c)
		if err == nil {
			return saved, doc, nil
		}
		if !errors.Is(err, fault.ErrVersionConflict) {
			return cases.Case{}, cases.Document{}, err
		}
		if c, err = e.store.Get(ctx, c.ID); err != nil {
			return cases.Case{}, cases.Document{}, err
		}
		if !acceptsDocuments(c.State) {
			return cases.Case{}, cases.Document{}, ErrCaseClosed.WithDetail("case is %s", c.State)
		}
	}
	return cases.Case{}, cases.Document{}, versionConflict(c.Version)
}

// Preview draws page (1-based) of the handling asked for in item no of a
// request, for the person marking page regions to mask: one pixel of the
// picture is one point of the page. Only a handler of the board may look,
// and only a PDF has pages.
func (e *Disclosures) Preview(ctx context.Context, u identity.User, id string, no, page int) (redact.Preview, error) {
	r, err := e.Request(ctx, u, id)
	if err != nil {
		return redact.Preview{}, err
	}
	if err := e.authorize(u, r.Board, actionDisclosure); err != nil {
		return redact.Preview{}, err
	}
	it, ok := r.Item(no)
	if !ok {
		return redact.Preview{}, disclosure.ErrItemNotFound.WithDetail("item %d", no)
	}
	if it.CaseID == "" || it.DocumentNo < 1 {
		return redact.Preview{}, ErrItemWithoutDocument.WithDetail("item %d", no)
	}
	c, err := e.store.GetHead(ctx, it.CaseID)
	if err != nil {
		return redact.Preview{}, err
	}
	if it.DocumentNo > len(c.Documents) {
		return redact.Preview{}, cases.ErrDocumentNotFound.WithDetail("handling %d", it.DocumentNo)
	}
	d := c.Documents[it.DocumentNo-1]
	if filetype.Kind(d.ContentType) != filetype.PDF || e.redactor == nil {
		return redact.Preview{}, ErrMaskFormat.WithDetail("%s has no pages", d.ContentType)
	}
	data, err := e.blob(ctx, d)
	if err != nil {
		return redact.Preview{}, err
	}
	return e.redactor.Preview(ctx, data, page)
}
