package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/apptest"
	"github.com/samstyr/samstyr/internal/repo"
)

// TestEveryOperationNeedsAToken walks the OpenAPI document: every
// operation not declared public answers 401 without a token, so a new
// endpoint is protected the day it is declared.
func TestEveryOperationNeedsAToken(t *testing.T) {
	env := apptest.New(t)
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	public := map[string]bool{"getOpenAPI": true, "createToken": true, "publicNotices": true}
	checked := 0
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if public[op.OperationID] {
				continue
			}
			url := pathParam.ReplaceAllStringFunc(path, func(m string) string { return samples[strings.Trim(m, "{}")] })
			r := env.Do(apptest.Request{Method: method, Path: url, Body: `{}`})
			if r.Status != http.StatusUnauthorized {
				t.Errorf("%s %s without a token: %d", method, url, r.Status)
			}
			checked++
		}
	}
	if checked < 60 {
		t.Errorf("only %d operations checked", checked)
	}
}

// TestNoSQLOperatorInjectionIsRejected sends operator objects, $where and
// dotted keys in bodies and filters: each is a 4xx and nothing is stored.
func TestNoSQLOperatorInjectionIsRejected(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	rev := env.Token("revisor")
	before, _ := env.Backend.Count(t.Context(), repo.CollCases, nil)
	bodies := []string{
		`{"board":{"$gt":""},"title":"x"}`,
		`{"board":"ITN","title":{"$ne":null}}`,
		`{"board":"ITN","title":"x","$where":"sleep(1000)"}`,
		`{"board":"ITN","title":"x","secrecy.reference":"OSL 21:1"}`,
		`{"board":"ITN","title":"x","secrecy":{"$set":{"reference":"x"}}}`,
	}
	for _, b := range bodies {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token, Body: b})
		if r.Status < 400 || r.Status >= 500 {
			t.Errorf("%s: %d %s", b, r.Status, r.Body)
		}
	}
	for _, q := range []string{"?board[$gt]=", "?board=ITN&$where=1", "?point_code[$ne]=x", "?q=%22a*%22%20OR%20b"} {
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions" + q, Token: rev})
		if r.Status >= 500 || (r.Status == 200 && !strings.Contains(q, "q=")) {
			t.Errorf("filter %s: %d %s", q, r.Status, r.Body)
		}
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases?board=ITN&state[$ne]=x", Token: token}); r.Status != 200 && r.Status != 400 {
		t.Errorf("case list with an operator parameter: %d", r.Status)
	}
	after, _ := env.Backend.Count(t.Context(), repo.CollCases, nil)
	if after != before {
		t.Errorf("injection attempts stored %d cases", after-before)
	}
}
