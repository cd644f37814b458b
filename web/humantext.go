package web

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/workflow"
)

// checkRow is one part of a decision's verification in words.
type checkRow struct {
	OK         bool
	Name, Text string
}

// checkRows writes a decision's verification as Swedish sentences (the
// API keeps its codes and English details).
func checkRows(v workflow.Verification, signed bool) []checkRow {
	var out []checkRow
	for _, ch := range v.Checks {
		key := "check." + ch.Name + ".ok"
		switch {
		case ch.OK:
		case ch.Name == "signature" && !signed:
			key = "check.signature.none"
		default:
			key = "check." + ch.Name + ".fail"
		}
		out = append(out, checkRow{OK: ch.OK, Name: t("check_name." + ch.Name), Text: t(key)})
	}
	return out
}

// personName is the name of the person with username (the username
// itself if there is no such person): pages name people, not accounts.
func (ui *UI) personName(ctx context.Context, username string) string {
	if username == "" || ui.Identity == nil {
		return username
	}
	if u, err := ui.Identity.UserByUsername(ctx, username); err == nil && u.Name != "" {
		return u.Name
	}
	return username
}

// label is a domain code's Swedish word, or the code if it has none.
func label(group, code string) string {
	if code == "" || !i18n.HasLabel(group, code) {
		return code
	}
	return i18n.Label(group, code)
}

// count writes a number of things in Swedish with the right form:
// count(1, "ärende", "ärenden") is "1 ärende", count(2, …) "2 ärenden".
// n is any integer.
func count(n any, one, many string) string {
	s := fmt.Sprint(n)
	if s == "1" {
		return s + " " + one
	}
	return s + " " + many
}
