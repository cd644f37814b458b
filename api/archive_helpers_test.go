package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// arch drives the archive's flows through the API as the demo users, with
// a token per user (fetched again after the clock jumps past their
// lifetime).
type arch struct {
	t   *testing.T
	env *apptest.Env
	tok map[string]string
}

func newArch(t *testing.T, env *apptest.Env) *arch {
	return &arch{t: t, env: env, tok: map[string]string{}}
}

// relogin forgets the tokens (after the clock moved past their lifetime).
func (a *arch) relogin() { a.tok = map[string]string{} }

func (a *arch) token(user string) string {
	if a.tok[user] == "" {
		a.tok[user] = a.env.Token(user)
	}
	return a.tok[user]
}

// do sends a JSON request as user (ifMatch nil: no If-Match).
func (a *arch) do(user, method, path string, ifMatch, body any) apptest.Response {
	a.t.Helper()
	h := map[string]string{}
	if ifMatch != nil {
		h["If-Match"] = fmt.Sprintf(`"%v"`, ifMatch)
	}
	return a.env.Do(apptest.Request{Method: method, Path: path, Token: a.token(user), Body: body, Header: h})
}

// must is do that has to answer status; it returns the JSON body (nil
// for a body that is not JSON).
func (a *arch) must(status int, user, method, path string, ifMatch, body any) map[string]any {
	a.t.Helper()
	r := a.do(user, method, path, ifMatch, body)
	if r.Status != status {
		a.t.Fatalf("%s %s %s: %d, want %d: %s", user, method, path, r.Status, status, truncate(r.Body))
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return r.JSON(a.t)
	}
	return nil
}

// refused checks that r is a problem with status and code.
func (a *arch) refused(what string, r apptest.Response, status int, code string) {
	a.t.Helper()
	if r.Status != status || !jsonCode(r.Body, code) {
		a.t.Errorf("%s: %d %s, want %d %s", what, r.Status, truncate(r.Body), status, code)
	}
}

// version is the case's current version.
func (a *arch) version(id string) any {
	return a.must(http.StatusOK, "handlaggare", http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
}

func (a *arch) caseJSON(id string) map[string]any {
	return a.must(http.StatusOK, "arkivarie", http.MethodGet, "/api/v1/cases/"+id, nil, nil)
}

// register registers a case of class with extra fields.
func (a *arch) register(title, class string, extra map[string]any) string {
	a.t.Helper()
	body := map[string]any{"board": "ITN", "title": title, "class": class}
	maps.Copy(body, extra)
	return a.must(http.StatusCreated, "handlaggare", http.MethodPost, "/api/v1/cases", nil, body)["id"].(string)
}

// upload registers a handling on the case.
func (a *arch) upload(id string, fields map[string]string, name string, data []byte) int {
	a.t.Helper()
	r := upload(a.t, a.env, a.token("handlaggare"), id, fields, name, data)
	if r.Status != http.StatusCreated {
		a.t.Fatalf("upload %s: %d %s", name, r.Status, r.Body)
	}
	return int(r.JSON(a.t)["no"].(float64))
}

// fire fires event on the case as user.
func (a *arch) fire(user, id, event string, body any) map[string]any {
	a.t.Helper()
	return a.must(http.StatusOK, user, http.MethodPost, "/api/v1/cases/"+id+"/events/"+event, a.version(id), body)
}

// ready writes the seed memo and moves the case to beslutsklar.
func (a *arch) ready(id string) {
	a.t.Helper()
	if r := saveMemo(a.t, a.env, a.token("handlaggare"), id, 0, seedMemo); r.Status != http.StatusOK {
		a.t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	a.fire("handlaggare", id, "start", nil)
	a.fire("handlaggare", id, "submit", nil)
}

// decide takes the chair's delegationsbeslut under A16, signed when sign.
func (a *arch) decide(id string, sign bool) string {
	a.t.Helper()
	d := a.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/cases/"+id+"/decisions", a.version(id),
		map[string]any{"kind": "delegation", "point_code": "A16"})
	did := d["id"].(string)
	if sign {
		a.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/decisions/"+did+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	}
	return did
}

// profile writes the board's archive profile with the test
// klassificeringsstruktur.
func (a *arch) profile() {
	a.t.Helper()
	cur := a.must(http.StatusOK, "arkivarie", http.MethodGet, "/api/v1/boards/ITN/archive-profile", nil, nil)
	a.must(http.StatusOK, "arkivarie", http.MethodPut, "/api/v1/boards/ITN/archive-profile", cur["version"], map[string]any{
		"org_number": "212000-0712", "archive": "Sydarkivera", "agreement": "Leveransöverenskommelse 2026:1",
		"contact":     map[string]string{"name": "Birgitta Sandberg", "title": "Kommunarkivarie", "contact": "arkiv@borgholm.se"},
		"scheme_name": "Klassificeringsstruktur för Ölands IT-nämnd, version 2026",
		"classes": []map[string]string{{"code": "1.2", "name": "Samverkan"}, {"code": "2.3", "name": "Avtal och upphandling"},
			{"code": "3.1", "name": "Informationssäkerhet"}, {"code": "4.1", "name": "Arkiv och informationsförvaltning"}},
	})
}

// testPlan keeps protocols and agreements, weeds incident cases after two
// years and the archive's own cases after one.
const testPlan = "Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n" +
	"1.2;Samverkan;Bevaras;;IHP § 1.2\n" +
	"2.3;Avtal;Bevaras;;IHP § 2.3\n" +
	"3.1;Incidentrapporter;Gallras;2;IHP § 3.1\n" +
	"4.1;Gallringsbeslut;Bevaras;;IHP § 4.1\n"

// importPlan posts a plan file; it returns the response.
func (a *arch) importPlan(csv string) apptest.Response {
	a.t.Helper()
	body, ct := multipartBody(a.t, map[string]string{"title": "Informationshanteringsplan för Ölands IT-nämnd 2026",
		"adopted_ref": "ITN 2026-01-15 § 3"}, "ihp.csv", []byte(csv))
	return a.env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/retention-plans", Token: a.token("arkivarie"),
		Body: body.Bytes(), Header: map[string]string{"Content-Type": ct}})
}

// paragraph is what the secretary records for a case on the agenda.
type paragraph struct {
	outcome string
	clauses []string
}

// meeting holds a meeting of ITN through to notices on both members'
// anslagstavlor: the given cases' paragraphs and, when the agenda has
// one, the report of delegated decisions. It returns the meeting id and
// the § numbers by case id.
func (a *arch) meeting(ps map[string]paragraph) (string, map[string]int) {
	a.t.Helper()
	mt := a.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}})
	id := mt["id"].(string)
	path := "/api/v1/meetings/" + id
	a.must(http.StatusOK, "sekreterare", http.MethodPut, path+"/status", mt["version"], map[string]string{"status": "pagaende"})
	nos := map[string]int{}
	for i, it := range mt["agenda"].([]any) {
		item := it.(map[string]any)
		var body map[string]any
		switch {
		case item["kind"] == "delegation_report":
			body = map[string]any{"item": i, "outcome": "anmalan"}
		case ps[fmt.Sprint(item["case_id"])].outcome != "":
			p := ps[item["case_id"].(string)]
			body = map[string]any{"item": i, "outcome": p.outcome, "clauses": p.clauses}
		default:
			continue
		}
		p := a.must(http.StatusCreated, "sekreterare", http.MethodPost, path+"/paragraphs", nil, body)
		if cid, ok := item["case_id"].(string); ok {
			nos[cid] = int(p["no"].(float64))
		}
	}
	cur := a.must(http.StatusOK, "sekreterare", http.MethodGet, path, nil, nil)
	a.must(http.StatusOK, "sekreterare", http.MethodPut, path+"/status", cur["version"], map[string]string{"status": "avslutat"})
	a.must(http.StatusCreated, "ordforande", http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	m := a.must(http.StatusCreated, "vice-ordforande", http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	today := platform.DateOf(a.env.Clock.Now()).String()
	for _, member := range []string{"0885", "0840"} {
		m = a.must(http.StatusOK, "sekreterare", http.MethodPost, path+"/notices", m["version"],
			map[string]string{"member": member, "posted_on": today, "location": "Kommunkansliet"})
	}
	return id, nos
}

// exportZip downloads the case's SIP and unpacks it; it returns the
// package folder.
func (a *arch) exportZip(id string) string {
	a.t.Helper()
	r := a.do("arkivarie", http.MethodGet, "/api/v1/cases/"+id+"/archive-package", nil, nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
		a.t.Fatalf("export %s: %d %s", id, r.Status, truncate(r.Body))
	}
	dirs := unzip(a.t, r.Body)
	if len(dirs) != 1 {
		a.t.Fatalf("the zip holds %d packages", len(dirs))
	}
	return dirs[0]
}

// unzip unpacks a zip into a temporary folder and returns its top-level
// folders (one per package).
func unzip(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	tops := map[string]bool{}
	var out []string
	for _, f := range zr.File {
		name := filepath.Join(root, filepath.FromSlash(f.Name))
		top := strings.SplitN(f.Name, "/", 2)[0]
		if !tops[top] {
			tops[top] = true
			out = append(out, filepath.Join(root, top))
		}
		if strings.HasSuffix(f.Name, "/") {
			if err := os.MkdirAll(name, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
