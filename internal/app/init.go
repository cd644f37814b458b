package app

import (
	"context"
	"fmt"
)

// InitHint tells how to set up an empty store (printed by samstyr serve
// and shown on the login page).
const InitHint = "Samstyr är inte installerat: lagret saknar organisation och användare. Kör\n" +
	"  SAMSTYR_ADMIN_PASSWORD='…' samstyr init --org \"Kommunens namn\" --org-number NNNNNN-NNNN --admin ANVÄNDARNAMN\n" +
	"(eller utan SAMSTYR_ADMIN_PASSWORD för att skriva lösenordet) och starta sedan om. Se README, \"Från noll till första sammanträdet\"."

// announceInit tells, on a store with no organisation and no user (no
// demo data and no samstyr init yet), how to run init.
func (a *App) announceInit(ctx context.Context, o Options) error {
	done, err := a.Admin.Initialised(ctx)
	if err != nil || done {
		return err
	}
	users, err := a.Identity.Users(ctx)
	if err != nil || len(users) > 0 {
		return err
	}
	o.Log.Warn("store not set up: run samstyr init", "store", o.Backend.Name())
	if o.Announce != nil {
		fmt.Fprint(o.Announce, "\n"+InitHint+"\n\n")
	}
	return nil
}
