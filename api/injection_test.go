package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// Operator values and keys a NoSQL injection tries.
var (
	operatorValues = []string{`{"$gt":""}`, `{"$where":"1"}`, `{"$ne":null}`, `$where`, `$gt`}
	operatorKeys   = []string{"[$gt]", "[$ne]", ".$gt", "[$where]"}
	// identifierProps name things looked up by value (a user, a point, a
	// board, a member): a "$…" string there must be refused, not matched.
	identifierProps = []string{"board", "user", "person", "point_code", "member", "username", "serves_for", "corrects",
		"host", "members", "justerare", "decision_ids", "delegate", "substitutes", "urgent_deciders", "code"}
)

// TestNoSQLOperatorInjectionIsRejected is generated from the OpenAPI
// document and the role matrix's well-formed requests: every query
// parameter gets operator values and operator keys, every property of
// every JSON body gets operator objects (and, where it names something
// looked up, "$…" strings), and every body gets "$where" and dotted keys.
// Each attempt is refused with a 4xx problem (or, for a free filter value,
// matches nothing), nothing is stored, and afterwards the untouched
// request still succeeds on the same fixture.
func TestNoSQLOperatorInjectionIsRejected(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	ops := specOps(t)
	m := newMatrixEnv(t)
	m.make("decision_signed") // so that a filter read as an operator would find something
	seen := map[string]bool{}
	attempts := 0
	for _, row := range loadMatrix(t) {
		if seen[row.Op] {
			continue
		}
		seen[row.Op] = true
		sop := ops[row.Op]
		op := spec.Doc.Paths.Find(sop.path).GetOperation(sop.method)
		query := queryParams(spec.Doc.Paths.Find(sop.path), op)
		schema := jsonBodySchema(op)
		if len(query) == 0 && schema == nil {
			continue
		}
		caller := ""
		allowed := expand(t, row.Allow)
		for _, c := range demoCallers {
			if allowed[c] && caller == "" {
				caller = c
			}
		}
		t.Run(row.Op, func(t *testing.T) {
			m := m.with(t)
			v := m.make(row.Fixture)
			base := row.request(t, sop, v, m.tokens[caller])
			var baseline apptest.Response
			if !sop.mutating() {
				if baseline = m.env.Do(base); baseline.Status != http.StatusOK {
					t.Fatalf("baseline %s: %d %s", row.Op, baseline.Status, baseline.Body)
				}
			}
			before := m.env.Snapshot(t)
			try := func(what string, req apptest.Request, want func(apptest.Response) string) {
				t.Helper()
				attempts++
				r := m.env.Do(req)
				if problem := want(r); problem != "" {
					t.Errorf("%s: %s (%d %s)", what, problem, r.Status, truncate(r.Body))
				}
			}
			for _, p := range query {
				for _, val := range append(slices.Clone(operatorValues), `"a*" OR b`, `*`) {
					try(fmt.Sprintf("query %s=%s", p, val), withQuery(base, p, val), refusedOrEmpty)
				}
				for _, k := range operatorKeys {
					try(fmt.Sprintf("query key %s%s", p, k), withQuery(base, p+k, "x"), refusedOrSameAs(baseline))
				}
			}
			if schema != nil && base.Body != nil {
				body := clone(t, base.Body)
				for _, mu := range mutations(schema, nil, body) {
					req := base
					req.Body = mu.body
					try("body "+mu.what, req, mu.want)
				}
			}
			if after := m.env.Snapshot(t); after != before {
				t.Errorf("injection attempts on %s changed stored data", row.Op)
			}
			if sop.mutating() {
				if r := m.env.Do(base); r.Status < 200 || r.Status > 299 {
					t.Errorf("the well-formed %s after the attempts: %d %s", row.Op, r.Status, r.Body)
				}
			}
		})
	}
	if attempts < 300 {
		t.Errorf("only %d injection attempts", attempts)
	}
	t.Logf("%d injection attempts", attempts)
}

func (o specOp) mutating() bool { return o.method != http.MethodGet }

// queryParams lists the operation's query parameters.
func queryParams(item *openapi3.PathItem, op *openapi3.Operation) []string {
	var out []string
	for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == "query" {
				out = append(out, p.Value.Name)
			}
		}
	}
	return out
}

func jsonBodySchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

func withQuery(r apptest.Request, key, val string) apptest.Request {
	path, raw, _ := strings.Cut(r.Path, "?")
	q, _ := url.ParseQuery(raw)
	q.Set(key, val)
	r.Path = path + "?" + q.Encode()
	return r
}

func isProblem(r apptest.Response) bool {
	return r.Status >= 400 && r.Status < 500 && strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json")
}

// refusedOrEmpty accepts a 4xx problem, or a 2xx that found nothing (an
// operator taken as the literal text it is).
func refusedOrEmpty(r apptest.Response) string {
	if isProblem(r) {
		return ""
	}
	if r.Status != http.StatusOK {
		return "neither refused nor answered"
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var m map[string]any
		if json.Unmarshal(r.Body, &m) != nil {
			return "not JSON"
		}
		for _, list := range []string{"items", "entries"} { // entries: the public e-diarium
			if items, ok := m[list].([]any); ok && len(items) == 0 {
				return ""
			}
		}
		return "answered with data"
	case strings.HasPrefix(ct, "text/csv"):
		if bytes.Count(bytes.TrimSpace(r.Body), []byte("\n")) == 0 {
			return "" // the header line only
		}
	case strings.HasPrefix(ct, "application/x-ndjson"):
		if len(bytes.TrimSpace(r.Body)) == 0 {
			return ""
		}
	}
	return "answered with data"
}

// refusedOrSameAs accepts a 4xx problem, or the answer of the request
// without the key (an unknown key ignored, not read as an operator).
func refusedOrSameAs(baseline apptest.Response) func(apptest.Response) string {
	return func(r apptest.Response) string {
		if isProblem(r) {
			return ""
		}
		if r.Status != baseline.Status || !bytes.Equal(r.Body, baseline.Body) {
			return "answered differently from the request without the key"
		}
		return ""
	}
}

// refusedAt accepts a 4xx problem whose field names the property.
func refusedAt(name string) func(apptest.Response) string {
	return func(r apptest.Response) string {
		if !isProblem(r) {
			return "not refused with a 4xx problem"
		}
		if !strings.Contains(string(r.Body), name) {
			return "the problem does not name " + name
		}
		return ""
	}
}

func refused(r apptest.Response) string {
	if !isProblem(r) {
		return "not refused with a 4xx problem"
	}
	return ""
}

type mutation struct {
	what string
	body any
	want func(apptest.Response) string
}

// mutations walks schema beside the well-formed body and returns one
// changed copy per attack: operator objects in place of every property
// (present ones, and absent ones at the top level), "$…" strings in
// identifier properties, and "$where" and dotted keys in every object.
func mutations(schema *openapi3.Schema, at []string, body any) []mutation {
	var out []mutation
	here, _ := get(body, at)
	if _, isObj := here.(map[string]any); isObj {
		for _, k := range []string{"$where", "secrecy.reference", "$set"} {
			out = append(out, mutation{what: ptr(append(slices.Clone(at), k)) + " (extra key)", body: set(body, append(slices.Clone(at), k), "1"), want: refusedAt(k)})
		}
	}
	names := make([]string, 0, len(schema.Properties))
	for name := range schema.Properties {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sub := schema.Properties[name].Value
		p := append(slices.Clone(at), name)
		cur, present := get(body, p)
		if !present && len(at) > 0 {
			continue
		}
		for _, val := range operatorValues[:3] {
			var obj any
			_ = json.Unmarshal([]byte(val), &obj)
			out = append(out, mutation{what: ptr(p) + "=" + val, body: set(body, p, obj), want: refusedAt(name)})
		}
		if slices.Contains(identifierProps, name) {
			for _, s := range operatorValues[3:] {
				val := any(s)
				if sub.Type.Is("array") {
					val = []any{s}
				}
				out = append(out, mutation{what: ptr(p) + "=" + s, body: set(body, p, val), want: refused})
			}
		}
		if !present {
			continue
		}
		switch {
		case sub.Type.Is("object"):
			out = append(out, mutations(sub, p, body)...)
		case sub.Type.Is("array") && sub.Items != nil && sub.Items.Value != nil:
			items, _ := cur.([]any)
			if len(items) == 0 {
				continue
			}
			first := append(slices.Clone(p), "0")
			if sub.Items.Value.Type.Is("object") {
				out = append(out, mutations(sub.Items.Value, first, body)...)
			} else {
				out = append(out, mutation{what: ptr(first) + `={"$gt":""}`, body: set(body, first, map[string]any{"$gt": ""}), want: refusedAt(name)})
			}
		}
	}
	return out
}

func ptr(p []string) string { return "/" + strings.Join(p, "/") }

func clone(t *testing.T, x any) any {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// get returns the value at path p in x.
func get(x any, p []string) (any, bool) {
	for _, k := range p {
		switch c := x.(type) {
		case map[string]any:
			v, ok := c[k]
			if !ok {
				return nil, false
			}
			x = v
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(c) {
				return nil, false
			}
			x = c[i]
		default:
			return nil, false
		}
	}
	return x, true
}

// set returns a deep copy of x with the value at p replaced by v (the
// parent must exist).
func set(x any, p []string, v any) any {
	if len(p) == 0 {
		return v
	}
	switch c := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(c)+1)
		for k, e := range c {
			out[k] = e
		}
		out[p[0]] = set(c[p[0]], p[1:], v)
		return out
	case []any:
		out := slices.Clone(c)
		i, _ := strconv.Atoi(p[0])
		out[i] = set(c[i], p[1:], v)
		return out
	}
	return x
}
