package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/filetype"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// NewDocument is the input to register a handling on a case.
type NewDocument struct {
	Direction   cases.Direction
	Date        platform.Date // inkommen/upprättad; today when zero
	Party       string
	Description string
	FileName    string
	Secrecy     *cases.Secrecy
}

func (d *NewDocument) validate(today platform.Date) error {
	var fs fault.Fields
	switch d.Direction {
	case cases.DirIncoming, cases.DirOutgoing, cases.DirInternal:
	default:
		fs.Add("/direction", "invalid_direction")
	}
	if d.Date.IsZero() {
		d.Date = today
	} else if d.Date.After(today) {
		fs.Add("/date", "invalid_date")
	}
	if d.Secrecy != nil {
		d.Description, d.Secrecy.Parts = cases.TrimMarked(d.Description, d.Secrecy.Parts)
	}
	d.Description = strings.TrimSpace(d.Description)
	if d.Description == "" {
		fs.Add("/description", "required")
	} else if utf8.RuneCountInString(d.Description) > cases.MaxTitle {
		fs.Add("/description", "too_long")
	}
	fieldtext.Line(&fs, "/description", d.Description)
	if utf8.RuneCountInString(d.Party) > cases.MaxCounterpart {
		fs.Add("/party", "too_long")
	}
	fieldtext.Line(&fs, "/party", d.Party)
	d.FileName = path.Base(strings.ReplaceAll(strings.TrimSpace(d.FileName), "\\", "/"))
	switch {
	case !fieldtext.LineOK(d.FileName):
		fs.Add("/file", fieldtext.Code)
	case d.FileName == "" || d.FileName == "." || d.FileName == "/" || utf8.RuneCountInString(d.FileName) > 255:
		fs.Add("/file", "invalid_file_name")
	}
	if d.Secrecy != nil && (!cases.ValidSecrecyReference(d.Secrecy.Reference) || d.Secrecy.Date.IsZero() || d.Secrecy.Date.After(today)) {
		fs.Add("/secrecy", "invalid_secrecy_reference")
	}
	if d.Secrecy != nil {
		cases.CheckSpans(&fs, "/secrecy/parts", d.Description, d.Secrecy.Parts)
	}
	return fs.Err(fault.Unprocessable)
}

// ErrFileTypeMismatch: the file's bytes are not the format its name's
// extension says (a PDF called .docx, HTML called .eml, …).
var ErrFileTypeMismatch = fault.New(fault.Unprocessable, "file_type_mismatch")

// fileTypeFault turns a filetype refusal into a 422 naming the file field.
func fileTypeFault(err error) error {
	base := ErrFileTypeRejected
	if errors.Is(err, filetype.ErrMismatch) {
		base = ErrFileTypeMismatch
	}
	f := base.WithDetail("%v", err)
	f.Fields = []fault.FieldError{{Field: "/file", Code: base.Code}}
	return f
}

// ErrDocumentWeeded: the handling's content was removed by gallring.
var ErrDocumentWeeded = fault.New(fault.NotFound, "document_weeded")

// AddDocument registers a handling with its file on the case. The file's
// format is read from its bytes, must be on the allow-list and must be
// the one its name's extension says (filetype.Identify); the handling
// records the format and whether it is archival. The bytes are stored in
// chunks first, then the case records the handling (with the file's
// SHA-256) and the event in one version-guarded update.
func (e *Cases) AddDocument(ctx context.Context, u identity.User, caseID string, d NewDocument, data []byte) (cases.Case, cases.Document, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, cases.Document{}, err
	}
	if err := e.authorize(u, c.Board, "add_document"); err != nil {
		return cases.Case{}, cases.Document{}, err
	}
	if !acceptsDocuments(c.State) {
		return cases.Case{}, cases.Document{}, ErrCaseClosed.WithDetail("case is %s", c.State)
	}
	if err := d.validate(e.today()); err != nil {
		return cases.Case{}, cases.Document{}, err
	}
	if int64(len(data)) > e.maxUpload {
		return cases.Case{}, cases.Document{}, ErrFileTooLarge.WithDetail("limit is %d bytes", e.maxUpload)
	}
	format, err := filetype.Identify(d.FileName, data)
	if err != nil {
		return cases.Case{}, cases.Document{}, fileTypeFault(err)
	}
	sum := sha256.Sum256(data)
	blobID := platform.NewID()
	if err := e.store.PutBlob(ctx, blobID, data); err != nil {
		return cases.Case{}, cases.Document{}, err
	}
	now := e.clock.Now().UTC()
	for attempt := 0; attempt < 5; attempt++ {
		if !acceptsDocuments(c.State) {
			return cases.Case{}, cases.Document{}, ErrCaseClosed.WithDetail("case is %s", c.State)
		}
		doc := cases.Document{No: len(c.Documents) + 1, Direction: d.Direction, Date: d.Date, Party: strings.TrimSpace(d.Party),
			Description: d.Description, FileName: d.FileName, ContentType: string(format.Kind), Format: format.Name,
			Archival: format.Archival, Size: int64(len(data)),
			SHA256: hex.EncodeToString(sum[:]), BlobID: blobID, Secrecy: d.Secrecy, AddedBy: u.ID, AddedAt: now}
		c.Documents = append(c.Documents, doc)
		c.UpdatedAt = now
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionDocument, Ref: cases.DocumentRef(doc.No),
			Note: doc.FileName, DataDigest: doc.DocumentDigest()})
		saved, err := e.store.Update(ctx, c)
		if err == nil {
			return saved, doc, nil
		}
		if !errors.Is(err, fault.ErrVersionConflict) {
			return cases.Case{}, cases.Document{}, err
		}
		if c, err = e.load(ctx, u, caseID); err != nil {
			return cases.Case{}, cases.Document{}, err
		}
	}
	return cases.Case{}, cases.Document{}, versionConflict(c.Version)
}

// Document returns a handling and its exact bytes, checked against the
// SHA-256 recorded when it was registered.
//
// A person who may not read the case as an official of its board reads a
// handling that was sent to them with a meeting's kallelse (loadSent).
func (e *Cases) Document(ctx context.Context, u identity.User, caseID string, no int) (cases.Document, []byte, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil && fault.From(err).Kind == fault.NotFound {
		c, err = e.loadSent(ctx, u, caseID, meeting.HandlingDocument, no)
	}
	if err != nil {
		return cases.Document{}, nil, err
	}
	if no < 1 || no > len(c.Documents) {
		return cases.Document{}, nil, cases.ErrDocumentNotFound.WithDetail("handling %d", no)
	}
	d := c.Documents[no-1]
	if d.Weeding != nil {
		return d, nil, ErrDocumentWeeded.WithDetail("%s was weeded on %s under %s; its metadata and SHA-256 remain", cases.DocumentRef(no), d.Weeding.On, d.Weeding.Decision)
	}
	data, err := e.store.GetBlob(ctx, d.BlobID, d.Size)
	if err != nil {
		return d, nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != d.SHA256 {
		return d, nil, errors.New("stored file of " + cases.DocumentRef(no) + " does not match its SHA-256")
	}
	return d, data, nil
}
