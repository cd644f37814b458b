package api_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestNoPublicRouteShowsASecret walks every public route — every GET
// operation of api/openapi.yaml that needs no login, and every page of the
// web UI that answers without a session — against a board holding a
// sekretessmarkerat ärende with a party name, a personnummer, a secret
// handling and a paragraph at a justerat meeting. Each path parameter is
// tried with every value that fits it (both ärenden, the meeting, the
// people, every handling), each search with the secret words, and no
// response may hold a secret word or anything shaped like a personnummer.
// Every public operation must answer 200 at least once, so none is left
// untried.
func TestNoPublicRouteShowsASecret(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	env := apptest.New(t, ownPublicURL)
	w := newPublicWorld(t, env)
	me := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: env.Token("ordforande")}).JSON(t)
	values := map[string][]string{
		"code": {"ITN"}, "board": {"ITN"}, "year": {"2023", "2026"}, "role": {"ordforande", "ledamot"}, "from": {"2023-01-01"},
		"person": {me["id"].(string)}, "key": {"protokoll", "memo", "1", "2"}, "no": {"1", "2", "3"},
	}
	ids := map[string][]string{ // {id} by the segment before it
		"meeting": {w.meetingID}, "paper": {w.openID, w.secretID, w.diarium.secretID, w.diarium.openID},
		"person": {me["id"].(string)},
	}
	queries := []url.Values{{}, {"q": {"Anna"}}, {"q": {"Andersson"}}, {"q": {"bistånd"}}, {"q": {"121212-1212"}},
		{"dnr": {w.diarium.secretDnr}}, {"dnr": {w.diarium.openDnr}}, {"q": {"Omprövning"}}}
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for path, item := range spec.Doc.Paths.Map() {
		op := item.Get
		if op == nil || op.Security == nil || len(*op.Security) > 0 || path == "/api/v1/openapi.json" {
			continue
		}
		// Every combination of the path's parameters.
		urls := []string{path}
		for _, p := range param.FindAllString(path, -1) {
			name := strings.Trim(p, "{}")
			cands := values[name]
			if name == "id" {
				segs := strings.Split(path[:strings.Index(path, p)], "/")
				cands = ids[segs[len(segs)-2]]
			}
			if len(cands) == 0 {
				t.Fatalf("%s: no value for %s", path, p)
			}
			var next []string
			for _, u := range urls {
				for _, c := range cands {
					next = append(next, strings.Replace(u, p, url.PathEscape(c), 1))
				}
			}
			urls = next
		}
		ok := 0
		for _, u := range urls {
			for _, q := range queries {
				full := u
				if len(q) > 0 {
					full += "?" + q.Encode()
				}
				r := env.Do(apptest.Request{Method: http.MethodGet, Path: full})
				if r.Status == http.StatusOK {
					ok++
				}
				if r.Header.Get("Content-Type") == "application/pdf" {
					r.Body = []byte(pdfText(t, r.Body))
				}
				checkPublic(t, full, r)
			}
		}
		if ok == 0 {
			t.Errorf("%s (%s) never answered 200: the walk did not try it", path, op.OperationID)
		}
	}
	// The web UI's public pages: every GET route outside /api/ that
	// answers without a session.
	noRedirect := *env.Server.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	pages := 0
	for _, rt := range env.App.Engine.Routes() {
		if rt.Method != http.MethodGet || strings.HasPrefix(rt.Path, "/api/") || strings.HasPrefix(rt.Path, "/static/") ||
			strings.Contains(rt.Path, ":") || slices.Contains([]string{"/healthz", "/readyz", "/metrics"}, rt.Path) {
			continue
		}
		for _, q := range queries {
			full := rt.Path
			if len(q) > 0 {
				full += "?" + q.Encode()
			}
			res, err := noRedirect.Get(env.URL(full))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				continue // a page behind the login (a redirect to it)
			}
			pages++
			checkPublic(t, full, apptest.Response{Status: res.StatusCode, Header: res.Header, Body: body})
		}
	}
	if pages < 3*len(queries) {
		t.Errorf("only %d public page views: /login, /anslagstavla and /diarium should all answer", pages)
	}
}
