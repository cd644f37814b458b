package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// sample values that match each path parameter's schema.
var samples = map[string]string{
	"board": "ITN", "id": "01900000-0000-7000-8000-000000000000", "decision": "01900000-0000-7000-8000-000000000000-b1",
	"event": "start", "no": "1", "version": "1", "year": "2026", "seq": "1", "member": "0885",
}

// TestRevisorCannotChangeAnything walks every operation in the OpenAPI
// document: a revisor gets 403 read_only_role on every mutating one, so a
// new endpoint is covered the day it is declared.
func TestRevisorCannotChangeAnything(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("revisor")
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for path, item := range spec.Doc.Paths.Map() {
		for method := range item.Operations() {
			if method == http.MethodGet || method == http.MethodHead {
				continue
			}
			op := item.GetOperation(method)
			if op.OperationID == "createToken" || op.OperationID == "revokeToken" {
				continue // logging in and out are not changes to the data
			}
			url := pathParam.ReplaceAllStringFunc(path, func(m string) string {
				v, ok := samples[strings.Trim(m, "{}")]
				if !ok {
					t.Fatalf("no sample for %s in %s", m, path)
				}
				return v
			})
			r := env.Do(apptest.Request{Method: method, Path: url, Token: token, Body: `{}`, Header: map[string]string{"If-Match": `"1"`}})
			if r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), "read_only_role") {
				t.Errorf("%s %s (%s): %d %s", method, url, op.OperationID, r.Status, r.Body)
			}
			checked++
		}
	}
	if checked < 15 {
		t.Errorf("only %d mutating operations found", checked)
	}
	// Reading still works.
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2025", Token: token}); r.Status != 200 {
		t.Errorf("revisor reading the allocation: %d", r.Status)
	}
}
