package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/oparl"
	"github.com/samstyr/samstyr/internal/oparl/oparltest"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// collectAPIURLs returns every string under v that is a URL of the API.
func collectAPIURLs(base string, v any, out *[]string) {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, base+"/") {
			*out = append(*out, x)
		}
	case map[string]any:
		for _, e := range x {
			collectAPIURLs(base, e, out)
		}
	case []any:
		for _, e := range x {
			collectAPIURLs(base, e, out)
		}
	}
}

// pdfText is the text pdftotext finds in a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	f := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestOParlWalkOverHTTP starts at the System and follows every link the
// API returns, as a crawler would, without a login: every object and
// every list page validates against its shared OParl 1.1 schema (and the
// samstyr: properties against the extension schema), every file can be
// fetched, every response is open to any origin, and nothing secret or
// personnummer-shaped is in any response — the protocol PDF included. On
// SQLite and on the Mongo backend.
func TestOParlWalkOverHTTP(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		w := newPublicWorld(t, env)
		v := oparltest.New(t, oparl.ExtensionSchema, oparl.ExtensionProperties)
		base := env.URL("/api/v1/public/oparl")
		queue := []string{base + "/system"}
		seen := map[string]bool{}
		types := map[string]int{}
		files := 0
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			if seen[u] {
				continue
			}
			seen[u] = true
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: strings.TrimPrefix(u, env.Server.URL)})
			if r.Status != http.StatusOK {
				t.Errorf("%s: %d %s", u, r.Status, r.Body)
				continue
			}
			if r.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: not open to other origins", u)
			}
			if strings.HasSuffix(u, "/access") || strings.HasSuffix(u, "/download") {
				files++
				body := r
				if r.Header.Get("Content-Type") == "application/pdf" {
					body.Body = []byte(pdfText(t, r.Body))
				}
				checkPublic(t, u, body)
				continue
			}
			checkPublic(t, u, r)
			var obj map[string]any
			if err := json.Unmarshal(r.Body, &obj); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if data, ok := obj["data"].([]any); ok {
				for _, e := range data {
					m := e.(map[string]any)
					types[oparltest.TypeName(m)] += v.Validate(t, u, oparltest.TypeName(m), m)
				}
			} else {
				types[oparltest.TypeName(obj)] += v.Validate(t, u, oparltest.TypeName(obj), obj)
			}
			var next []string
			collectAPIURLs(base, obj, &next)
			queue = append(queue, next...)
		}
		for _, typ := range []string{"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
			"Paper", "Consultation", "File", "Location", "LegislativeTerm"} {
			if types[typ] == 0 {
				t.Errorf("the walk met no %s (met %v)", typ, types)
			}
		}
		t.Logf("walked %d URLs: objects %v, %d file fetches", len(seen), types, files)
		if files < 4 {
			t.Errorf("the walk fetched %d files, want the protocol, the memo and the handlingar", files)
		}
		// The public paper and the justerat meeting are where they should
		// be; the secret ärende is no Paper, though its paragraph is public.
		for _, path := range []string{"/paper/" + w.openID, "/meeting/" + w.meetingID} {
			if !seen[base+path] {
				t.Errorf("the walk did not reach %s", path)
			}
		}
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/oparl/paper/" + w.secretID})
		if r.Status != http.StatusNotFound {
			t.Errorf("the secret ärende as a Paper: %d %s", r.Status, r.Body)
		}
		m := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/oparl/meeting/" + w.meetingID})
		if !strings.Contains(string(m.Body), "Omprövning av stöd till [sekretess]") {
			t.Errorf("the secret ärende's paragraph is not shown masked: %s", truncate(m.Body))
		}
		// The protocol is printed with the secret ärende's title masked.
		p := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/oparl/meeting/" + w.meetingID + "/file/protokoll/access"})
		if txt := strings.Join(strings.Fields(pdfText(t, p.Body)), " "); p.Status != http.StatusOK ||
			!strings.Contains(txt, "Omprövning av stöd till [sekretess]") || !strings.Contains(txt, "Avtal om IT-säkerhet med ÖBAB") {
			t.Errorf("public protocol: %d %s", p.Status, txt)
		}
		// Bad input: a malformed list parameter, a page past the end.
		for path, want := range map[string]int{
			"/api/v1/public/oparl/body/ITN/paper?modified_since=igår": http.StatusBadRequest,
			"/api/v1/public/oparl/body/ITN/paper?page=99":             http.StatusNotFound,
			"/api/v1/public/oparl/body/XYZ":                           http.StatusNotFound,
			"/api/v1/public/oparl/nothing":                            http.StatusNotFound,
		} {
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: path})
			if r.Status != want || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %s, want %d", path, r.Status, r.Body, want)
			}
		}
	}, ownPublicURL)
}
