package repo

import (
	"context"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/store"
)

// Boards stores nämnder.
type Boards struct{ b store.Backend }

var _ board.Storer = Boards{}

// NewBoards returns the board storage on b.
func NewBoards(b store.Backend) Boards { return Boards{b} }

func setBoardV(x *board.Board, v int64) { x.Version = v }

// InsertBoard stores a new board; a taken code is board_exists.
func (r Boards) InsertBoard(ctx context.Context, x board.Board) (board.Board, error) {
	err := insert(ctx, r.b, CollBoards, x.Code, &x, setBoardV, board.ErrBoardExists)
	return x, err
}

// GetBoard loads a board by code; a missing one is unknown_board.
func (r Boards) GetBoard(ctx context.Context, code string) (board.Board, error) {
	var x board.Board
	err := get(ctx, r.b, CollBoards, code, &x, setBoardV)
	if err != nil && fault.From(err).Code == fault.ErrNotFound.Code {
		return x, board.ErrUnknownBoard.WithDetail("board %q", code)
	}
	return x, err
}

// ListBoards returns every board in Swedish alphabetical order of name.
func (r Boards) ListBoards(ctx context.Context) ([]board.Board, error) {
	bs, err := find(ctx, r.b, CollBoards, store.Query{}, setBoardV)
	if err != nil {
		return nil, err
	}
	col := collate.New(language.Swedish)
	sort.SliceStable(bs, func(i, j int) bool { return col.CompareString(bs[i].Name, bs[j].Name) < 0 })
	return bs, nil
}

// UpdateBoard writes b if its version is current.
func (r Boards) UpdateBoard(ctx context.Context, x board.Board) (board.Board, error) {
	err := update(ctx, r.b, CollBoards, x.Code, x.Version, &x, setBoardV, nil)
	return x, err
}
