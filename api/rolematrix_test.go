package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// matrixRow is one row of testdata/role_matrix.yaml.
type matrixRow struct {
	Op         string            `yaml:"op"`
	Name       string            `yaml:"name"`
	Fixture    string            `yaml:"fixture"`
	Fresh      bool              `yaml:"fresh"`
	FreshToken bool              `yaml:"fresh_token"`
	Params     map[string]string `yaml:"params"`
	Query      string            `yaml:"query"`
	IfMatch    string            `yaml:"if_match"`
	Body       any               `yaml:"body"`
	CSV        string            `yaml:"csv"`
	Multipart  map[string]string `yaml:"multipart"`
	// FileContent is the multipart file's content (a short letter when
	// empty); placeholders are filled.
	FileContent string   `yaml:"file_content"`
	Scoped      bool     `yaml:"scoped"`
	Note        string   `yaml:"note"`
	Allow       []string `yaml:"allow"`
	// RefusedWith is the status every caller with a role on ITN gets when
	// the operation is refused to all of them for what it asks, not for
	// who asks (e.g. 422 for an event no client fires).
	RefusedWith int `yaml:"refused_with"`
}

// Callers of the matrix, in the order they are tried.
var (
	demoCallers   = []string{"ordforande", "vice-ordforande", "it-chef", "handlaggare", "sekreterare", "revisor", "admin", "arkivarie"}
	outsiders     = []string{"utomstaende", "fd-handlaggare"}
	anonymous     = "anonym"
	matrixCallers = append(append(slices.Clone(demoCallers), outsiders...), anonymous)
)

// expand resolves the groups of an allow list.
func expand(t *testing.T, allow []string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, a := range allow {
		switch a {
		case "everyone":
			for _, c := range matrixCallers {
				out[c] = true
			}
		case "authenticated":
			for _, c := range matrixCallers {
				if c != anonymous {
					out[c] = true
				}
			}
		case "board":
			for _, c := range demoCallers {
				out[c] = true
			}
		default:
			if !slices.Contains(matrixCallers, a) {
				t.Fatalf("role_matrix.yaml: unknown caller or group %q", a)
			}
			out[a] = true
		}
	}
	return out
}

func loadMatrix(t *testing.T) []matrixRow {
	t.Helper()
	b, err := os.ReadFile("testdata/role_matrix.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rows []matrixRow `yaml:"rows"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("role_matrix.yaml: %v", err)
	}
	return doc.Rows
}

// specOp is where an operation lives.
type specOp struct{ method, path string }

func specOps(t *testing.T) map[string]specOp {
	t.Helper()
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]specOp{}
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			out[op.OperationID] = specOp{method, path}
		}
	}
	return out
}

var (
	placeholder = regexp.MustCompile(`\{\{(int:)?([a-z_]+)\}\}`)
	dnrInBody   = regexp.MustCompile(`ITN \d{4}/\d+`)
)

// fill replaces the placeholders of s with the fixture's values.
func fill(t *testing.T, s string, v vals) any {
	t.Helper()
	if m := placeholder.FindStringSubmatch(s); m != nil && m[0] == s && m[1] != "" {
		n, err := strconv.Atoi(v.get(t, m[2]))
		if err != nil {
			t.Fatalf("{{int:%s}}: %v", m[2], err)
		}
		return n
	}
	return placeholder.ReplaceAllStringFunc(s, func(p string) string {
		return v.get(t, placeholder.FindStringSubmatch(p)[2])
	})
}

// fillAny fills every string inside a decoded YAML value.
func fillAny(t *testing.T, x any, v vals) any {
	switch x := x.(type) {
	case string:
		return fill(t, x, v)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fillAny(t, e, v)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = fillAny(t, e, v)
		}
		return out
	}
	return x
}

// request builds the row's request for one caller against fixture v.
func (row matrixRow) request(t *testing.T, op specOp, v vals, token string) apptest.Request {
	t.Helper()
	path := pathParam.ReplaceAllStringFunc(op.path, func(m string) string {
		name := strings.Trim(m, "{}")
		if p, ok := row.Params[name]; ok {
			return fill(t, p, v).(string)
		}
		if name == "board" {
			return "ITN"
		}
		return v.get(t, name)
	})
	if row.Query != "" {
		path += "?" + fill(t, row.Query, v).(string)
	}
	req := apptest.Request{Method: op.method, Path: path, Token: token, Header: map[string]string{}}
	if row.IfMatch != "" {
		req.Header["If-Match"] = `"` + fill(t, row.IfMatch, v).(string) + `"`
	}
	switch {
	case row.Multipart != nil:
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for k, val := range row.Multipart {
			if k == "file" {
				fw, _ := w.CreateFormFile("file", val)
				content := "Skrivelse från Mörbylånga kommun.\n"
				if row.FileContent != "" {
					content = fill(t, row.FileContent, v).(string)
				}
				_, _ = fw.Write([]byte(content))
				continue
			}
			_ = w.WriteField(k, val)
		}
		_ = w.Close()
		req.Body, req.Header["Content-Type"] = buf.Bytes(), w.FormDataContentType()
	case row.CSV != "":
		req.Body, req.Header["Content-Type"] = []byte(row.CSV), "text/csv"
	case row.Body != nil:
		req.Body = fillAny(t, row.Body, v)
	}
	return req
}

// TestRoleMatrix checks every operation of the OpenAPI document against
// every demo role, a user with no role on the board, a user whose role has
// ended and an anonymous caller, as stated in testdata/role_matrix.yaml.
func TestRoleMatrix(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	rows := loadMatrix(t)
	ops := specOps(t)
	covered := map[string]bool{}
	for _, row := range rows {
		if _, ok := ops[row.Op]; !ok {
			t.Errorf("role_matrix.yaml names %q, which api/openapi.yaml does not have", row.Op)
		}
		covered[row.Op] = true
	}
	for id, op := range ops {
		if !covered[id] {
			t.Errorf("%s %s (%s) has no row in testdata/role_matrix.yaml: state who may call it", op.method, op.path, id)
		}
	}
	if t.Failed() {
		return
	}
	m := newMatrixEnv(t)
	for _, row := range rows {
		name := row.Op
		if row.Name != "" {
			name += "/" + row.Name
		}
		allowed := expand(t, row.Allow)
		t.Run(name, func(t *testing.T) {
			m := m.with(t)
			op := ops[row.Op]
			var shared vals
			if !row.Fresh {
				shared = m.fixture(row.Fixture)
			}
			for _, caller := range matrixCallers {
				v := shared
				if row.Fresh {
					v = m.make(row.Fixture)
				}
				token := m.tokens[caller]
				if row.FreshToken && caller != anonymous {
					token = m.env.Token(caller)
				}
				r := m.env.Do(row.request(t, op, v, token))
				ok := r.Status >= 200 && r.Status < 300
				switch {
				case allowed[caller] && !ok:
					t.Errorf("%s may call %s but got %d %s", caller, name, r.Status, r.Body)
				case !allowed[caller] && ok:
					t.Errorf("%s may NOT call %s but got %d %s", caller, name, r.Status, truncate(r.Body))
				case !allowed[caller] && caller == anonymous && r.Status != http.StatusUnauthorized:
					t.Errorf("anonymous %s: %d, want 401", name, r.Status)
				case !allowed[caller] && row.RefusedWith != 0 && slices.Contains(demoCallers, caller) && caller != "revisor":
					if r.Status != row.RefusedWith {
						t.Errorf("%s refused %s with %d, want %d: %s", caller, name, r.Status, row.RefusedWith, r.Body)
					}
				case !allowed[caller] && r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden && r.Status != http.StatusNotFound:
					t.Errorf("%s refused %s with %d, want 401, 403 or 404: %s", caller, name, r.Status, r.Body)
				case !allowed[caller] && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json"):
					t.Errorf("%s refused %s without a problem: %s", caller, name, r.Header.Get("Content-Type"))
				}
				if ok && row.Scoped && (slices.Contains(outsiders, caller) || caller == anonymous) {
					if dnr := dnrInBody.Find(r.Body); dnr != nil {
						t.Errorf("%s without a role on ITN sees %s in %s", caller, dnr, name)
					}
					for _, id := range m.ids {
						if bytes.Contains(r.Body, []byte(id)) {
							t.Errorf("%s without a role on ITN sees %s in %s", caller, id, name)
						}
					}
				}
			}
		})
	}
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// vals are a fixture's placeholder values.
type vals map[string]string

func (v vals) get(t *testing.T, name string) string {
	t.Helper()
	if name == "password" {
		return apptest.DemoPassword
	}
	s, ok := v[name]
	if !ok {
		t.Fatalf("the fixture has no value %q (has %v)", name, v)
	}
	return s
}

func (v vals) String() string { return fmt.Sprint(map[string]string(v)) }
