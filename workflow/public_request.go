package workflow

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
)

// PublicRequestInput is a request for allmän handling sent by anyone
// through the public web form: the nämnd asked, what is asked for, the
// handlingar (by diarienummer and löpnummer from the e-diarium, or in the
// requester's words), the form of access, and — only if the requester
// wants to give them — a name and an address for the answer (TF 2:18).
type PublicRequestInput struct {
	Board     string
	Form      disclosure.Form
	Asked     string
	Requester *disclosure.Requester
	Items     []RequestItemInput
}

// PublicReceipt is all a requester learns back: the reference to quote
// and the day the answer is due. Nothing of the board's handling shows.
type PublicReceipt struct {
	Ref      string `json:"ref"`
	Board    string `json:"board"`
	TargetOn string `json:"target_on"`
}

// SubmitRequest registers a request sent by the public web form, with no
// login: received now through the channel webb, registered by nobody, with
// the same checks as a request an official registers (Disclosures.Register)
// and the same same-day target. It then sits in the board's list of open
// requests. An unknown nämnd is a field error and nothing is stored.
func (e *Public) SubmitRequest(ctx context.Context, in PublicRequestInput) (PublicReceipt, error) {
	code := strings.TrimSpace(in.Board)
	if code != "" {
		if _, err := e.boards.GetBoard(ctx, code); err != nil {
			if fault.From(err).Kind == fault.NotFound {
				return PublicReceipt{}, (&fault.Fields{{Field: "/board", Code: board.ErrUnknownBoard.Code}}).Err(fault.Unprocessable)
			}
			return PublicReceipt{}, err
		}
	}
	r, err := e.register(ctx, RequestInput{Board: code, ReceivedAt: e.clock.Now(), Channel: disclosure.ChannelWeb, Form: in.Form,
		Asked: in.Asked, Requester: in.Requester, Items: in.Items}, "")
	if err != nil {
		return PublicReceipt{}, err
	}
	return PublicReceipt{Ref: r.Ref, Board: r.Board, TargetOn: r.TargetOn().String()}, nil
}
