package workflow

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/retention"
)

// MaxDownloadPackages bounds the packages of one download (API, web);
// samstyr export-archive writes any number.
const MaxDownloadPackages = 100

// ExportSelection chooses the cases of an export: the named cases (ids
// or diarienummer), or every archived case of Board (every board when
// empty) closed before ClosedBefore (zero: any day).
type ExportSelection struct {
	Board        string
	ClosedBefore platform.Date
	Cases        []string
}

// ExportCase builds the SIP of one case for u, who must hold
// export_archive on its board (the arkivarie). A case that is not
// arkiverad is refused (earchive.ErrNotArchived).
func (e *Archive) ExportCase(ctx context.Context, u identity.User, caseID string) (*earchive.Package, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return nil, err
	}
	if err := e.authorize(u, c.Board, actionExportArchive); err != nil {
		return nil, err
	}
	x := e.newExporter()
	return x.build(ctx, c)
}

// ExportBoard builds the SIPs of the board's archived cases closed before
// closedBefore (zero: every one) for u, who must hold export_archive on
// the board; more than MaxDownloadPackages are refused (narrow the
// selection, or use samstyr export-archive). Cases delivered already, and
// cases left with no document to deliver (every handling weeded), are
// left out; skipped names them.
func (e *Archive) ExportBoard(ctx context.Context, u identity.User, boardCode string, closedBefore platform.Date) (ps []*earchive.Package, skipped []string, err error) {
	if err := e.authorizeOn(ctx, u, boardCode, actionExportArchive); err != nil {
		return nil, nil, err
	}
	cs, err := e.archivedCases(ctx, boardCode, closedBefore)
	if err != nil {
		return nil, nil, err
	}
	if len(cs) > MaxDownloadPackages {
		return nil, nil, ErrTooManyPackages.WithDetail("%d archived cases; at most %d in one download", len(cs), MaxDownloadPackages)
	}
	x := e.newExporter()
	ps = []*earchive.Package{}
	_, skipped, err = x.batch(ctx, cs, func(p *earchive.Package) error {
		ps = append(ps, p)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return ps, skipped, nil
}

// ExportEach is the export of samstyr export-archive, run by the operator
// who holds the store (no user: as samstyr verify): the SIP of every
// selected case, handed to fn one at a time. Named cases must all be
// arkiverad — else it refuses before building any, naming every case
// that is not (earchive.ErrNotArchived) — and are built as named, a case
// named more than once (by id and diarienummer) once; a board
// or every board is a batch, which leaves out what ExportBoard leaves out.
// It returns how many packages it built and the cases it left out.
func (e *Archive) ExportEach(ctx context.Context, sel ExportSelection, fn func(*earchive.Package) error) (int, []string, error) {
	x := e.newExporter()
	if len(sel.Cases) > 0 {
		var cs []cases.Case
		var not []string
		named := map[string]bool{}
		for _, ref := range sel.Cases {
			c, err := e.caseByRef(ctx, strings.TrimSpace(ref))
			if err != nil {
				return 0, nil, err
			}
			if named[c.ID] {
				continue // named again (by id and by diarienummer): one package
			}
			named[c.ID] = true
			if c.State != cases.StateArchived {
				not = append(not, c.RegistrationNumber+" is "+string(c.State))
			}
			cs = append(cs, c)
		}
		if len(not) > 0 {
			return 0, nil, earchive.ErrNotArchived.WithDetail("only arkiverade cases are delivered: %s", strings.Join(not, "; "))
		}
		for i, c := range cs {
			p, err := x.build(ctx, c)
			if err == nil {
				err = fn(p)
			}
			if err != nil {
				return i, nil, err
			}
		}
		return len(cs), []string{}, nil
	}
	var cs []cases.Case
	boards := []string{sel.Board}
	if sel.Board != "" {
		if _, err := e.boards.GetBoard(ctx, sel.Board); err != nil {
			return 0, nil, err
		}
	} else {
		bs, err := e.boards.ListBoards(ctx)
		if err != nil {
			return 0, nil, err
		}
		boards = boards[:0]
		for _, b := range bs {
			boards = append(boards, b.Code)
		}
	}
	for _, b := range boards {
		all, err := e.archivedCases(ctx, b, sel.ClosedBefore)
		if err != nil {
			return 0, nil, err
		}
		cs = append(cs, all...)
	}
	return x.batch(ctx, cs, fn)
}

// caseByRef loads a case by id or diarienummer, whole.
func (e *core) caseByRef(ctx context.Context, ref string) (cases.Case, error) {
	var c cases.Case
	var err error
	if _, _, _, perr := cases.ParseNumber(ref); perr == nil {
		c, err = e.store.GetByNumber(ctx, ref)
	} else {
		c, err = e.store.GetHead(ctx, ref)
	}
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return c, cases.ErrCaseNotFound.WithDetail("case %s", ref)
		}
		return c, err
	}
	return e.store.Complete(ctx, c)
}

// archivedCases returns the board's archived cases closed before
// closedBefore (zero: any day), oldest registration first.
func (e *core) archivedCases(ctx context.Context, boardCode string, closedBefore platform.Date) ([]cases.Case, error) {
	all, err := e.listAll(ctx, boardCode, cases.StateArchived)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if closedBefore.IsZero() || closedOn(c).Before(closedBefore) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b cases.Case) int { return a.RegisteredAt.Compare(b.RegisteredAt) })
	return out, nil
}

// exporter builds packages, caching what every case of a board shares
// and the people the packages name.
type exporter struct {
	e        *core
	users    map[string]identity.User
	boards   map[string]board.Board
	profiles map[string]earchive.Profile
	plans    map[string]*retention.Version
}

func (e *core) newExporter() *exporter {
	return &exporter{e: e, users: map[string]identity.User{}, boards: map[string]board.Board{},
		profiles: map[string]earchive.Profile{}, plans: map[string]*retention.Version{}}
}

// namedUsers are the people a case's package names (its handläggare, the
// signers of its decisions and of the protocols of its nämnd decisions),
// by id, each read once per export: not every person of the organisation.
// One no longer in the directory is a zero User, as a lookup in the
// whole directory gave.
func (x *exporter) namedUsers(ctx context.Context, c cases.Case, f caseForce) (map[string]identity.User, error) {
	ids := []string{c.OfficerID}
	for _, d := range c.Decisions {
		for _, sg := range d.Signatures {
			ids = append(ids, sg.SignerID)
		}
	}
	for _, bd := range f.Board {
		for _, ps := range bd.Meeting.Signatures {
			ids = append(ids, ps.Signature.SignerID)
		}
	}
	out := make(map[string]identity.User, len(ids))
	for _, id := range ids {
		u, ok := x.users[id]
		if !ok && id != "" {
			var err error
			if u, err = x.e.users.User(ctx, id); err != nil {
				if fault.From(err).Kind != fault.NotFound {
					return nil, err
				}
				u = identity.User{}
			}
			x.users[id] = u
		}
		out[id] = u
	}
	return out, nil
}

// boardData loads (once) what the cases of a board share.
func (x *exporter) boardData(ctx context.Context, code string) error {
	if _, ok := x.boards[code]; ok {
		return nil
	}
	b, err := x.e.boards.GetBoard(ctx, code)
	if err != nil {
		return err
	}
	prof, _, err := x.e.archiveProfile(ctx, code)
	if err != nil {
		return err
	}
	plan, ok, err := x.e.planInForce(ctx, code)
	if err != nil {
		return err
	}
	if ok {
		x.plans[code] = &plan
	}
	x.boards[code], x.profiles[code] = b, prof
	return nil
}

// build gathers the case's sources and builds its package.
func (x *exporter) build(ctx context.Context, c cases.Case) (*earchive.Package, error) {
	in, err := x.input(ctx, c)
	if err != nil {
		return nil, err
	}
	return earchive.Build(in)
}

// inBatch reports whether a batch delivers the case: not delivered
// already, and with a document left to deliver (a case whose every
// handling was weeded and that has no memo or decision has none).
func inBatch(c cases.Case, in earchive.Input) bool {
	if c.Delivered() {
		return false
	}
	for _, h := range in.Case.Handlings {
		if h.Content != nil {
			return true
		}
	}
	return false
}

// batch builds the packages of a batch's cases, handing each to fn; it
// returns how many it built and the diarienummer of the cases it left
// out (inBatch).
func (x *exporter) batch(ctx context.Context, cs []cases.Case, fn func(*earchive.Package) error) (int, []string, error) {
	built, skipped := 0, []string{}
	for _, c := range cs {
		in, err := x.input(ctx, c)
		if err != nil {
			return built, skipped, err
		}
		if !inBatch(c, in) {
			skipped = append(skipped, c.RegistrationNumber)
			continue
		}
		p, err := earchive.Build(in)
		if err != nil {
			return built, skipped, err
		}
		if err := fn(p); err != nil {
			return built, skipped, err
		}
		built++
	}
	return built, skipped, nil
}

// input gathers the case's sources and maps them to the package input.
func (x *exporter) input(ctx context.Context, c cases.Case) (earchive.Input, error) {
	fail := func(err error) (earchive.Input, error) { return earchive.Input{}, err }
	if c.State != cases.StateArchived {
		return fail(earchive.ErrNotArchived.WithDetail("%s is %s, not arkiverad: only an archived case is delivered", c.RegistrationNumber, c.State))
	}
	if err := x.boardData(ctx, c.Board); err != nil {
		return fail(err)
	}
	e := x.e
	now := e.clock.Now()
	s := archiveSource{Now: now, Software: e.archive.software, Board: x.boards[c.Board], Profile: x.profiles[c.Board], Case: c,
		Files: map[int][]byte{}, DecisionPDFs: map[string][]byte{}}
	for _, d := range c.Documents {
		if d.Weeding != nil {
			continue
		}
		data, err := e.store.GetBlob(ctx, d.BlobID, d.Size)
		if err != nil {
			return fail(err)
		}
		s.Files[d.No] = data
	}
	if c.Memo != nil {
		no := c.Memo.Revision
		if c.Memo.UpprattadRevision > 0 {
			no = c.Memo.UpprattadRevision
		}
		i := slices.IndexFunc(c.Memo.Revisions, func(r cases.RevisionRef) bool { return r.No == no })
		if i >= 0 {
			rev, err := e.store.GetRevision(ctx, c.Memo.Revisions[i].ID)
			if err != nil {
				return fail(err)
			}
			pdf, err := e.asCases().RenderMemoPDF(ctx, c, rev)
			if err != nil {
				return fail(err)
			}
			s.Memo, s.MemoPDF = &rev, pdf
		}
	}
	for _, d := range c.Decisions {
		pdf, err := e.asDecisions().RenderDecisionPDF(ctx, c, d)
		if err != nil {
			return fail(err)
		}
		s.DecisionPDFs[d.ID] = pdf
	}
	ms, err := e.caseMeetings(ctx, c) // the meetings its legal force depends on, not the board's list
	if err != nil {
		return fail(err)
	}
	s.Force = lagaKraft(c, ms, platform.DateOf(now))
	for _, bd := range s.Force.Board {
		pin, err := (&Meetings{e}).ProtocolInput(ctx, bd.Meeting)
		if err != nil {
			return fail(err)
		}
		var buf bytes.Buffer
		if err := memopdf.RenderExtract(&buf, memopdf.ExtractInput{ProtocolInput: pin, Paragraph: bd.Paragraph.No}); err != nil {
			return fail(err)
		}
		s.Extracts = append(s.Extracts, buf.Bytes())
	}
	a, err := e.assess(ctx, c, x.plans[c.Board], ms)
	if err != nil {
		return fail(err)
	}
	s.Assessment = a
	if s.Users, err = x.namedUsers(ctx, c, s.Force); err != nil {
		return fail(err)
	}
	return archiveInput(s), nil
}
