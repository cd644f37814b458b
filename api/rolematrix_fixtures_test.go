package api_test

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// matrixEnv is one running instance shared by every row of the role
// matrix, with a token per caller and the fixtures made so far.
type matrixEnv struct {
	t      *testing.T
	env    *apptest.Env
	tokens map[string]string
	cache  map[string]vals
	ids    []string // every case, decision and meeting id made, for the scoped checks
	n      *int     // fixtures made, for unique dates
}

// newMatrixEnv starts the instance and adds the callers the demo lacks: a
// handläggare of another board and one whose assignment on ITN has ended.
func newMatrixEnv(t *testing.T) *matrixEnv {
	env := apptest.New(t)
	ctx := t.Context()
	if _, err := env.App.Boards.InsertBoard(ctx, board.Board{Code: "KFN", Name: "Kultur- och fritidsnämnden", Kind: board.KindBoard,
		Organisation: "Borgholms kommun", CreatedAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	from := platform.MustParseDate("2023-01-01")
	for _, nu := range []identity.NewUser{
		{Username: "utomstaende", Name: "Ulla Utom", Password: apptest.DemoPassword,
			Roles: []identity.RoleAssignment{{Board: "KFN", Role: identity.RoleHandlaggare, ValidFrom: from}}},
		{Username: "fd-handlaggare", Name: "Fredrik Förr", Password: apptest.DemoPassword,
			Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleHandlaggare, ValidFrom: from, ValidTo: platform.MustParseDate("2026-02-28")}}},
	} {
		if _, err := env.App.Identity.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
	}
	m := &matrixEnv{t: t, env: env, tokens: map[string]string{}, cache: map[string]vals{}, n: new(int)}
	for _, c := range matrixCallers {
		if c != anonymous {
			m.tokens[c] = env.Token(c)
		}
	}
	return m
}

// with reports failures to t (a subtest).
func (m *matrixEnv) with(t *testing.T) *matrixEnv {
	c := *m
	c.t, c.env = t, m.env.With(t)
	return &c
}

// must sends a request that has to succeed with status and returns the
// JSON body.
func (m *matrixEnv) must(status int, caller, method, path string, ifMatch any, body any) map[string]any {
	m.t.Helper()
	h := map[string]string{}
	if ifMatch != nil {
		h["If-Match"] = fmt.Sprintf(`"%v"`, ifMatch)
	}
	r := m.env.Do(apptest.Request{Method: method, Path: path, Token: m.tokens[caller], Body: body, Header: h})
	if r.Status != status {
		m.t.Fatalf("fixture: %s %s %s: %d %s", caller, method, path, r.Status, r.Body)
	}
	return r.JSON(m.t)
}

func num(x any) string { return strconv.FormatInt(int64(x.(float64)), 10) }

// fixture returns the values of a fixture: a fresh one, or the cached one
// of its kind for rows that only read.
func (m *matrixEnv) fixture(kind string) vals {
	m.t.Helper()
	if kind == "" {
		return vals{}
	}
	if v, ok := m.cache[kind]; ok {
		return v
	}
	v := m.make(kind)
	m.cache[kind] = v
	return v
}

// make makes a new fixture of kind.
func (m *matrixEnv) make(kind string) vals {
	m.t.Helper()
	*m.n++
	n := *m.n
	switch kind {
	case "":
		return vals{}
	case "case":
		c := m.must(http.StatusCreated, "handlaggare", http.MethodPost, "/api/v1/cases", nil,
			map[string]string{"board": "ITN", "title": fmt.Sprintf("Rollmatrisens ärende %d", n)})
		_, year, seq, err := cases.ParseNumber(c["registration_number"].(string))
		if err != nil {
			m.t.Fatal(err)
		}
		m.ids = append(m.ids, c["id"].(string))
		return vals{"id": c["id"].(string), "version": num(c["version"]), "year": strconv.Itoa(year), "seq": strconv.FormatInt(seq, 10)}
	case "case_memo":
		v := m.make("case")
		m.must(http.StatusOK, "handlaggare", http.MethodPut, "/api/v1/cases/"+v["id"]+"/memo", 0, seedMemo)
		second := maps.Clone(seedMemo)
		second["title"] = "Översyn av samverkansavtal, andra versionen"
		m.must(http.StatusOK, "handlaggare", http.MethodPut, "/api/v1/cases/"+v["id"]+"/memo", 1, second)
		return m.reload(v)
	case "case_preparing":
		v := m.make("case")
		m.must(http.StatusOK, "handlaggare", http.MethodPut, "/api/v1/cases/"+v["id"]+"/memo", 0, seedMemo)
		return m.fire(m.reload(v), "handlaggare", "start")
	case "case_ready":
		return m.fire(m.make("case_preparing"), "handlaggare", "submit")
	case "case_decided":
		// A delegated decision moves it to beslutad (nobody fires decide).
		v := m.make("case_ready")
		m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/cases/"+v["id"]+"/decisions", v["version"],
			map[string]any{"kind": "delegation", "point_code": "A16"})
		return m.reload(v)
	case "case_jav", "case_jav_self":
		// The IT-chef is jävig: recorded by the sekreterare, or declared
		// by the IT-chef.
		v := m.make("case")
		by := "sekreterare"
		if kind == "case_jav_self" {
			by = "it-chef"
		}
		c := m.must(http.StatusOK, by, http.MethodPost, "/api/v1/cases/"+v["id"]+"/jav", v["version"],
			map[string]any{"person": "it-chef", "ground": "Närstående äger leverantören"})
		v["version"] = num(c["version"])
		return v
	case "case_closed":
		return m.fire(m.make("case_decided"), "handlaggare", "close")
	case "case_document":
		v := m.make("case")
		r := upload(m.t, m.env, m.tokens["handlaggare"], v["id"], map[string]string{"direction": "inkommande", "description": "Skrivelse"},
			"skrivelse.txt", []byte("Skrivelse\n"))
		if r.Status != http.StatusCreated {
			m.t.Fatalf("fixture upload: %d %s", r.Status, r.Body)
		}
		v["no"] = num(r.JSON(m.t)["no"])
		return v
	case "decision":
		v := m.make("case_ready")
		d := m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/cases/"+v["id"]+"/decisions", v["version"],
			map[string]any{"kind": "delegation", "point_code": "A16"})
		v["decision"] = d["id"].(string)
		m.ids = append(m.ids, v["decision"])
		return v
	case "decision_to_report":
		// A signed decision and nothing else to report: what earlier rows
		// left pending (urgent decisions, which every anmälan must
		// include, KL 6:40) is reported by hand first.
		var ids []string
		for _, it := range m.must(http.StatusOK, "sekreterare", http.MethodGet, "/api/v1/boards/ITN/reports/pending", nil, nil)["items"].([]any) {
			ids = append(ids, it.(map[string]any)["decision"].(map[string]any)["id"].(string))
		}
		if len(ids) > 0 {
			m.must(http.StatusOK, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/reports", nil,
				map[string]any{"decision_ids": ids, "meeting_ref": "ITN 2026-02-26 § 1"})
		}
		return m.make("decision_signed")
	case "decision_case":
		// A decision with its case's current version.
		return m.reload(m.make("decision"))
	case "decision_notified":
		v := m.make("decision_case")
		m.must(http.StatusCreated, "handlaggare", http.MethodPost, "/api/v1/cases/"+v["id"]+"/notifications", v["version"],
			map[string]any{"decision": v["decision"], "party": "Leverantören AB", "manner": "brev"})
		return m.reload(v)
	case "case_ready_chair_away":
		// The ordförande's absence today is recorded, so the vice
		// ordförande may decide citing it.
		m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/absences", nil,
			map[string]any{"username": "ordforande", "from": "2026-03-02", "to": "2026-03-02", "note": "Sjuk"})
		return m.make("case_ready")
	case "absence":
		a := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/absences", nil,
			map[string]any{"username": "ordforande", "from": "2026-04-01", "to": "2026-04-10", "note": "Semester"})
		return vals{"absence": a["id"].(string)}
	case "decision_signed":
		v := m.make("decision")
		m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/decisions/"+v["decision"]+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		return v
	case "order_draft":
		o := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/delegation-orders", nil,
			map[string]any{"title": "Utkast", "points": []map[string]any{{"code": "A16", "matter": "Avtal med bolagen", "delegate": "ordforande", "report_to": "namnd"}}})
		return vals{"no": num(o["number"]), "version": num(o["version"]), "valid_from": platform.MustParseDate("2030-01-01").AddDays(n).String()}
	case "period":
		y := strconv.Itoa(2031 + n%60)
		return vals{"valid_from": y + "-01-01", "valid_to": y + "-12-31", "from_year": y}
	case "meeting_planned":
		m.make("case_ready") // so the agenda has a case and the Anmälan item
		mt := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
			map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}})
		m.ids = append(m.ids, mt["id"].(string))
		return vals{"id": mt["id"].(string), "version": num(mt["version"]), "item": strconv.Itoa(len(mt["agenda"].([]any)) - 1)}
	case "meeting_to_call":
		// A planned meeting whose kallelse is to be sent, planned without
		// a new ready case of its own (a fresh one for every caller would
		// crowd the later fixtures' ärenden off their agendas).
		mt := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
			map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}})
		m.ids = append(m.ids, mt["id"].(string))
		return vals{"id": mt["id"].(string), "version": num(mt["version"])}
	case "meeting_planned_case":
		// A planned meeting and a ready case not on its agenda.
		v := m.make("meeting_planned")
		v["case"] = m.make("case_ready")["id"]
		return v
	case "meeting_open":
		v := m.make("meeting_planned")
		return m.meeting(v, m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+v["id"]+"/status", v["version"], map[string]string{"status": "pagaende"}))
	case "meeting_closed":
		v := m.make("meeting_open")
		p := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/meetings/"+v["id"]+"/paragraphs", nil,
			map[string]any{"item": m.atoi(v["item"]), "outcome": "anmalan"})
		v["no"] = num(p["no"])
		cur := m.must(http.StatusOK, "sekreterare", http.MethodGet, "/api/v1/meetings/"+v["id"], nil, nil)
		return m.meeting(v, m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+v["id"]+"/status", cur["version"], map[string]string{"status": "avslutat"}))
	case "meeting_justerad":
		v := m.make("meeting_closed")
		m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/meetings/"+v["id"]+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		return m.meeting(v, m.must(http.StatusCreated, "vice-ordforande", http.MethodPost, "/api/v1/meetings/"+v["id"]+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}))
	case "meeting_noticed":
		// Announced on both members' anslagstavlor: the appeal period runs.
		v := m.make("meeting_justerad")
		v = m.meeting(v, m.must(http.StatusOK, "sekreterare", http.MethodPost, "/api/v1/meetings/"+v["id"]+"/notices", v["version"],
			map[string]string{"member": "0885", "posted_on": "2026-03-02", "location": "Kommunkansliet"}))
		return m.meeting(v, m.must(http.StatusOK, "sekreterare", http.MethodPost, "/api/v1/meetings/"+v["id"]+"/notices", v["version"],
			map[string]string{"member": "0840", "posted_on": "2026-03-02", "location": "Kommunkansliet"}))
	case "archive_profile":
		// The board's archive profile with the classes the plans name.
		p := m.must(http.StatusOK, "arkivarie", http.MethodGet, "/api/v1/boards/ITN/archive-profile", nil, nil)
		if len(p["classes"].([]any)) == 0 {
			p = m.must(http.StatusOK, "arkivarie", http.MethodPut, "/api/v1/boards/ITN/archive-profile", num(p["version"]), map[string]any{
				"scheme_name": "Klassificeringsstruktur för Ölands IT-nämnd",
				"classes":     []map[string]string{{"code": "1.1", "name": "Styrning och ledning"}, {"code": "2.3", "name": "Avtal och upphandling"}}})
		}
		return vals{"version": num(p["version"])}
	case "case_archived":
		// A handling, then makulerat by the sekreterare and archived by
		// the arkivarie.
		v := m.reload(m.make("case_document"))
		c := m.must(http.StatusOK, "sekreterare", http.MethodPost, "/api/v1/cases/"+v["id"]+"/events/void", v["version"],
			map[string]string{"note": "Felregistrerat"})
		v["version"] = num(c["version"])
		return m.fire(v, "arkivarie", "archive")
	case "gallring_decision":
		// A nämnd decision on gallring: a § (bifall) of a justerat
		// protocol whose att-sats decides gallring under the plan.
		m.make("archive_profile")
		if plans := m.must(http.StatusOK, "arkivarie", http.MethodGet, "/api/v1/boards/ITN/retention-plans", nil, nil); len(plans["items"].([]any)) == 0 {
			body, ct := multipartBody(m.t, map[string]string{"title": "IHP"}, "ihp.csv",
				[]byte("Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n1.1;Styrning;Bevaras;;§ 1.1\n2.3;Avtal;Gallras;2;§ 2.3\n"))
			if r := m.env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/retention-plans", Token: m.tokens["arkivarie"],
				Body: body.Bytes(), Header: map[string]string{"Content-Type": ct}}); r.Status != http.StatusCreated {
				m.t.Fatalf("fixture plan: %d %s", r.Status, r.Body)
			}
		}
		ready := m.make("case_ready")
		mt := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
			map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}})
		id := mt["id"].(string)
		m.ids = append(m.ids, id)
		item := -1
		for i, it := range mt["agenda"].([]any) {
			if it.(map[string]any)["case_id"] == ready["id"] {
				item = i
			}
		}
		mt = m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+id+"/status", mt["version"], map[string]string{"status": "pagaende"})
		p := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil,
			map[string]any{"item": item, "outcome": "bifall", "clauses": []string{"gallra handlingarna enligt informationshanteringsplanen"}})
		cur := m.must(http.StatusOK, "sekreterare", http.MethodGet, "/api/v1/meetings/"+id, nil, nil)
		m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+id+"/status", cur["version"], map[string]string{"status": "avslutat"})
		m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/meetings/"+id+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		m.must(http.StatusCreated, "vice-ordforande", http.MethodPost, "/api/v1/meetings/"+id+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		return vals{"id": id, "no": num(p["no"]), "case": ready["id"]}
	case "oparl":
		return m.oparlFixture()
	case "request", "request_pdf":
		// A request for a case's handling (item 1) and for something in
		// words (item 2), registered by the handläggare.
		fix := "case_document"
		if kind == "request_pdf" {
			fix = "case_pdf"
		}
		c := m.make(fix)
		dnr := m.must(http.StatusOK, "handlaggare", http.MethodGet, "/api/v1/cases/"+c["id"], nil, nil)["registration_number"].(string)
		r := m.must(http.StatusCreated, "handlaggare", http.MethodPost, "/api/v1/boards/ITN/disclosure-requests", nil, map[string]any{
			"received_at": "2026-03-02T08:00:00+01:00", "channel": "epost", "asked": "Skrivelsen från Mörbylånga",
			"items": []map[string]any{{"registration_number": dnr, "document_no": 1}, {"description": "Protokollet från mars"}}})
		return vals{"id": r["id"].(string), "version": num(r["version"])}
	case "request_refused":
		v := m.make("request")
		r := m.must(http.StatusCreated, "it-chef", http.MethodPost, "/api/v1/disclosure-requests/"+v["id"]+"/refusals", v["version"],
			map[string]any{"items": []int{2}, "lagrum": []string{"OSL 21 kap. 1 §"}, "reasoning": "Sekretess.", "court": "Kammarrätten i Jönköping",
				"password": apptest.DemoPassword})
		return vals{"id": v["id"], "version": num(r["version"]), "no": "1"}
	case "case_pdf":
		v := m.make("case")
		r := upload(m.t, m.env, m.tokens["handlaggare"], v["id"], map[string]string{"direction": "inkommande", "description": "Ansökan"},
			"ansokan.pdf", letterPDF(m.t))
		if r.Status != http.StatusCreated {
			m.t.Fatalf("fixture upload: %d %s", r.Status, r.Body)
		}
		return v
	case "role_assignment":
		y := strconv.Itoa(2040 + n%150)
		a := m.must(http.StatusCreated, "admin", http.MethodPost, "/api/v1/users/fd-handlaggare/roles", nil,
			map[string]string{"board": "ITN", "role": "registrator", "valid_from": y + "-01-01", "valid_to": y + "-12-31"})
		return vals{"role": a["id"].(string), "valid_to": y + "-06-30"}
	case "seat":
		u := fmt.Sprintf("mandat-%d", n)
		m.must(http.StatusCreated, "admin", http.MethodPost, "/api/v1/users", nil, map[string]string{"username": u, "name": "Mandat " + strconv.Itoa(n)})
		st := m.must(http.StatusCreated, "admin", http.MethodPost, "/api/v1/boards/ITN/seats", nil,
			map[string]any{"holder": u, "kind": "ersattare", "order": 1, "party": "Matrispartiet " + strconv.Itoa(n), "valid_from": "2026-01-01"})
		return vals{"seat": st["id"].(string)}
	}
	m.t.Fatalf("role_matrix.yaml: unknown fixture %q", kind)
	return nil
}

func (m *matrixEnv) atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		m.t.Fatal(err)
	}
	return n
}

// reload reads the case's current version.
func (m *matrixEnv) reload(v vals) vals {
	c := m.must(http.StatusOK, "handlaggare", http.MethodGet, "/api/v1/cases/"+v["id"], nil, nil)
	v["version"] = num(c["version"])
	return v
}

// fire fires event on the fixture's case as caller.
func (m *matrixEnv) fire(v vals, caller, event string) vals {
	m.t.Helper()
	c := m.must(http.StatusOK, caller, http.MethodPost, "/api/v1/cases/"+v["id"]+"/events/"+event, v["version"], nil)
	if st := c["state"].(string); strings.TrimSpace(st) == "" {
		m.t.Fatalf("fixture %s: no state", event)
	}
	v["version"] = num(c["version"])
	return v
}

// meeting takes the meeting's new version from a response.
func (m *matrixEnv) meeting(v vals, mt map[string]any) vals {
	v["version"] = num(mt["version"])
	return v
}

// oparlFixture is a public ärende (with a handling and an upprättad
// tjänsteskrivelse) decided at a justerat meeting: everything the OParl
// API publishes, with the ids its paths need.
func (m *matrixEnv) oparlFixture() vals {
	m.t.Helper()
	v := m.make("case_document")
	doc := v["no"]
	m.must(http.StatusOK, "handlaggare", http.MethodPut, "/api/v1/cases/"+v["id"]+"/memo", 0, seedMemo)
	v = m.fire(m.fire(m.reload(v), "handlaggare", "start"), "handlaggare", "submit")
	m.must(http.StatusOK, "handlaggare", http.MethodPost, "/api/v1/cases/"+v["id"]+"/memo/dispatch", v["version"], map[string]string{"recipient": "MBAB"})
	mt := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}})
	mid := mt["id"].(string)
	m.ids = append(m.ids, mid)
	m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+mid+"/status", mt["version"], map[string]string{"status": "pagaende"})
	item := -1
	for i, it := range mt["agenda"].([]any) {
		if it.(map[string]any)["case_id"] == v["id"] {
			item = i
		}
	}
	p := m.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/meetings/"+mid+"/paragraphs", nil,
		map[string]any{"item": item, "outcome": "bifall", "clauses": []string{"avtalet godkänns"}})
	cur := m.must(http.StatusOK, "sekreterare", http.MethodGet, "/api/v1/meetings/"+mid, nil, nil)
	m.must(http.StatusOK, "sekreterare", http.MethodPut, "/api/v1/meetings/"+mid+"/status", cur["version"], map[string]string{"status": "avslutat"})
	m.must(http.StatusCreated, "ordforande", http.MethodPost, "/api/v1/meetings/"+mid+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	m.must(http.StatusCreated, "vice-ordforande", http.MethodPost, "/api/v1/meetings/"+mid+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	me := m.must(http.StatusOK, "ordforande", http.MethodGet, "/api/v1/me", nil, nil)
	return vals{"id": v["id"], "meeting": mid, "para": num(p["no"]), "doc": doc, "person": me["id"].(string)}
}
