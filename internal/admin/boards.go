package admin

import (
	"context"
	"errors"
	"strings"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// MemberInput is a member municipality of a gemensam nämnd.
type MemberInput struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Host        bool   `json:"host"`
	OrgNumber   string `json:"org_number"`
	NoticeBoard string `json:"notice_board"`
}

// BoardInput creates a board.
type BoardInput struct {
	Code         string
	Name         string
	Kind         board.Kind
	Organisation string // letterhead; the organisation's when empty
	Parent       string
	Series       *board.Series
	ValidFrom    platform.Date
	ValidTo      platform.Date
	Members      []MemberInput
}

// BoardPatch changes a board; nil fields stay. Members replaces the
// member list (a member keeps its user counts by its code).
type BoardPatch struct {
	Name         *string
	Kind         *board.Kind
	Organisation *string
	Parent       *string
	Series       *board.Series
	ValidFrom    *platform.Date
	ValidTo      *platform.Date
	Members      *[]MemberInput
}

// parentOf loads the board code names, nil when none or unknown.
func (s *Service) parentOf(ctx context.Context, code string) (*board.Board, error) {
	if code == "" {
		return nil, nil
	}
	p, err := s.boards.GetBoard(ctx, code)
	if errors.Is(err, board.ErrUnknownBoard) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func members(in []MemberInput, old []board.Member) []board.Member {
	out := make([]board.Member, 0, len(in))
	for _, m := range in {
		bm := board.Member{Code: strings.TrimSpace(m.Code), Name: strings.TrimSpace(m.Name), Host: m.Host,
			OrgNumber: strings.TrimSpace(m.OrgNumber), NoticeBoard: strings.TrimSpace(m.NoticeBoard), UserCounts: []board.UserCount{}}
		for _, o := range old {
			if o.Code == bm.Code {
				bm.UserCounts = o.UserCounts
			}
		}
		out = append(out, bm)
	}
	return out
}

// CreateBoard creates a nämnd, styrelse, utskott, gemensam nämnd or
// beredning (an administrator). Its code is also its diarienummer prefix
// unless Series names another; a taken code is board_exists.
func (s *Service) CreateBoard(ctx context.Context, u identity.User, in BoardInput) (board.Board, error) {
	if err := s.requireAdmin(u); err != nil {
		return board.Board{}, err
	}
	in.Code = strings.TrimSpace(in.Code)
	b := board.Board{Code: in.Code, Name: strings.TrimSpace(in.Name), Kind: in.Kind, Organisation: strings.TrimSpace(in.Organisation),
		Parent: strings.TrimSpace(in.Parent), Series: in.Series, ValidFrom: in.ValidFrom, ValidTo: in.ValidTo,
		Members: members(in.Members, nil), CreatedAt: s.clock.Now().UTC()}
	if b.Organisation == "" {
		if o, err := s.org.GetOrganisation(ctx); err == nil {
			b.Organisation = o.Letterhead
		}
		if b.Kind == board.KindJointBoard {
			for _, m := range b.Members {
				if m.Host {
					b.Organisation = m.Name
				}
			}
		}
	}
	parent, err := s.parentOf(ctx, b.Parent)
	if err != nil {
		return board.Board{}, err
	}
	if err := b.CheckAdmin(parent); err != nil {
		return board.Board{}, err
	}
	b.Record(adminlog.Record{At: s.clock.Now(), Actor: u.Username, Action: board.ActionBoardCreated, After: adminlog.JSON(b.AdminState())})
	saved, err := s.boards.InsertBoard(ctx, b)
	if errors.Is(err, board.ErrBoardExists) {
		f := board.ErrBoardExists.WithDetail("a board with code %s exists", b.Code)
		f.Fields = []fault.FieldError{{Field: "/code", Code: board.ErrBoardExists.Code}}
		return board.Board{}, f
	}
	return saved, err
}

// UpdateBoard changes a board (an administrator). version 0 applies the
// change to the newest version; another version than the stored one is a
// conflict.
func (s *Service) UpdateBoard(ctx context.Context, u identity.User, code string, version int64, p BoardPatch) (board.Board, error) {
	if err := s.requireAdmin(u); err != nil {
		return board.Board{}, err
	}
	for range 5 {
		b, err := s.boards.GetBoard(ctx, code)
		if err != nil {
			return board.Board{}, err
		}
		if version != 0 && b.Version != version {
			f := fault.ErrVersionConflict.WithDetail("board %s is at version %d", code, b.Version)
			f.Extra = map[string]any{"current_version": b.Version}
			return board.Board{}, f
		}
		before := b.AdminState()
		if p.Name != nil {
			b.Name = strings.TrimSpace(*p.Name)
		}
		if p.Kind != nil {
			b.Kind = *p.Kind
		}
		if p.Organisation != nil {
			b.Organisation = strings.TrimSpace(*p.Organisation)
		}
		if p.Parent != nil {
			b.Parent = strings.TrimSpace(*p.Parent)
		}
		if p.Series != nil {
			b.Series = p.Series
		}
		if p.ValidFrom != nil {
			b.ValidFrom = *p.ValidFrom
		}
		if p.ValidTo != nil {
			b.ValidTo = *p.ValidTo
		}
		if p.Members != nil {
			b.Members = members(*p.Members, b.Members)
		}
		parent, err := s.parentOf(ctx, b.Parent)
		if err != nil {
			return board.Board{}, err
		}
		if err := b.CheckAdmin(parent); err != nil {
			return board.Board{}, err
		}
		b.Record(adminlog.Record{At: s.clock.Now(), Actor: u.Username, Action: board.ActionBoardChanged,
			Before: adminlog.JSON(before), After: adminlog.JSON(b.AdminState())})
		saved, err := s.boards.UpdateBoard(ctx, b)
		if errors.Is(err, fault.ErrVersionConflict) && version == 0 {
			continue
		}
		return saved, err
	}
	return board.Board{}, fault.ErrVersionConflict
}

// Board returns one board (anyone logged in may read it).
func (s *Service) Board(ctx context.Context, code string) (board.Board, error) {
	return s.boards.GetBoard(ctx, code)
}

// Boards lists every board.
func (s *Service) Boards(ctx context.Context) ([]board.Board, error) { return s.boards.ListBoards(ctx) }
