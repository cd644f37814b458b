package api_test

import (
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// addUser creates a user with the given roles (from 2023-01-01 unless
// the assignment says otherwise) and returns their token.
func addUser(t *testing.T, env *apptest.Env, username string, roles ...identity.RoleAssignment) string {
	t.Helper()
	for i := range roles {
		if roles[i].ValidFrom.IsZero() {
			roles[i].ValidFrom = platform.MustParseDate("2023-01-01")
		}
	}
	if _, err := env.App.Identity.CreateUser(t.Context(), identity.NewUser{Username: username, Name: username,
		Password: apptest.DemoPassword, Roles: roles}); err != nil {
		t.Fatal(err)
	}
	return env.Token(username)
}

// addKFN adds a second board, Kultur- och fritidsnämnden.
func addKFN(t *testing.T, env *apptest.Env) {
	t.Helper()
	if _, err := env.App.Boards.InsertBoard(t.Context(), board.Board{Code: "KFN", Name: "Kultur- och fritidsnämnden",
		Kind: board.KindBoard, Organisation: "Borgholms kommun", CreatedAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
}

func role(board string, r identity.Role) identity.RoleAssignment {
	return identity.RoleAssignment{Board: board, Role: r}
}

// TestRevisorIsReadOnlyWhateverElseTheyHold: a revisor on ITN who is also
// its ordförande and a handläggare on KFN changes nothing on ITN (they
// could declare the chair jävig and decide before), while working as
// usual on KFN; and the rule follows the date of the revisor assignment.
func TestRevisorIsReadOnlyWhateverElseTheyHold(t *testing.T) {
	env := apptest.New(t)
	addKFN(t, env)
	mixed := addUser(t, env, "blandad-revisor", role("ITN", identity.RoleRevisor), role("ITN", identity.RoleOrdforande),
		role("ITN", identity.RoleLedamot), role("KFN", identity.RoleHandlaggare))
	id, version := readyCase(t, env, "Avtal med MBAB")
	do := func(method, path string, body any, ifMatch any) apptest.Response {
		h := map[string]string{}
		if ifMatch != nil {
			h["If-Match"] = `"` + num(ifMatch) + `"`
		}
		return env.Do(apptest.Request{Method: method, Path: path, Token: mixed, Body: body, Header: h})
	}
	before := env.Snapshot(t)
	for name, r := range map[string]apptest.Response{
		"declare the chair jävig":  do(http.MethodPost, "/api/v1/cases/"+id+"/jav", map[string]any{"person": "ordforande", "ground": "påhittat"}, version),
		"declare themselves jävig": do(http.MethodPost, "/api/v1/cases/"+id+"/jav", map[string]any{"person": "blandad-revisor", "ground": "påhittat"}, version),
		"decide under A16":         do(http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, version),
		"decide urgently":          do(http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "urgent", "point_code": "A16"}, version),
		"ask a delegation check":   do(http.MethodPost, "/api/v1/boards/ITN/delegation-checks", map[string]any{"user": "ordforande", "point_code": "A16", "date": "2026-03-02"}, nil),
		"register on ITN":          do(http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Försök"}, nil),
		"make a checkpoint":        do(http.MethodPost, "/api/v1/audit/checkpoints", nil, nil),
	} {
		if r.Status != http.StatusForbidden || r.JSON(t)["code"] != "read_only_role" {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if env.Snapshot(t) != before {
		t.Error("the refused requests changed stored data")
	}
	// Reading ITN works; on KFN, where they are no revisor, they work.
	if r := do(http.MethodGet, "/api/v1/cases/"+id, nil, nil); r.Status != http.StatusOK || len(r.JSON(t)["allowed_events"].([]any)) != 0 {
		t.Errorf("reading the ITN case: %d %s", r.Status, r.Body)
	}
	if r := do(http.MethodPost, "/api/v1/cases", map[string]any{"board": "KFN", "title": "Ärende i kulturnämnden"}, nil); r.Status != http.StatusCreated {
		t.Errorf("registering on KFN: %d %s", r.Status, r.Body)
	}
	// The delegation check answers the same for the person as decider.
	m := check(t, env, env.Token("sekreterare"), map[string]any{"user": "blandad-revisor", "point_code": "A16", "date": "2026-03-02"})
	if m["allowed"] != false || reasons(m) != "read_only_role" {
		t.Errorf("the mixed revisor as delegate: %v", m)
	}

	// A revisor whose assignment has ended is a sekreterare like any other.
	former := addUser(t, env, "fd-revisor", identity.RoleAssignment{Board: "ITN", Role: identity.RoleRevisor, ValidTo: platform.MustParseDate("2026-02-28")},
		role("ITN", identity.RoleSekreterare))
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: former,
		Body: map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset"}}); r.Status != http.StatusCreated {
		t.Errorf("a former revisor planning a meeting: %d %s", r.Status, r.Body)
	}
	// A revisor is no seat at the board's meetings.
	m = planMeeting(t, env, env.Token("sekreterare"))
	for _, s := range m["seats"].([]any) {
		if s.(map[string]any)["username"] == "blandad-revisor" {
			t.Errorf("the revisor has a seat: %v", s)
		}
	}
}

// TestSubdelegationOnlyToOfficialsOfTheBoard: the förvaltningschef passes
// a point on only to an official holding a role on the board who is not
// its revisor; and a revisor holding a vidaredelegering from before
// cannot use it.
func TestSubdelegationOnlyToOfficialsOfTheBoard(t *testing.T) {
	env := apptest.New(t)
	addKFN(t, env)
	addUser(t, env, "kfn-handlaggare", role("KFN", identity.RoleHandlaggare))
	addUser(t, env, "handlaggare-och-revisor", role("ITN", identity.RoleHandlaggare), role("ITN", identity.RoleRevisor))
	chef := env.Token("it-chef")
	sub := func(to string) apptest.Response {
		return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/subdelegations", Token: chef,
			Body: map[string]any{"point_code": "B3", "user": to, "valid_from": "2026-03-02", "limit": "100 000 kr"}})
	}
	before := env.Snapshot(t)
	for _, to := range []string{"revisor", "handlaggare-och-revisor", "kfn-handlaggare", "ordforande"} {
		if r := sub(to); r.Status != http.StatusUnprocessableEntity || r.JSON(t)["errors"].([]any)[0].(map[string]any)["code"] != "not_board_official" {
			t.Errorf("vidaredelegering to %s: %d %s", to, r.Status, r.Body)
		}
	}
	if env.Snapshot(t) != before {
		t.Error("a refused vidaredelegering changed stored data")
	}
	if r := sub("sekreterare"); r.Status != http.StatusCreated {
		t.Errorf("vidaredelegering to the sekreterare: %d %s", r.Status, r.Body)
	}

	// A vidaredelegering to the revisor stored before this rule: the
	// revisor cannot decide under it.
	ctx := t.Context()
	if _, err := repo.NewSubDelegations(env.Backend).InsertSubDelegation(ctx, delegation.SubDelegation{
		ID: delegation.SubID("ITN", "B3", "revisor", platform.MustParseDate("2026-03-01")), Board: "ITN", PointCode: "B3",
		ToUser: "revisor", ValidFrom: platform.MustParseDate("2026-03-01"), GivenBy: "it-chef", GivenAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	m := check(t, env, chef, map[string]any{"user": "revisor", "point_code": "B3", "amount_ore": 100000, "date": "2026-03-02"})
	if m["allowed"] != false || reasons(m) != "read_only_role" {
		t.Errorf("the revisor under an old vidaredelegering: %v", m)
	}
	id, version := readyCase(t, env, "Avrop av skrivare")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: env.Token("revisor"),
		Body: map[string]any{"kind": "delegation", "point_code": "B3", "amount_ore": 100000}, Header: map[string]string{"If-Match": `"` + num(version) + `"`}})
	if r.Status != http.StatusForbidden || r.JSON(t)["code"] != "read_only_role" {
		t.Errorf("the revisor deciding under it: %d %s", r.Status, r.Body)
	}
}
