package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
)

// initUsage describes samstyr init.
const initUsage = `samstyr init --org NAME --org-number NNNNNN-NNNN --admin USERNAME [--admin-name NAME] [--admin-email ADDRESS] [--letterhead TEXT]`

// initStore sets up a new installation on an empty store: the
// organisation and its first administrator (admin.Service.Init). The
// password comes from SAMSTYR_ADMIN_PASSWORD, or is asked for twice
// (without echo on a terminal). The store's other settings are serve's.
func initStore(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := needValues(args, "org", "org-number", "letterhead", "admin", "admin-name", "admin-email"); err != nil {
		return usageError(err.Error() + "\n  " + initUsage)
	}
	in := admin.InitInput{}
	in.Name, args = splitFlag(args, "org")
	in.OrgNumber, args = splitFlag(args, "org-number")
	in.Letterhead, args = splitFlag(args, "letterhead")
	in.AdminUsername, args = splitFlag(args, "admin")
	in.AdminName, args = splitFlag(args, "admin-name")
	in.AdminEmail, args = splitFlag(args, "admin-email")
	if strings.TrimSpace(in.Name) == "" || strings.TrimSpace(in.AdminUsername) == "" || strings.TrimSpace(in.OrgNumber) == "" {
		return usageError("init needs --org, --org-number and --admin\n  " + initUsage)
	}
	if in.AdminName == "" {
		in.AdminName = "Administratör"
	}
	pw := getenv("SAMSTYR_ADMIN_PASSWORD")
	if pw == "" {
		var err error
		if pw, err = askPassword(stdin, stderr); err != nil {
			return err
		}
	}
	in.Password = pw
	if err := admin.CheckInit(in); err != nil {
		return initError(err) // before the store: a refused init makes no data dir
	}
	a, closeStore, err := openApp(ctx, args, getenv, stderr, openMode{create: true})
	if err != nil {
		return err
	}
	defer closeStore()
	o, u, err := a.Admin.Init(ctx, in)
	if err != nil {
		return initError(err)
	}
	fmt.Fprintf(stdout, "Samstyr är installerat för %s (%s).\nAdministratör: %s (%s). Starta med `samstyr serve` och logga in; lägg sedan upp nämnder, personer och mandat under Administration.\n",
		o.Name, o.OrgNumber, u.Username, u.Name)
	return nil
}

// initError turns a refusal into one line naming what is wrong.
func initError(err error) error {
	msg := adminText(err)
	if errors.Is(err, admin.ErrInitialised) {
		msg += "; a new installation needs an empty data dir (--data-dir or SAMSTYR_DATA_DIR), or on MongoDB an empty database"
	}
	return fmt.Errorf("init: %s", msg)
}

// adminText is a fault's English text with its fields.
func adminText(err error) string {
	f := fault.From(err)
	msg := i18n.T(i18n.English, f.Code)
	if f.Detail != "" {
		msg += " (" + f.Detail + ")"
	}
	for _, fe := range f.Fields {
		msg += "; " + fe.Field + ": " + i18n.T(i18n.English, fe.Code)
	}
	return msg
}

// askPassword reads the administrator's password twice from stdin,
// without echo when stdin is a terminal.
func askPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	br := bufio.NewReader(stdin)
	read := func(prompt string) (string, error) {
		fmt.Fprint(stderr, prompt)
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			return string(b), err
		}
		line, err := br.ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("init: no password: set SAMSTYR_ADMIN_PASSWORD or type it: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	first, err := read("Administratörens lösenord: ")
	if err != nil {
		return "", err
	}
	second, err := read("Samma lösenord igen: ")
	if err != nil {
		return "", err
	}
	if first != second {
		return "", usageError("init: the passwords differ")
	}
	return first, nil
}
