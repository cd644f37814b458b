package web

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
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

// boardName is the full name of the nämnd with code ("Ölands IT-nämnd"
// for "ITN"; the code itself if there is no such nämnd): pages name the
// nämnd, a diarienummer keeps its code.
func (ui *UI) boardName(ctx context.Context, code string) string {
	if code == "" || ui.Boards == nil {
		return code
	}
	if b, err := ui.Boards.GetBoard(ctx, code); err == nil && b.Name != "" {
		return b.Name
	}
	return code
}

// decisionText names a decision as a protocol lists it: diarienummer,
// ärendemening, decider and day ("ITN 2026/3 Avtal om skrivare, Anna
// Lindqvist, 2026-03-02"); "beslutet" when u may not read it.
func (ui *UI) decisionText(ctx context.Context, u *identity.User, id string) string {
	if u == nil || ui.Decisions == nil {
		return "beslutet"
	}
	cs, d, err := ui.Decisions.DecisionOf(ctx, *u, id)
	if err != nil {
		return "beslutet"
	}
	return cs.RegistrationNumber + " " + cs.Title + ", " + d.DeciderName + ", " + d.DecidedOn.String()
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

// personNamer is personName for one request's rows: each person's name
// is read once, however many rows name them (the one who recorded every
// row of a list).
func (ui *UI) personNamer(ctx context.Context) func(username string) string {
	names := map[string]string{}
	return func(username string) string {
		n, ok := names[username]
		if !ok {
			n = ui.personName(ctx, username)
			names[username] = n
		}
		return n
	}
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

// mayOnSomeBoard reports whether u may do job today on at least one board
// they hold a role on, for the menu: a person sees only the jobs they
// may do. job is a role-policy action ("register", "report_decisions"),
// or "decide" (deciding and signing under the delegationsordning: any
// role on a board u is not revisor of).
func (ui *UI) mayOnSomeBoard(u *identity.User, job string) bool {
	if u == nil || ui.Cases == nil {
		return false
	}
	for _, r := range u.RolesOn(platform.DateOf(ui.Clock.Now())) {
		switch {
		case job == "decide":
			if ui.Cases.MayChange(*u, r.Board) {
				return true
			}
		case ui.Cases.May(*u, r.Board, job):
			return true
		}
	}
	return false
}
