package web

import "context"

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

// recordPerson is personName, through ctx's memo when it has one.
func (ui *UI) recordPerson(ctx context.Context, username string) string {
	m, ok := ctx.Value(nameMemoKey{}).(*nameMemo)
	if !ok {
		return ui.personName(ctx, username)
	}
	if n, ok := m.people[username]; ok {
		return n
	}
	n := ui.personName(ctx, username)
	m.people[username] = n
	return n
}

// recordBoard is boardName, through ctx's memo when it has one.
func (ui *UI) recordBoard(ctx context.Context, code string) string {
	m, ok := ctx.Value(nameMemoKey{}).(*nameMemo)
	if !ok {
		return ui.boardName(ctx, code)
	}
	if n, ok := m.boards[code]; ok {
		return n
	}
	n := ui.boardName(ctx, code)
	m.boards[code] = n
	return n
}
