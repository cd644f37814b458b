package oparl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/oparl/oparltest"
	"github.com/samstyr/samstyr/internal/personnummer"
)

func decode(t *testing.T, v any) (map[string]any, string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m, string(b)
}

// collectURLs returns every string under obj that is a URL inside the API.
func collectURLs(base string, v any, out *[]string) {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, base+"/") {
			*out = append(*out, x)
		}
	case map[string]any:
		for _, e := range x {
			collectURLs(base, e, out)
		}
	case []any:
		for _, e := range x {
			collectURLs(base, e, out)
		}
	}
}

// TestWalkTheGraph starts at the System and follows every link, as a
// crawler would: every object and every list page validates against its
// schema, every object is found at its id, and nothing secret or
// personnummer-shaped is in any response.
func TestWalkTheGraph(t *testing.T) {
	f := newFixture()
	svc := f.service(2) // small pages: the lists have several
	v := oparltest.New(t, ExtensionSchema, ExtensionProperties)
	ctx := context.Background()
	base := svc.Site.Base
	seen := map[string]bool{}
	types := map[string]int{}
	queue := []string{base + "/system"}
	responses := 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(parsed.Path, strings.TrimPrefix(base, "https://samstyr.example.se"))
		if strings.HasSuffix(path, "/access") || strings.HasSuffix(path, "/download") {
			ref, err := svc.File(ctx, path)
			if err != nil {
				t.Errorf("file %s: %v", u, err)
			} else if ref.Download != strings.HasSuffix(path, "/download") || (ref.CaseID == "" && ref.MeetingID == "") {
				t.Errorf("file %s resolved to %+v", u, ref)
			}
			continue
		}
		got, err := svc.Get(ctx, path, parsed.Query())
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			continue
		}
		responses++
		obj, text := decode(t, got)
		for _, s := range f.secretsIn(text) {
			t.Errorf("%s: secret %q in the response", u, s)
		}
		if personnummer.Contains(text) {
			t.Errorf("%s: a personnummer in the response: %s", u, text)
		}
		if data, ok := obj["data"].([]any); ok { // a list page
			links := obj["links"].(map[string]any)
			pag := obj["pagination"].(map[string]any)
			if links["self"] != u {
				t.Errorf("%s: links.self = %v", u, links["self"])
			}
			last := pag["currentPage"] == pag["totalPages"]
			if _, hasNext := links["next"]; hasNext == last {
				t.Errorf("%s: next link present=%v on page %v of %v", u, hasNext, pag["currentPage"], pag["totalPages"])
			}
			for i, e := range data {
				m := e.(map[string]any)
				types[oparltest.TypeName(m)] += v.Validate(t, fmt.Sprintf("%s data[%d]", u, i), oparltest.TypeName(m), m)
			}
		} else {
			types[oparltest.TypeName(obj)] += v.Validate(t, u, oparltest.TypeName(obj), obj)
			if id, _ := obj["id"].(string); id != u {
				t.Errorf("object at %s has id %s", u, id)
			}
		}
		var next []string
		collectURLs(base, obj, &next)
		queue = append(queue, next...)
	}
	for _, typ := range []string{"System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting", "Location",
		"AgendaItem", "Paper", "Consultation", "File"} {
		if types[typ] == 0 {
			t.Errorf("the walk validated no %s", typ)
		}
	}
	if responses < 25 {
		t.Errorf("the walk fetched only %d responses", responses)
	}
	t.Logf("%d responses, objects validated by type: %v", responses, types)
}

func (f *fixture) secretsIn(text string) []string {
	var out []string
	for _, s := range secrets {
		if strings.Contains(text, s) {
			out = append(out, s)
		}
	}
	return out
}

func get(t *testing.T, svc *Service, path string, q url.Values) map[string]any {
	t.Helper()
	got, err := svc.Get(context.Background(), path, q)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	m, _ := decode(t, got)
	return m
}

func TestMeetingContent(t *testing.T) {
	f := newFixture()
	svc := f.service(100)
	m := get(t, svc, "/meeting/01960000-0000-7000-8000-000000000001", nil)
	items := m["agendaItem"].([]any)
	if len(items) != 3 {
		t.Fatalf("%d agenda items, want 3 (§ 8 is secret)", len(items))
	}
	p7 := items[0].(map[string]any)
	ext := p7["samstyr:paragraph"].(map[string]any)
	tally := ext["tally"].(map[string]any)
	if p7["number"] != "§ 7" || p7["result"] != "Bifall" || tally["ja"] != 2.0 || tally["nej"] != 1.0 || tally["avstar"] != 1.0 {
		t.Errorf("§ 7 = %v", p7)
	}
	res := ext["reservations"].([]any)[0].(map[string]any)
	if res["name"] != "Sofia Ekström" || !strings.HasSuffix(res["person"].(string), "/person/01900000-0000-7000-8000-000000000003") {
		t.Errorf("reservation %v", res)
	}
	if p9 := items[1].(map[string]any); p9["name"] != "Begäran om rättelse av IT-konto från [sekretess]" || p9["consultation"] != nil {
		t.Errorf("§ 9 on a sekretessmarkerat ärende = %v", p9)
	}
	reported := items[2].(map[string]any)["samstyr:reportedDecisions"].([]any)
	if len(reported) != 2 {
		t.Fatalf("reported decisions %v", reported)
	}
	d0, d1 := reported[0].(map[string]any), reported[1].(map[string]any)
	if d0["point"] != "A16" || d0["orderVersion"] != 2.0 || d0["decider"] != "Anna Lindqvist" || d0["paper"] == nil || d0["clauses"] == nil {
		t.Errorf("delegation decision %v", d0)
	}
	if d1["title"] != "[sekretess]" || d1["clauses"] != nil || d1["paper"] != nil || d1["kind"] != "urgent" {
		t.Errorf("decision on a secret ärende %v", d1)
	}
	appeal := m["samstyr:appeal"].(map[string]any)
	if appeal["appealEnd"] != "2026-04-07" || appeal["lagaKraftFrom"] != "2026-04-08" || len(m["samstyr:anslag"].([]any)) != 2 {
		t.Errorf("dates %v %v", appeal, m["samstyr:anslag"])
	}
	if len(m["participant"].([]any)) != 4 || m["start"] != "2026-03-12T13:00:00+01:00" {
		t.Errorf("participants %v start %v", m["participant"], m["start"])
	}
	if _, ok := get(t, svc, "/meeting/01960000-0000-7000-8000-000000000001", url.Values{"omit_internal": {"true"}})["agendaItem"]; ok {
		t.Error("omit_internal=true still lists agenda items")
	}
}

func TestNotPublicIsNotFound(t *testing.T) {
	svc := newFixture().service(100)
	for _, p := range []string{
		"/meeting/01960000-0000-7000-8000-000000000002",                // planned
		"/meeting/01960000-0000-7000-8000-000000000001/agenda-item/8",  // secret paragraph
		"/meeting/01960000-0000-7000-8000-000000000001/agenda-item/08", // not canonical
		"/meeting/01960000-0000-7000-8000-000000000001/consultation/9", // secret ärende
		"/paper/01950000-0000-7000-8000-00000000000b",                  // sekretessmarkerat
		"/paper/01950000-0000-7000-8000-00000000000a/file/3",           // secret handling
		"/paper/01950000-0000-7000-8000-00000000000a/file/2",           // internal, ärende open
		"/person/01900000-0000-7000-8000-000000000006",                 // an official, not a Person
		"/paper/nope", "/body/XYZ", "/nope", "/meeting/../system", "/body/ITN/term/2019",
	} {
		_, err := svc.Get(context.Background(), p, nil)
		if !errors.Is(err, ErrNotFound) || fault.From(err).Kind != fault.NotFound {
			t.Errorf("GET %s: %v, want not found", p, err)
		}
	}
	if _, err := svc.File(context.Background(), "/paper/01950000-0000-7000-8000-00000000000a/file/3/access"); !IsNotFound(err) {
		t.Errorf("secret file resolved: %v", err)
	}
	ref, err := svc.File(context.Background(), "/paper/01950000-0000-7000-8000-00000000000a/file/memo/download")
	if err != nil || !ref.Memo || !ref.Download || ref.CaseID != "01950000-0000-7000-8000-00000000000a" {
		t.Errorf("memo ref %+v %v", ref, err)
	}
}

func TestPagingAndFilters(t *testing.T) {
	svc := newFixture().service(1)
	list := "/body/ITN/person"
	first := get(t, svc, list, nil)
	pag := first["pagination"].(map[string]any)
	if pag["totalElements"] != 5.0 || pag["totalPages"] != 5.0 || len(first["data"].([]any)) != 1 {
		t.Fatalf("pagination %v", pag)
	}
	links := first["links"].(map[string]any)
	if links["next"] != svc.Site.Base+list+"?page=2" || links["prev"] != nil || links["last"] != svc.Site.Base+list+"?page=5" {
		t.Errorf("links %v", links)
	}
	// Filters are kept in every link, in one canonical order.
	q := url.Values{"limit": {"1"}, "modified_since": {"2026-01-01T00:00:00+01:00"}, "page": {"2"}}
	page2 := get(t, svc, list, q)
	l2 := page2["links"].(map[string]any)
	if l2["self"] != svc.Site.Base+list+"?limit=1&modified_since=2026-01-01T00%3A00%3A00%2B01%3A00&page=2" ||
		l2["prev"] != svc.Site.Base+list+"?limit=1&modified_since=2026-01-01T00%3A00%3A00%2B01%3A00" {
		t.Errorf("filtered links %v", l2)
	}
	if n := get(t, svc, list, url.Values{"created_since": {"2030-01-01T00:00:00+01:00"}})["pagination"].(map[string]any)["totalElements"]; n != 0.0 {
		t.Errorf("created_since in the future kept %v", n)
	}
	for _, bad := range []url.Values{{"page": {"0"}}, {"page": {"x"}}, {"limit": {"-1"}}, {"modified_since": {"2026-01-01"}},
		{"omit_internal": {"yes"}}} {
		_, err := svc.Get(context.Background(), list, bad)
		if f := fault.From(err); err == nil || f.Kind != fault.Invalid || len(f.Fields) != 1 {
			t.Errorf("query %v: %v, want a 400 naming the parameter", bad, err)
		}
	}
	if _, err := svc.Get(context.Background(), list, url.Values{"page": {"6"}}); !IsNotFound(err) {
		t.Errorf("page past the end: %v", err)
	}
}

func TestExtensionSchemaCoversEveryProperty(t *testing.T) {
	var doc struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(ExtensionSchema, &doc); err != nil {
		t.Fatal(err)
	}
	for prop, def := range ExtensionProperties {
		if doc.Defs[def] == nil {
			t.Errorf("%s: no $defs/%s", prop, def)
		}
	}
	b, err := os.ReadFile("../../docs/oparl.md")
	if err != nil {
		t.Fatal(err)
	}
	for prop := range ExtensionProperties {
		if !strings.Contains(string(b), "`"+prop+"`") {
			t.Errorf("docs/oparl.md does not document %s", prop)
		}
	}
}

// The validator must be able to fail: objects that break the schemas are
// refused.
func TestValidatorRefusesBadObjects(t *testing.T) {
	v := oparltest.New(t, ExtensionSchema, ExtensionProperties)
	for name, tc := range map[string]struct {
		typ string
		obj string
	}{
		"date as date-time": {"Meeting", `{"id":"https://x.se/m/1","type":"https://schema.oparl.org/1.1/Meeting","start":"2026-03-12"}`},
		"Z offset":          {"Meeting", `{"id":"https://x.se/m/1","type":"https://schema.oparl.org/1.1/Meeting","start":"2026-03-12T13:00:00Z"}`},
		"body lists":        {"Body", `{"id":"https://x.se/b/1","type":"https://schema.oparl.org/1.1/Body","name":"N"}`},
		"relative id":       {"Paper", `{"id":"/paper/1","type":"https://schema.oparl.org/1.1/Paper"}`},
		"wrong type":        {"Paper", `{"id":"https://x.se/p/1","type":"https://schema.oparl.org/1.1/Meeting"}`},
		"embedded file":     {"Paper", `{"id":"https://x.se/p/1","type":"https://schema.oparl.org/1.1/Paper","mainFile":{"id":"https://x.se/f/1","type":"https://schema.oparl.org/1.1/File"}}`},
		"unknown property":  {"Paper", `{"id":"https://x.se/p/1","type":"https://schema.oparl.org/1.1/Paper","title":"x"}`},
		"bad extension":     {"AgendaItem", `{"id":"https://x.se/a/1","type":"https://schema.oparl.org/1.1/AgendaItem","order":1,"samstyr:paragraph":{"number":0,"outcome":"ja","immediate":false}}`},
		"unknown extension": {"Paper", `{"id":"https://x.se/p/1","type":"https://schema.oparl.org/1.1/Paper","samstyr:secret":true}`},
	} {
		var obj map[string]any
		if err := json.Unmarshal([]byte(tc.obj), &obj); err != nil {
			t.Fatal(err)
		}
		inner := &testing.T{}
		v.Validate(inner, name, tc.typ, obj)
		if !inner.Failed() {
			t.Errorf("%s: accepted %s", name, tc.obj)
		}
	}
}
