package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestEveryOperationNeedsAToken walks the OpenAPI document: every
// operation not declared public answers 401 without a token, so a new
// endpoint is protected the day it is declared. An operation declared
// open (security: []) must be one of the named ones or under
// /api/v1/public/ (the e-diarium and OParl, walked for secrets by
// TestNoPublicRouteShowsASecret).
func TestEveryOperationNeedsAToken(t *testing.T) {
	env := apptest.New(t)
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	public := map[string]bool{"getOpenAPI": true, "createToken": true, "publicNotices": true, "publicCheckpoints": true}
	checked := 0
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			open := op.Security != nil && len(*op.Security) == 0
			if public[op.OperationID] {
				continue
			}
			if open {
				if !strings.HasPrefix(path, "/api/v1/public/") {
					t.Errorf("%s %s is declared open outside /api/v1/public/", method, path)
				}
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
