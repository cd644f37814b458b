package board

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
)

// Series is a board's diarium series: the prefix of its diarienummer and
// whether the numbering restarts every year. Several boards may share a
// series (an utskott registering in its nämnd's diarium).
type Series struct {
	Prefix        string `json:"prefix"`
	YearlyRestart bool   `json:"yearly_restart"`
}

// SeriesOf returns the board's series: Series, or the default (its code,
// restarting every year).
func (b Board) SeriesOf() Series {
	if b.Series != nil && b.Series.Prefix != "" {
		return *b.Series
	}
	return Series{Prefix: b.Code, YearlyRestart: true}
}

// Actions recorded in a board's chain.
const (
	ActionBoardCreated = "board_created"
	ActionBoardChanged = "board_changed"
	ActionBaseline     = "baseline"
)

// ChainID is the id of the board's record chain.
func (b Board) ChainID() string { return adminlog.ChainID("board", b.Code) }

// memberState is a member municipality as the administration sets it
// (the user counts are the cost allocation's, with their own history).
type memberState struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Host        bool   `json:"host"`
	OrgNumber   string `json:"org_number,omitempty"`
	NoticeBoard string `json:"notice_board,omitempty"`
}

// State is what the administration sets on a board: everything but its
// members' user counts, its creation time and its records.
type State struct {
	Code         string        `json:"code"`
	Name         string        `json:"name"`
	Kind         Kind          `json:"kind"`
	Organisation string        `json:"organisation"`
	Parent       string        `json:"parent,omitempty"`
	Series       Series        `json:"series"`
	ValidFrom    string        `json:"valid_from,omitempty"`
	ValidTo      string        `json:"valid_to,omitempty"`
	Members      []memberState `json:"members"`
}

// AdminState returns the board's administered state.
func (b Board) AdminState() State {
	s := State{Code: b.Code, Name: b.Name, Kind: b.Kind, Organisation: b.Organisation, Parent: b.Parent, Series: b.SeriesOf(),
		ValidFrom: b.ValidFrom.String(), ValidTo: b.ValidTo.String(), Members: []memberState{}}
	for _, m := range b.Members {
		s.Members = append(s.Members, memberState{Code: m.Code, Name: m.Name, Host: m.Host, OrgNumber: m.OrgNumber, NoticeBoard: m.NoticeBoard})
	}
	return s
}

// StateDigest is the digest of the board's administered state.
func (b Board) StateDigest() string { return adminlog.StateDigest(b.AdminState()) }

// Record appends a record of a change to b (with what b is now).
func (b *Board) Record(r adminlog.Record) {
	r.State = b.StateDigest()
	b.Log.Append(b.ChainID(), r)
}

var (
	kommunkodPattern = regexp.MustCompile(`^\d{4}$`)
	orgNumberPattern = regexp.MustCompile(`^(\d{6})-?(\d{4})$`)
)

// NormalizeOrgNumber returns an organisationsnummer as NNNNNN-NNNN and
// whether it is one: ten digits whose last is the Luhn check digit, and
// whose third is at least 2 (legal persons; a personnummer's month is
// below 20).
func NormalizeOrgNumber(s string) (string, bool) {
	m := orgNumberPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	d := m[1] + m[2]
	if d[2] < '2' {
		return "", false
	}
	sum := 0
	for i := range 10 {
		v := int(d[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	if sum%10 != 0 {
		return "", false
	}
	return m[1] + "-" + m[2], true
}

// ValidNoticeBoard reports whether s is the address of an anslagstavla:
// an absolute http or https URL.
func ValidNoticeBoard(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && fieldtext.LineOK(s) && len(s) <= 500
}

// MaxName bounds a board's and a member's name (characters).
const MaxName = 200

// CheckAdmin checks a board the administration creates or changes, beyond
// Validate: the kind's rules (an utskott has a parent, parent names a
// board that may have one; only a gemensam nämnd has members, each with
// its kommunkod, name, organisationsnummer and anslagstavla, exactly one
// of them the värdkommun), the letterhead, the series and the validity
// period. parent is the board Parent names (nil when none or unknown). It
// normalises org numbers in place.
func (b *Board) CheckAdmin(parent *Board) error {
	var fs fault.Fields
	if err := b.Validate(); err != nil {
		fs = append(fs, fault.From(err).Fields...)
	}
	if utf8.RuneCountInString(b.Name) > MaxName {
		fs.Add("/name", "too_long")
	}
	switch {
	case strings.TrimSpace(b.Organisation) == "":
		fs.Add("/organisation", "required")
	case utf8.RuneCountInString(b.Organisation) > MaxName:
		fs.Add("/organisation", "too_long")
	}
	fieldtext.Line(&fs, "/organisation", b.Organisation)
	switch {
	case b.Kind == KindUtskott && b.Parent == "":
		fs.Add("/parent", "required")
	case b.Parent != "" && b.Kind != KindUtskott && b.Kind != KindBeredning:
		fs.Add("/parent", "parent_not_allowed")
	case b.Parent != "" && parent == nil:
		fs.Add("/parent", "unknown_board")
	case b.Parent != "" && (b.Parent == b.Code || parent.Kind == KindUtskott || parent.Kind == KindBeredning):
		fs.Add("/parent", "invalid_parent")
	}
	if b.Kind != KindJointBoard && len(b.Members) > 0 {
		fs.Add("/members", "members_only_for_joint_boards")
	}
	seen := map[string]bool{}
	for i := range b.Members {
		m := &b.Members[i]
		p := fmt.Sprintf("/members/%d", i)
		if !kommunkodPattern.MatchString(m.Code) {
			fs.Add(p+"/code", "invalid_kommunkod")
		} else if seen[m.Code] {
			fs.Add(p+"/code", "duplicate_member")
		}
		seen[m.Code] = true
		if strings.TrimSpace(m.Name) == "" {
			fs.Add(p+"/name", "required")
		} else if utf8.RuneCountInString(m.Name) > MaxName {
			fs.Add(p+"/name", "too_long")
		}
		fieldtext.Line(&fs, p+"/name", m.Name)
		if n, ok := NormalizeOrgNumber(m.OrgNumber); ok {
			m.OrgNumber = n
		} else {
			fs.Add(p+"/org_number", "invalid_org_number")
		}
		if !ValidNoticeBoard(m.NoticeBoard) {
			fs.Add(p+"/notice_board", "invalid_notice_board")
		}
	}
	if b.Series != nil {
		switch {
		case !ValidCode(b.Series.Prefix):
			fs.Add("/series/prefix", "invalid_series_prefix")
		case !b.Series.YearlyRestart:
			// The diarienummer holds the year, and the diarium's number
			// check counts every year from 1.
			fs.Add("/series/yearly_restart", "series_restart_required")
		}
	}
	switch {
	case !b.ValidFrom.IsZero() && !b.ValidFrom.InRange():
		fs.Add("/valid_from", "invalid_date")
	case !b.ValidTo.IsZero() && !b.ValidTo.InRange():
		fs.Add("/valid_to", "invalid_date")
	case !b.ValidTo.IsZero() && !b.ValidFrom.IsZero() && b.ValidTo.Before(b.ValidFrom):
		fs.Add("/valid_to", "valid_to_before_valid_from")
	}
	return fs.Err(fault.Unprocessable)
}
