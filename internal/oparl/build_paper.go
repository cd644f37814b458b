package oparl

import (
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

func dateOf(t time.Time) string { return platform.DateOf(t).String() }

// Paper returns an ärende with its public files, its handling at
// meetings and its reported decisions, or false when it is not public
// (sekretessmarkerat or makulerat). Inline consultations leave out the
// paper.
func (s Site) Paper(p PaperIn, omitInternal bool) (Paper, bool) {
	if !p.Public {
		return Paper{}, false
	}
	url := s.PaperURL(p.ID)
	out := Paper{Stamp: s.stamp(url, TypePaper, p.Created, p.Modified), Body: s.BodyURL(p.Board), Name: public.Text(p.Title),
		Reference: p.Reference, Date: date(p.RegisteredOn), PaperType: "Ärende", State: p.State}
	if p.Memo != nil && p.Memo.Public {
		f := s.file(url, *p.Memo)
		out.MainFile = &f
	}
	if !omitInternal {
		for _, f := range p.Files {
			if f.Public {
				out.AuxiliaryFile = append(out.AuxiliaryFile, s.file(url, f))
			}
		}
	}
	for _, h := range p.Handled {
		c, _ := s.Consultation(MeetingIn{ID: h.MeetingID, Board: h.Board, Justerad: true, Created: p.Created, Modified: p.Modified},
			ParagraphIn{No: h.No, Kind: "case", CaseID: p.ID, PaperPublic: true}, true)
		out.Consultation = append(out.Consultation, c)
	}
	for _, d := range p.Decisions {
		d.PaperPublic = false // the paper is this object: no link to itself
		if de, ok := s.decision(d); ok {
			out.Decisions = append(out.Decisions, de)
		}
	}
	return out, true
}

// file returns a public file of owner (a paper or a meeting URL). Only
// called for files that are public.
func (s Site) file(owner string, f FileIn) File {
	id := owner + "/file/" + f.Key
	out := File{Stamp: s.stamp(id, TypeFile, f.Created, f.Modified), Name: public.Text(f.Name), FileName: public.Text(f.FileName),
		MimeType: f.MimeType, Date: date(f.Date), Size: f.Size, AccessURL: id + "/access", DownloadURL: id + "/download",
		SHA256: f.SHA256, Direction: f.Direction}
	return out
}
