package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/oparl"
	"github.com/samstyr/samstyr/internal/public"
)

// WithPublicSite gives the engine where the open decision API is
// published (oparl.Site.Base, an absolute URL) and who answers for it.
func (e *Engine) WithPublicSite(site oparl.Site) *Engine {
	e.core.site = site
	return e
}

// userList adapts the user directory to what OParl reads; the seat
// holders of a board come from the cached role snapshot (people.go).
type userList struct{ c *core }

func (l userList) SeatHolders(ctx context.Context, board string, roles []identity.Role) ([]identity.User, error) {
	return l.c.roleHolders(ctx, []string{board}, roles)
}
func (l userList) SeatHolderIDs(ctx context.Context, board string, roles []identity.Role) ([]string, error) {
	return l.c.roleHolderIDs(ctx, board, roles)
}
func (l userList) User(ctx context.Context, id string) (identity.User, error) {
	return l.c.users.User(ctx, id)
}
func (l userList) UserByUsername(ctx context.Context, username string) (identity.User, error) {
	return l.c.users.UserByUsername(ctx, username)
}

// oparl is the OParl service over the stores; what it shows is decided by
// internal/public.
func (e *Public) oparl() *oparl.Service {
	return &oparl.Service{Site: e.site, Source: oparl.DomainSource{Stores: oparl.Stores{Boards: e.boards, Meetings: e.meetings,
		Cases: e.store, Users: userList{e.core}, Marks: public.MarksOf}}}
}

// OParl returns the OParl object or list page at path (under the site's
// base, e.g. "/body/ITN/meeting") with the list parameters in q. Anything
// not public is not found, exactly like anything that does not exist.
func (e *Public) OParl(ctx context.Context, path string, q url.Values) (any, error) {
	return e.oparl().Get(ctx, path, q)
}

// PublicFile is a public file's bytes and how to send them.
type PublicFile struct {
	FileName string
	MimeType string
	Data     []byte
	Download bool // send as an attachment (…/download), else inline (…/access)
}

// OParlFile returns the bytes of a public file at path
// (".../file/{key}/access" or ".../download"): a handling's stored file,
// checked against its SHA-256; the tjänsteskrivelse rendered again from
// its upprättad revision (the version that became allmän handling, with
// any personnummer scrubbed); or a justerat protocol rendered with its
// public paragraphs only (public.Protocol).
func (e *Public) OParlFile(ctx context.Context, path string) (PublicFile, error) {
	ref, err := e.oparl().File(ctx, path)
	if err != nil {
		return PublicFile{}, err
	}
	out := PublicFile{FileName: ref.File.FileName, MimeType: ref.File.MimeType, Download: ref.Download}
	switch {
	case ref.MeetingID != "":
		out.Data, err = e.publicProtocol(ctx, ref.MeetingID)
	case ref.Memo:
		out.Data, err = e.publicMemo(ctx, ref.CaseID)
	default:
		out.Data, err = e.publicDocument(ctx, ref.CaseID, ref.DocumentNo)
	}
	return out, err
}

func (e *Public) publicDocument(ctx context.Context, caseID string, no int) ([]byte, error) {
	c, err := e.store.Get(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if no < 1 || no > len(c.Documents) || !public.Document(c, c.Documents[no-1]) {
		return nil, oparl.ErrNotFound
	}
	d := c.Documents[no-1]
	data, err := e.store.GetBlob(ctx, d.BlobID, d.Size)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != d.SHA256 {
		return nil, errors.New("stored file of " + cases.DocumentRef(no) + " does not match its SHA-256")
	}
	return data, nil
}

func (e *Public) publicMemo(ctx context.Context, caseID string) ([]byte, error) {
	c, err := e.store.Get(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if !public.Memo(c) {
		return nil, oparl.ErrNotFound
	}
	var ref *cases.RevisionRef
	for i := range c.Memo.Revisions {
		if c.Memo.Revisions[i].No == c.Memo.UpprattadRevision {
			ref = &c.Memo.Revisions[i]
		}
	}
	if ref == nil {
		return nil, oparl.ErrNotFound
	}
	rev, err := e.store.GetRevision(ctx, ref.ID)
	if err != nil {
		return nil, err
	}
	rev.Memo = public.MemoText(rev.Memo)
	return e.asCases().RenderMemoPDF(ctx, c, rev)
}

func (e *Public) publicProtocol(ctx context.Context, meetingID string) ([]byte, error) {
	m, err := e.meetings.GetMeeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	pm, ok := public.Protocol(m, e.caseHead(ctx))
	if !ok {
		return nil, oparl.ErrNotFound
	}
	in, err := e.asMeetings().publicProtocolInput(ctx, pm)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = memopdf.RenderProtocol(&buf, in)
	return buf.Bytes(), err
}
