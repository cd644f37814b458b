package disclosure

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
)

// OutcomeKind is what was decided for one handling.
type OutcomeKind string

// The outcomes.
const (
	OutcomeReleased OutcomeKind = "lamnas_ut"               // released whole
	OutcomeMasked   OutcomeKind = "lamnas_ut_med_maskering" // released with the secret parts masked
	OutcomeRefused  OutcomeKind = "avslas"                  // refused (a written decision)
)

// CopyRef points at the masked copy: a new handling on the case, the
// maskad version of the original (FGS/ERMS "is_redacted_version_of").
type CopyRef struct {
	CaseID     string `json:"case_id"`
	DocumentNo int    `json:"document_no"`
}

// Outcome is the decision on one handling.
type Outcome struct {
	Kind OutcomeKind `json:"kind"`
	// Lagrum are the OSL provisions behind a masking or a refusal, e.g.
	// "OSL 21 kap. 1 §"; empty for a handling released whole.
	Lagrum     []string  `json:"lagrum,omitempty"`
	MaskedCopy *CopyRef  `json:"masked_copy,omitempty"`
	Decision   int       `json:"decision,omitempty"` // the avslagsbeslut (Decisions[Decision-1]), 0 if none
	DecidedBy  string    `json:"decided_by"`
	DecidedAt  time.Time `json:"decided_at"`
}

// OutcomeInput is what an official records for one handling released
// whole or masked. A refusal is a written decision: see Refuse.
type OutcomeInput struct {
	Kind       OutcomeKind
	Lagrum     []string
	MaskedCopy *CopyRef
}

// Field-error codes of outcomes.
const (
	CodeInvalidOutcome     = "invalid_outcome"
	CodeLagrumRequired     = "lagrum_required"
	CodeLagrumNotAllowed   = "lagrum_not_allowed"
	CodeInvalidLagrum      = "invalid_secrecy_reference"
	CodeMaskedCopyRequired = "masked_copy_required"
	CodeRefusalNeedsDec    = "refusal_needs_decision"
)

// Decide records the outcome of item no: released whole, or released with
// masking under the given lagrum with the masked copy it produced. A
// refusal is refused here (CodeRefusalNeedsDec): it needs a written
// decision (Refuse).
func (r *Request) Decide(no int, in OutcomeInput, by string, at time.Time) error {
	it, err := r.open(no)
	if err != nil {
		return err
	}
	var fs fault.Fields
	in.Lagrum = cleanLagrum(in.Lagrum)
	switch in.Kind {
	case OutcomeReleased:
		if len(in.Lagrum) > 0 {
			fs.Add("/lagrum", CodeLagrumNotAllowed)
		}
		if in.MaskedCopy != nil {
			fs.Add("/masked_copy", CodeLagrumNotAllowed)
		}
	case OutcomeMasked:
		in.Lagrum = checkLagrum(&fs, "/lagrum", in.Lagrum)
		if in.MaskedCopy == nil || in.MaskedCopy.CaseID == "" || in.MaskedCopy.DocumentNo < 1 {
			fs.Add("/masked_copy", CodeMaskedCopyRequired)
		} else if it.CaseID == in.MaskedCopy.CaseID && it.DocumentNo == in.MaskedCopy.DocumentNo {
			fs.Add("/masked_copy", CodeMaskedCopyRequired) // the original is not its own masked copy
		}
	case OutcomeRefused:
		fs.Add("/kind", CodeRefusalNeedsDec)
	default:
		fs.Add("/kind", CodeInvalidOutcome)
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	r.Items[no-1].Outcome = &Outcome{Kind: in.Kind, Lagrum: in.Lagrum, MaskedCopy: in.MaskedCopy, DecidedBy: by, DecidedAt: at}
	r.complete(at)
	return nil
}

// open returns item no if the request is open and the item undecided.
func (r *Request) open(no int) (Item, error) {
	if s := r.Status(); s == StatusWithdrawn || s == StatusDone {
		return Item{}, ErrRequestClosed
	}
	it, ok := r.Item(no)
	if !ok {
		return Item{}, ErrItemNotFound
	}
	if it.Outcome != nil {
		return Item{}, ErrAlreadyDecided
	}
	return it, nil
}

// complete stamps the completion time when the last item was decided.
func (r *Request) complete(at time.Time) {
	if r.CompletedAt == nil && r.Status() == StatusDone {
		r.CompletedAt = &at
	}
}

// ValidLagrum reports whether s cites an OSL provision the way a
// sekretessmarkering does: "OSL 21 kap. 1 §" (with an optional letter,
// stycke or punkt) or "OSL 21:1".
func ValidLagrum(s string) bool { return cases.ValidSecrecyReference(s) }

// cleanLagrum trims each provision; an empty one stays (and is refused),
// so field indexes match the input.
func cleanLagrum(ls []string) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// checkLagrum requires at least one provision and every one valid, and
// returns them without repeats.
func checkLagrum(fs *fault.Fields, field string, ls []string) []string {
	if len(ls) == 0 {
		fs.Add(field, CodeLagrumRequired)
	}
	var out []string
	for i, l := range ls {
		if !ValidLagrum(l) {
			fs.Add(field+"/"+strconv.Itoa(i), CodeInvalidLagrum)
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}
