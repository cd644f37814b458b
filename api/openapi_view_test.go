package api

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
)

// TestValidationKeeps31Keywords checks that validating requests on the
// 3.0 view of the document (LoadSpec) accepts and refuses what the
// JSON Schema 2020-12 validator of the 3.1 document does, for bodies and
// parameters that use the 3.1 type lists ("null" allowed), formats,
// enums, bounds, required and unknown fields.
func TestValidationKeeps31Keywords(t *testing.T) {
	spec, err := LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	full, err := legacyrouter.NewRouter(spec.Doc)
	if err != nil {
		t.Fatal(err)
	}
	agreement := `"title":"Avtal","valid_from":"2026-01-01","host":"0885","members":["0885","0840"],"key_mode":"exact_users","invoicing":[{"from_year":2026,"rule":"quarterly_advance"}]`
	requests := []struct {
		name, method, path, body string
		wantOK                   bool
	}{
		{"valid_to null", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"valid_to":null}`, true},
		{"valid_to a date", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"valid_to":"2026-12-31"}`, true},
		{"valid_to a number", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"valid_to":5}`, false},
		{"valid_to an object", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"valid_to":{}}`, false},
		{"key_mode not in the enum", "POST", "/api/v1/boards/ITN/agreements", `{"title":"Avtal","valid_from":"2026-01-01","host":"0885","members":["0885","0840"],"key_mode":"guess","invoicing":[{"from_year":2026,"rule":"quarterly_advance"}]}`, false},
		{"key_month out of range", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"key_month":13}`, false},
		{"no invoicing rule", "POST", "/api/v1/boards/ITN/agreements", `{"title":"Avtal","valid_from":"2026-01-01","host":"0885","members":["0885","0840"],"key_mode":"exact_users","invoicing":[]}`, false},
		{"invoicing rule from year 1999", "POST", "/api/v1/boards/ITN/agreements", `{"title":"Avtal","valid_from":"2026-01-01","host":"0885","members":["0885","0840"],"key_mode":"exact_users","invoicing":[{"from_year":1999,"rule":"quarterly_advance"}]}`, false},
		{"too few members", "POST", "/api/v1/boards/ITN/agreements", `{"title":"Avtal","valid_from":"2026-01-01","host":"0885","members":["0885"],"key_mode":"exact_users","invoicing":[{"from_year":2026,"rule":"quarterly_advance"}]}`, false},
		{"unknown field", "POST", "/api/v1/boards/ITN/agreements", `{` + agreement + `,"colour":"red"}`, false},
		{"missing required field", "POST", "/api/v1/boards/ITN/agreements", `{"title":"Avtal"}`, false},
		{"sub-delegation with open end", "POST", "/api/v1/boards/ITN/subdelegations", `{"point_code":"B3","user":"anna","valid_from":"2026-01-01","valid_to":null}`, true},
		{"sub-delegation, valid_to true", "POST", "/api/v1/boards/ITN/subdelegations", `{"point_code":"B3","user":"anna","valid_from":"2026-01-01","valid_to":true}`, false},
		{"register", "POST", "/api/v1/cases", `{"board":"ITN","title":"Avtal"}`, true},
		{"register, title a number", "POST", "/api/v1/cases", `{"board":"ITN","title":7}`, false},
		{"decide", "POST", "/api/v1/cases/0192f0c4-7e1a-7b3c-8d4e-5f6a7b8c9d0e/decisions", `{"kind":"delegation","point_code":"B3","amount_ore":12500000}`, true},
		{"decide, amount a string", "POST", "/api/v1/cases/0192f0c4-7e1a-7b3c-8d4e-5f6a7b8c9d0e/decisions", `{"kind":"delegation","point_code":"B3","amount_ore":"12"}`, false},
		{"audit search", "GET", "/api/v1/audit/decisions?board=ITN&limit=25&from=2026-01-01", "", true},
		{"case id not an id", "POST", "/api/v1/cases/x/decisions", `{"kind":"delegation","point_code":"B3"}`, false},
		{"case list", "GET", "/api/v1/cases?board=ITN&per_page=20&page=2", "", true},
		{"case list, page 0", "GET", "/api/v1/cases?board=ITN&per_page=20&page=0", "", false},
	}
	for _, rq := range requests {
		check := func(router routers.Router) error {
			req, err := http.NewRequest(rq.method, "http://127.0.0.1"+rq.path, bytes.NewReader([]byte(rq.body)))
			if err != nil {
				t.Fatal(err)
			}
			if rq.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("%s: %v", rq.name, err)
			}
			return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}})
		}
		viewErr, fullErr := check(spec.router), check(full)
		if (fullErr == nil) != rq.wantOK {
			t.Errorf("%s: the 3.1 validator says %v, the test expects ok=%t", rq.name, fullErr, rq.wantOK)
		}
		if (viewErr == nil) != (fullErr == nil) {
			t.Errorf("%s: the view says %v, the 3.1 validator %v", rq.name, viewErr, fullErr)
		}
	}
	if spec.Doc.OpenAPI == "3.0.3" || !spec.Doc.IsOpenAPI31OrLater() {
		t.Errorf("the served document must stay 3.1, is %q", spec.Doc.OpenAPI)
	}
}
