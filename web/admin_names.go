package web

import (
	"context"

	"github.com/samstyr/samstyr/internal/identity"
)

// nameMemoKey keys a request's memo of the names its records pages show.
type nameMemoKey struct{}

// nameMemo remembers, for one page, the names of the people and nämnder
// its records mention: each is read once per page, however many records
// name it.
type nameMemo struct{ people, boards map[string]string }

// withNameMemo returns ctx with an empty memo of names.
func withNameMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, nameMemoKey{}, &nameMemo{people: map[string]string{}, boards: map[string]string{}})
}

// withKnownPeople returns ctx with a memo of names that already knows the
// accounts us the page has read (as personName names them), so that its
// records do not read them again.
func withKnownPeople(ctx context.Context, us []identity.User) context.Context {
	ctx = withNameMemo(ctx)
	m := ctx.Value(nameMemoKey{}).(*nameMemo)
	for _, u := range us {
		if m.people[u.Username] = u.Name; u.Name == "" {
			m.people[u.Username] = u.Username
		}
	}
	return ctx
}

// recordPerson is personName, through ctx's memo when it has one.
func (ui *UI) recordPerson(ctx context.Context, username string) string {
	return remembered(ctx, func(m *nameMemo) map[string]string { return m.people }, username, ui.personName)
}

// recordBoard is boardName, through ctx's memo when it has one.
func (ui *UI) recordBoard(ctx context.Context, code string) string {
	return remembered(ctx, func(m *nameMemo) map[string]string { return m.boards }, code, ui.boardName)
}

// remembered looks key up with read once per page: in the map of ctx's
// memo that names picks, or straight through read without a memo.
func remembered(ctx context.Context, names func(*nameMemo) map[string]string, key string,
	read func(context.Context, string) string) string {
	m, ok := ctx.Value(nameMemoKey{}).(*nameMemo)
	if !ok {
		return read(ctx, key)
	}
	seen := names(m)
	if n, ok := seen[key]; ok {
		return n
	}
	n := read(ctx, key)
	seen[key] = n
	return n
}
