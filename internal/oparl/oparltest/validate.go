// Package oparltest validates OParl 1.1 objects for tests: against the
// shared JSON Schemas of the twelve object types (embedded here, under
// CC BY-SA 4.0, see schema/README.md), following each embedded object, and
// the samstyr: properties against the extension schema. The tests of
// internal/oparl and the HTTP walk of the API both use it.
package oparltest

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schema/*.json
var schemaFS embed.FS

// Validator checks objects against the shared OParl 1.1 schemas (with
// formats asserted) and the samstyr: properties against the extension
// schema.
type Validator struct {
	props   map[string]string             // samstyr: property → its $defs entry
	schemas map[string]*jsonschema.Schema // by type name
	raw     map[string]map[string]any     // the schema documents, for their "schema" keywords
	ext     map[string]*jsonschema.Schema // by $defs entry
}

// oparlDateTime is OParl's date-time: yyyy-mm-ddThh:mm:ss±hh:mm.
var oparlDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$`)

// New compiles the OParl schemas and the extension schema ext, whose
// $defs entries describe the samstyr: properties as props maps them
// (oparl.ExtensionSchema and oparl.ExtensionProperties).
func New(t testing.TB, ext []byte, props map[string]string) *Validator {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.RegisterFormat(&jsonschema.Format{Name: "url", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%q is not an absolute http(s) URL", s)
		}
		return nil
	}})
	c.AssertFormat()
	v := &Validator{props: props, schemas: map[string]*jsonschema.Schema{}, raw: map[string]map[string]any{}, ext: map[string]*jsonschema.Schema{}}
	files, _ := fs.Glob(schemaFS, "schema/*.json")
	if len(files) != 12 {
		t.Fatalf("%d OParl schemas, want 12", len(files))
	}
	for _, f := range files {
		b, err := schemaFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(path.Base(f), ".json")
		loc := "file:///oparl/" + name + ".json"
		if err := c.AddResource(loc, doc); err != nil {
			t.Fatal(err)
		}
		v.raw[name] = doc.(map[string]any)
	}
	for name := range v.raw {
		v.schemas[name] = c.MustCompile("file:///oparl/" + name + ".json")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ext))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("file:///samstyr/extension.json", doc); err != nil {
		t.Fatal(err)
	}
	for _, def := range props {
		v.ext[def] = c.MustCompile("file:///samstyr/extension.json#/$defs/" + def)
	}
	return v
}

// Validate checks one object (decoded JSON) of the given OParl type, its
// embedded objects and its samstyr: properties; it returns how many
// objects it checked.
func (v *Validator) Validate(t testing.TB, where, typ string, obj map[string]any) int {
	t.Helper()
	sch := v.schemas[typ]
	if sch == nil {
		t.Errorf("%s: unknown type %s", where, typ)
		return 0
	}
	if err := sch.Validate(obj); err != nil {
		t.Errorf("%s: not a valid %s: %v", where, typ, err)
	}
	if want := "https://schema.oparl.org/1.1/" + typ; obj["type"] != want {
		t.Errorf("%s: type %v, want %s", where, obj["type"], want)
	}
	n := 1
	props := v.raw[typ]["properties"].(map[string]any)
	for key, val := range obj {
		if strings.HasPrefix(key, "samstyr:") {
			def, ok := v.props[key]
			if !ok {
				t.Errorf("%s: undocumented extension property %s", where, key)
				continue
			}
			if err := v.ext[def].Validate(val); err != nil {
				t.Errorf("%s: %s does not match the extension schema: %v", where, key, err)
			}
			continue
		}
		p, ok := props[key].(map[string]any)
		if !ok {
			t.Errorf("%s: %s is not an OParl %s property", where, key, typ)
			continue
		}
		if (p["format"] == "date-time") && !oparlDateTime.MatchString(val.(string)) {
			t.Errorf("%s: %s = %q is not yyyy-mm-ddThh:mm:ss±hh:mm", where, key, val)
		}
		embedded, _ := p["schema"].(string)
		if items, ok := p["items"].(map[string]any); ok && embedded == "" {
			embedded, _ = items["schema"].(string)
		}
		if embedded == "" {
			continue
		}
		sub := strings.TrimSuffix(embedded, ".json")
		switch x := val.(type) {
		case map[string]any:
			n += v.Validate(t, where+"."+key, sub, x)
		case []any:
			for i, e := range x {
				if m, ok := e.(map[string]any); ok {
					n += v.Validate(t, fmt.Sprintf("%s.%s[%d]", where, key, i), sub, m)
				}
			}
		}
	}
	return n
}

// TypeName is the OParl type of a decoded object ("Meeting").
func TypeName(obj map[string]any) string {
	s, _ := obj["type"].(string)
	return strings.TrimPrefix(s, "https://schema.oparl.org/1.1/")
}
