// Package board models nämnder: ordinary boards and joint boards (gemensam
// nämnd) with their member municipalities and the user counts that key the
// cost allocation between them.
package board

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Kind tells the kinds of organ apart: nämnd, styrelse, utskott,
// gemensam nämnd and beredning.
type Kind string

// Board kinds.
const (
	KindBoard      Kind = "namnd"          // nämnd of one municipality
	KindJointBoard Kind = "gemensam_namnd" // gemensam nämnd hosted by one member (värdkommun)
	KindStyrelse   Kind = "styrelse"       // kommunstyrelse / regionstyrelse
	KindUtskott    Kind = "utskott"        // utskott under a nämnd or styrelse (Parent)
	KindBeredning  Kind = "beredning"      // beredning (prepares, decides nothing on its own)
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindBoard, KindStyrelse, KindUtskott, KindJointBoard, KindBeredning}

// Board is a nämnd. Its Code (e.g. "ITN") is also the diarienummer prefix.
type Board struct {
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Kind         Kind      `json:"kind"`
	Organisation string    `json:"organisation"` // the (host) municipality's name: the letterhead of its PDFs
	Members      []Member  `json:"members"`
	CreatedAt    time.Time `json:"created_at"`
	// Parent is the nämnd or styrelse an utskott belongs to.
	Parent string `json:"parent,omitempty"`
	// Series is the board's diarium series; nil for the default (the
	// board's code, restarting every year).
	Series *Series `json:"series,omitempty"`
	// ValidFrom and ValidTo bound the board's existence (zero: open).
	ValidFrom platform.Date `json:"valid_from,omitempty"`
	ValidTo   platform.Date `json:"valid_to,omitempty"`
	// Log is the administration's record of the board (adminlog).
	Log     adminlog.Log `json:"log,omitempty"`
	Version int64        `json:"-"`
}

// Member is a member municipality (medlemskommun) of a joint board.
type Member struct {
	Code       string      `json:"code"` // kommunkod, e.g. "0885" Borgholm
	Name       string      `json:"name"`
	Host       bool        `json:"host"` // värdkommun
	UserCounts []UserCount `json:"user_counts"`
	// OrgNumber is the municipality's organisationsnummer (NNNNNN-NNNN).
	OrgNumber string `json:"org_number,omitempty"`
	// NoticeBoard is the address of its anslagstavla (https URL).
	NoticeBoard string `json:"notice_board,omitempty"`
}

// UserCount is the number of users a member had on a key date, with who
// recorded it and when (the history of the allocation key).
type UserCount struct {
	KeyDate    platform.Date `json:"key_date"`
	Users      int64         `json:"users"`
	RecordedBy string        `json:"recorded_by"`
	RecordedAt time.Time     `json:"recorded_at"`
}

// Storer is what the board package needs from storage.
type Storer interface {
	InsertBoard(ctx context.Context, b Board) (Board, error)
	GetBoard(ctx context.Context, code string) (Board, error)
	ListBoards(ctx context.Context) ([]Board, error)
	UpdateBoard(ctx context.Context, b Board) (Board, error) // version-guarded
}

// Faults returned by this package.
var (
	ErrUnknownBoard = fault.New(fault.NotFound, "unknown_board")
	ErrBoardExists  = fault.New(fault.Conflict, "board_exists")
)

var codePattern = regexp.MustCompile(`^[A-ZÅÄÖ]{2,10}$`)

// ValidCode reports whether s is a board code: 2–10 capital letters.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Validate checks a board before it is stored (see also CheckAdmin for
// what the administration sets on a new or changed board).
func (b Board) Validate() error {
	var fs fault.Fields
	if !ValidCode(b.Code) {
		fs.Add("/code", "invalid_board_code")
	}
	if b.Name == "" {
		fs.Add("/name", "required")
	}
	fieldtext.Line(&fs, "/name", b.Name)
	if !slices.Contains(Kinds, b.Kind) {
		fs.Add("/kind", "invalid_kind")
	}
	hosts := 0
	for _, m := range b.Members {
		if m.Host {
			hosts++
		}
	}
	if b.Kind == KindJointBoard && (len(b.Members) < 2 || hosts != 1) {
		fs.Add("/members", "joint_board_needs_members_and_one_host")
	}
	return fs.Err(fault.Unprocessable)
}
