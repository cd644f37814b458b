package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// sample values that match each path parameter's schema.
var samples = map[string]string{
	"board": "ITN", "id": "01900000-0000-7000-8000-000000000000", "decision": "01900000-0000-7000-8000-000000000000-b1",
	"event": "start", "no": "1", "version": "1", "year": "2026", "seq": "1", "member": "0885",
}

// installationWide are the operations that change no board's data but
// the installation's (a signed checkpoint over every board's ledger).
// The secretaries and administrators of any board may make one, so a
// user of another board holding such a role is let through; a revisor
// anywhere is not.
var installationWide = []string{"makeCheckpoint"}

// TestNoChangeByRevisorsOrOtherBoards drives every mutating operation of
// api/openapi.yaml, each in every variant of testdata/role_matrix.yaml
// and against a real fixture in the state where the operation is
// possible, as
//
//	revisor           the demo revisor of ITN;
//	blandad-revisor   revisor of ITN who also is its ordförande, ledamot,
//	                  sekreterare, förvaltningschef and handläggare, and
//	                  sekreterare of KFN;
//	utomstaende       handläggare of KFN;
//	kfn-sekreterare   ordförande, sekreterare, förvaltningschef and
//	                  handläggare of KFN, no role on ITN;
//
// and asserts: no success, no stored document changed, and every refusal
// to a revisor of ITN is 403 read_only_role (to the others 403 or 404).
// An operation of the document without a mutating row here fails.
func TestNoChangeByRevisorsOrOtherBoards(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	rows := loadMatrix(t)
	ops := specOps(t)
	m := newMatrixEnv(t)
	env := m.env
	from := platform.MustParseDate("2023-01-01")
	roles := func(board string, rs ...identity.Role) []identity.RoleAssignment {
		var out []identity.RoleAssignment
		for _, r := range rs {
			out = append(out, identity.RoleAssignment{Board: board, Role: r, ValidFrom: from})
		}
		return out
	}
	for _, nu := range []identity.NewUser{
		{Username: "blandad-revisor", Name: "Britt Blandad", Password: apptest.DemoPassword,
			Roles: append(roles("ITN", identity.RoleRevisor, identity.RoleOrdforande, identity.RoleLedamot, identity.RoleSekreterare,
				identity.RoleForvaltningschef, identity.RoleHandlaggare), roles("KFN", identity.RoleSekreterare)...)},
		{Username: "kfn-sekreterare", Name: "Kim Kultur", Password: apptest.DemoPassword,
			Roles: roles("KFN", identity.RoleOrdforande, identity.RoleSekreterare, identity.RoleForvaltningschef, identity.RoleHandlaggare)},
	} {
		if _, err := env.App.Identity.CreateUser(t.Context(), nu); err != nil {
			t.Fatal(err)
		}
	}
	revisors := []string{"revisor", "blandad-revisor"}
	callers := append(slices.Clone(revisors), "utomstaende", "kfn-sekreterare")
	for _, c := range callers {
		if m.tokens[c] == "" {
			m.tokens[c] = env.Token(c)
		}
	}

	covered := map[string]bool{}
	for _, row := range rows {
		op := ops[row.Op]
		if op.method == http.MethodGet || row.Op == "createToken" || row.Op == "revokeToken" || row.Op == "changeOwnPassword" {
			continue // reading, logging in and out, one's own password
		}
		covered[row.Op] = true
		name := row.Op
		if row.Name != "" {
			name += "/" + row.Name
		}
		t.Run(name, func(t *testing.T) {
			m := m.with(t)
			var shared vals
			if !row.Fresh {
				shared = m.fixture(row.Fixture)
			}
			for _, caller := range callers {
				if caller == "kfn-sekreterare" && slices.Contains(installationWide, row.Op) {
					t.Logf("%s: installation-wide, not ITN's; a secretary of any board may", row.Op)
					continue
				}
				v := shared
				if row.Fresh {
					v = m.make(row.Fixture)
				}
				before := m.env.Snapshot(t)
				r := m.env.Do(row.request(t, op, v, m.tokens[caller]))
				if r.Status < 400 {
					t.Errorf("%s succeeded: %d %s", caller, r.Status, truncate(r.Body))
				}
				if m.env.Snapshot(t) != before {
					t.Errorf("%s changed stored data (%d)", caller, r.Status)
				}
				switch {
				case slices.Contains(revisors, caller):
					if r.Status != http.StatusForbidden || !jsonCode(r.Body, "read_only_role") {
						t.Errorf("%s, revisor of ITN: %d %s, want 403 read_only_role", caller, r.Status, truncate(r.Body))
					}
				case r.Status != http.StatusForbidden && r.Status != http.StatusNotFound:
					t.Errorf("%s, of another board: %d %s, want 403 or 404", caller, r.Status, truncate(r.Body))
				}
			}
		})
	}
	for id, op := range ops {
		if op.method != http.MethodGet && id != "createToken" && id != "revokeToken" && id != "changeOwnPassword" && !covered[id] {
			t.Errorf("%s %s (%s) is not driven: give it a row in testdata/role_matrix.yaml", op.method, op.path, id)
		}
	}
	if len(covered) < 25 {
		t.Errorf("only %d mutating operations driven", len(covered))
	}
	// Both revisors still read everything of ITN.
	id := m.fixture("case")["id"]
	for _, c := range revisors {
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: m.tokens[c]}); r.Status != http.StatusOK {
			t.Errorf("%s reading an ITN case: %d", c, r.Status)
		}
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2025", Token: m.tokens[c]}); r.Status != http.StatusOK {
			t.Errorf("%s reading the allocation: %d", c, r.Status)
		}
	}
}

// jsonCode reports whether a problem body carries code.
func jsonCode(body []byte, code string) bool {
	return regexp.MustCompile(`"code":"` + regexp.QuoteMeta(code) + `"`).Match(body)
}
