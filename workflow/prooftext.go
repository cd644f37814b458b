package workflow

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/i18n"
)

// ProofText is decision d's delegation proof (delegationsstöd) in words,
// as the decision page and the decision PDF print it: who decided, in what
// role, under which point of which delegationsordning, adopted when and
// under which paragraph, and the point's limit in kronor:
//
//	Anna Lindqvist, ordförande, beslutar enligt punkt A16 "Avtal med
//	kommunala bolag" i delegationsordning version 1 antagen 2025-01-15 § 3
//	(beloppsgräns 500 000,00 kr).
//
// Without the order version (not found) it names the point and version
// number alone.
func (e *Decisions) ProofText(ctx context.Context, c cases.Case, d cases.Decision) string {
	var o *delegation.Order
	if e.orders != nil {
		if got, err := e.orders.Get(ctx, c.Board, d.OrderNumber); err == nil && got.ID == d.OrderID {
			o = &got
		}
	}
	return proofText(d, o)
}

// proofText writes the proof of d under order version o (nil: unknown).
func proofText(d cases.Decision, o *delegation.Order) string {
	var b strings.Builder
	b.WriteString(d.DeciderName)
	if d.ActingRole != "" {
		b.WriteString(", " + RoleWord(d.ActingRole))
	}
	switch d.ActingAs {
	case "substitute", "urgent", "subdelegate", "urgent_substitute":
		b.WriteString(" (" + i18n.Label("acting_as", d.ActingAs) + ")")
	}
	fmt.Fprintf(&b, ", beslutar enligt punkt %s", d.PointCode)
	if o == nil {
		fmt.Fprintf(&b, " i delegationsordning version %d", d.OrderNumber)
		return b.String()
	}
	p, found := o.Point(d.PointCode)
	if found && p.Matter != "" {
		fmt.Fprintf(&b, " \u201d%s\u201d", p.Matter)
	}
	fmt.Fprintf(&b, " i delegationsordning version %d", o.Number)
	if !o.AdoptedOn.IsZero() {
		b.WriteString(" antagen " + o.AdoptedOn.String())
	}
	if i := strings.Index(o.AdoptedRef, "§"); i >= 0 {
		b.WriteString(" " + strings.TrimSpace(o.AdoptedRef[i:]))
	}
	if found && p.Limit != nil {
		b.WriteString(" (beloppsgräns " + delegation.FormatLimit(p.Limit) + ")")
	}
	if d.SubstituteReason != "" {
		b.WriteString("; " + i18n.Label("substitute_reason", d.SubstituteReason))
	}
	return b.String()
}

// RoleWord is a role's Swedish name inside a sentence: the label with a
// lower-case first letter ("ordförande"), unless the label starts with an
// abbreviation ("IT-chef"). A vidaredelegering's acting role
// ("subdelegat:B3") is "vidaredelegat".
func RoleWord(role string) string {
	if strings.HasPrefix(role, "subdelegat:") {
		return "vidaredelegat"
	}
	label := role
	if i18n.HasLabel("role", role) {
		label = i18n.Label("role", role)
	}
	r, n := utf8.DecodeRuneInString(label)
	next, _ := utf8.DecodeRuneInString(label[n:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + label[n:]
	}
	return label
}
