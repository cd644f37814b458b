package web_test

import (
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestMenuByRole: the menu offers a person only the jobs they may do: a
// revisor gets no registration, signing or reporting; a handläggare
// registers but does not report decisions; the sekreterare reports.
func TestMenuByRole(t *testing.T) {
	env := apptest.New(t)
	for _, tc := range []struct {
		who       string
		has, lack []string
	}{
		{"revisor", []string{`id="nav-audit"`}, []string{`id="nav-new-case"`, `id="nav-inbox"`, `id="nav-pending"`, "Registrera ärende"}},
		{"handlaggare", []string{`id="nav-new-case"`}, []string{`id="nav-pending"`}},
		{"sekreterare", []string{`id="nav-new-case"`, `id="nav-pending"`}, nil},
		{"ordforande", []string{`id="nav-inbox"`}, []string{`id="nav-pending"`}},
	} {
		b, _ := loggedIn(t, env, tc.who)
		for _, path := range []string{"/", "/arenden"} {
			_, page, _ := b.get(path)
			for _, s := range tc.has {
				if !strings.Contains(page, s) {
					t.Errorf("%s on %s: the menu lacks %s", tc.who, path, s)
				}
			}
			for _, s := range tc.lack {
				if strings.Contains(page, s) {
					t.Errorf("%s on %s: the page offers %s", tc.who, path, s)
				}
			}
		}
	}
}
