package api_test

import (
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// The tests in this file check issue 15's rules of law on the real API, on
// SQLite and on the Mongo backend, each asserting the exact dates the API
// answers. ITN is a gemensam nämnd of Borgholm (0885) and Mörbylånga
// (0840); the clock starts Monday 2 March 2026, 09:00.

// lawAt sets the clock to 09:00 on day (Europe/Stockholm).
func lawAt(env *apptest.Env, day string) {
	d := platform.MustParseDate(day)
	env.Clock.Set(time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, platform.Stockholm))
}

// lawPlan plans an ITN meeting at 13:00 on day and returns it.
func lawPlan(t *testing.T, env *apptest.Env, day string) map[string]any {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: env.Token("sekreterare"),
		Body: map[string]any{"starts_at": day + "T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}})
	if r.Status != http.StatusCreated {
		t.Fatalf("plan %s: %d %s", day, r.Status, r.Body)
	}
	return r.JSON(t)
}

// lawGet returns the meeting id.
func lawGet(t *testing.T, env *apptest.Env, id string) map[string]any {
	t.Helper()
	r := meetingDo(t, env, env.Token("sekreterare"), http.MethodGet, "/api/v1/meetings/"+id, nil, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET meeting: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)
}

// lawOpen opens meeting id (the clock must be on its day).
func lawOpen(t *testing.T, env *apptest.Env, id string) {
	t.Helper()
	r := meetingDo(t, env, env.Token("sekreterare"), http.MethodPut, "/api/v1/meetings/"+id+"/status", lawGet(t, env, id)["version"], map[string]any{"status": "pagaende"})
	if r.Status != http.StatusOK {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
}

// lawRecord records agenda item i: bifall for an ärende, anmälan for the
// anmälan item; it returns the paragraph.
func lawRecord(t *testing.T, env *apptest.Env, id string, i int) map[string]any {
	t.Helper()
	item := lawGet(t, env, id)["agenda"].([]any)[i].(map[string]any)
	outcome := "bifall"
	if item["kind"] == "delegation_report" {
		outcome = "anmalan"
	}
	r := meetingDo(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil,
		map[string]any{"item": i, "outcome": outcome, "clauses": []string{"nämnden beslutar enligt förslaget"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("record item %d: %d %s", i, r.Status, r.Body)
	}
	return r.JSON(t)
}

// lawCloseAndJustera closes meeting id and has the chair and the justerare
// sign it (on the clock's day); it returns the justerat meeting.
func lawCloseAndJustera(t *testing.T, env *apptest.Env, id string) map[string]any {
	t.Helper()
	r := meetingDo(t, env, env.Token("sekreterare"), http.MethodPut, "/api/v1/meetings/"+id+"/status", lawGet(t, env, id)["version"], map[string]any{"status": "avslutat"})
	if r.Status != http.StatusOK {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	var m map[string]any
	for _, who := range []string{"ordforande", "vice-ordforande"} {
		r := meetingDo(t, env, env.Token(who), http.MethodPost, "/api/v1/meetings/"+id+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		if r.Status != http.StatusCreated {
			t.Fatalf("signature of %s: %d %s", who, r.Status, r.Body)
		}
		m = r.JSON(t)
	}
	if m["status"] != "justerat" {
		t.Fatalf("after both signatures: %v", m["status"])
	}
	return m
}

// lawMeeting holds a whole meeting on day: planned, opened, every agenda
// item recorded, closed and justerat on day.
func lawMeeting(t *testing.T, env *apptest.Env, day string) map[string]any {
	t.Helper()
	lawAt(env, day)
	id := lawPlan(t, env, day)["id"].(string)
	lawOpen(t, env, id)
	for i := range lawGet(t, env, id)["agenda"].([]any) {
		lawRecord(t, env, id, i)
	}
	return lawCloseAndJustera(t, env, id)
}

// lawPost posts the justering of meeting id on member's anslagstavla on
// postedOn (entered on the clock's day).
func lawPost(t *testing.T, env *apptest.Env, id, member, postedOn string) apptest.Response {
	t.Helper()
	return meetingDo(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/meetings/"+id+"/notices", lawGet(t, env, id)["version"],
		map[string]any{"member": member, "posted_on": postedOn, "location": "Kommunkansliet"})
}

// lawPublic returns meeting id's entry on the public anslagstavla (GET
// without a login).
func lawPublic(t *testing.T, env *apptest.Env, id string) map[string]any {
	t.Helper()
	for _, it := range env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices"}).JSON(t)["items"].([]any) {
		if it := it.(map[string]any); it["meeting_id"] == id {
			return it
		}
	}
	t.Fatalf("meeting %s is not on the public anslagstavla", id)
	return nil
}

// memberCodes lists the member codes of a list of notice boards.
func memberCodes(v any) []any {
	var out []any
	for _, m := range asSlice(v) {
		out = append(out, m.(map[string]any)["member"])
	}
	return out
}

func pendingMembers(m map[string]any) []string {
	var out []string
	for _, p := range m["pending_notices"].([]any) {
		out = append(out, p.(map[string]any)["member"].(string))
	}
	return out
}

// TestLawJointBoardAppealRunsFromTheLastPosting (KL 13:5, DOMAIN.md
// §3.3): the protocol of a gemensam nämnd posted by one member only has
// no appeal end and no legal status, and names the member that has not
// posted; once both have, the appeal end is three weeks after the LATEST
// posting (whatever order they were entered in), moved forward to the
// next weekday under Lag (1930:173) when it falls on a Saturday, Sunday
// or holiday.
func TestLawJointBoardAppealRunsFromTheLastPosting(t *testing.T) {
	cases := []struct {
		name                 string
		first, second        [2]string // member, posted on (entered in this order)
		enteredOn            string    // the day both are entered
		wantEnd, wantLagaDay string
	}{
		// Latest Thu 2026-03-05 + 21 days = Thu 2026-03-26.
		{"weekday", [2]string{"0885", "2026-03-03"}, [2]string{"0840", "2026-03-05"}, "2026-03-05", "2026-03-26", "2026-03-27"},
		// Latest Fri 2026-03-13 (entered first) + 21 = Långfredag 2026-04-03;
		// påskafton, påskdagen, annandag påsk: Tue 2026-04-07.
		{"latest entered first, ends on Långfredag", [2]string{"0840", "2026-03-13"}, [2]string{"0885", "2026-03-04"}, "2026-03-13", "2026-04-07", "2026-04-08"},
		// Latest Sat 2026-03-07 + 21 = Sat 2026-03-28: Mon 2026-03-30.
		{"ends on a Saturday", [2]string{"0885", "2026-03-07"}, [2]string{"0840", "2026-03-06"}, "2026-03-09", "2026-03-30", "2026-03-31"},
	}
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				m := lawMeeting(t, env, "2026-03-02")
				id := m["id"].(string)
				if m["appeal_end"] != nil || !slices.Equal(pendingMembers(m), []string{"0885", "0840"}) {
					t.Fatalf("justerat, not posted: appeal end %v, pending %v", m["appeal_end"], m["pending_notices"])
				}
				lawAt(env, tc.enteredOn)
				r := lawPost(t, env, id, tc.first[0], tc.first[1])
				one := r.JSON(t)
				if r.Status != http.StatusOK || one["appeal_end"] != nil || one["legal_status"] != "" || !slices.Equal(pendingMembers(one), []string{tc.second[0]}) {
					t.Fatalf("posted by %s only: %d appeal end %v, legal status %q, not yet posted %v", tc.first[0], r.Status, one["appeal_end"], one["legal_status"], one["pending_notices"])
				}
				if pub := lawPublic(t, env, id); pub["appeal_end"] != nil || !slices.Equal(strs(memberCodes(pub["not_yet_posted"])), []string{tc.second[0]}) {
					t.Errorf("the public anslagstavla after one member's posting: appeal end %v, not yet posted %v", pub["appeal_end"], pub["not_yet_posted"])
				}
				r = lawPost(t, env, id, tc.second[0], tc.second[1])
				both := r.JSON(t)
				if r.Status != http.StatusOK || both["appeal_end"] != tc.wantEnd || len(pendingMembers(both)) != 0 {
					t.Fatalf("both posted: %d appeal end %v, want %s; pending %v", r.Status, both["appeal_end"], tc.wantEnd, both["pending_notices"])
				}
				if both["laga_kraft_on"] != tc.wantLagaDay || both["legal_status"] != "anslag" {
					t.Errorf("laga kraft on %v (status %v), want %s (anslag)", both["laga_kraft_on"], both["legal_status"], tc.wantLagaDay)
				}
				if pub := lawPublic(t, env, id); pub["appeal_end"] != tc.wantEnd || len(asSlice(pub["not_yet_posted"])) != 0 {
					t.Errorf("the public anslagstavla after both postings: appeal end %v, want %s; not yet posted %v", pub["appeal_end"], tc.wantEnd, pub["not_yet_posted"])
				}
				// On the end day the period still runs; the day after, laga kraft.
				lawAt(env, tc.wantEnd)
				if st := lawGet(t, env, id)["legal_status"]; st != "anslag" {
					t.Errorf("on the appeal end %s: %v, want anslag", tc.wantEnd, st)
				}
				lawAt(env, tc.wantLagaDay)
				if st := lawGet(t, env, id)["legal_status"]; st != "laga_kraft" {
					t.Errorf("on %s: %v, want laga_kraft", tc.wantLagaDay, st)
				}
			})
		}
	})
}

// TestLawAnmalanExactlyOnce (KL 6:40, 7:8): with two meetings planned
// before any decision, a delegationsbeslut taken after planning is
// reported by the anmälan § of the meeting that records its § first,
// and only there: the other meeting's anmälan § does not contain it; a
// decision taken after that § was recorded is reported at the next one;
// an unsigned decision is reported too, flagged ej signerat.
func TestLawAnmalanExactlyOnce(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		first := lawPlan(t, env, "2026-03-02")["id"].(string)
		second := lawPlan(t, env, "2026-03-09")["id"].(string)
		reportItem := func(id string) int {
			for i, it := range lawGet(t, env, id)["agenda"].([]any) {
				if it.(map[string]any)["kind"] == "delegation_report" {
					return i
				}
			}
			t.Fatalf("meeting %s has no anmälan item", id)
			return -1
		}
		taken := decideAndSign(t, env, "Avtal med MBAB om support") // after both were planned
		unsigned := decidedUnsigned(t, env, "Avtal med BHEM om nätdrift")
		lawOpen(t, env, first)
		p := lawRecord(t, env, first, reportItem(first))
		if ds := strings.Join(strs(p["decisions"]), ","); ds != strings.Join(sorted(taken, unsigned), ",") {
			t.Fatalf("the first anmälan § reports %v, want %s and %s", p["decisions"], taken, unsigned)
		}
		if u := strs(p["unsigned"]); !slices.Equal(u, []string{unsigned}) {
			t.Errorf("ej signerat: %v, want %s", u, unsigned)
		}
		sek := env.Token("sekreterare")
		if items := env.Call(t, sek, http.MethodGet, "/api/v1/boards/ITN/reports/pending", nil, nil)["items"].([]any); len(items) != 0 {
			t.Errorf("reported decisions still pending: %v", items)
		}
		later := decideAndSign(t, env, "Avtal med KLT om drift") // after the first § was recorded
		lawAt(env, "2026-03-09")
		lawOpen(t, env, second)
		p = lawRecord(t, env, second, reportItem(second))
		sek = env.Token("sekreterare")
		if ds := strs(p["decisions"]); !slices.Equal(ds, []string{later}) {
			t.Errorf("the second anmälan § reports %v, want only %s (never %s or %s again)", ds, later, taken, unsigned)
		}
		for did, ref := range map[string]string{taken: "ITN 2026-03-02 §", unsigned: "ITN 2026-03-02 §", later: "ITN 2026-03-09 §"} {
			d := env.Call(t, sek, http.MethodGet, "/api/v1/decisions/"+did, nil, nil)
			if rp, _ := d["reporting"].(map[string]any); rp == nil || !strings.HasPrefix(fmt.Sprint(rp["meeting_ref"]), ref) {
				t.Errorf("decision %s reported at %v, want %s", did, d["reporting"], ref)
			}
		}
	})
}

// decidedUnsigned takes a delegated A16 decision by the chair and does not
// sign it.
func decidedUnsigned(t *testing.T, env *apptest.Env, title string) string {
	t.Helper()
	id, v := readyCase(t, env, title)
	return env.Call(t, env.Token("ordforande"), http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)["id"].(string)
}

func strs(v any) []string {
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, x.(string))
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func sorted(s ...string) []string { slices.Sort(s); return s }

// agendaCases lists the case ids on a meeting's agenda, in order ("" for
// the anmälan item).
func agendaCases(m map[string]any) []string {
	var out []string
	for _, it := range m["agenda"].([]any) {
		id, _ := it.(map[string]any)["case_id"].(string)
		out = append(out, id)
	}
	return out
}

// TestLawAgendaChangesUntilTheMeetingOpens: before the meeting opens, an
// ärende made ready after planning is added, items are moved and removed;
// once the meeting is opened, removing an item is refused with a 4xx
// problem and nothing is stored.
func TestLawAgendaChangesUntilTheMeetingOpens(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a, _ := readyCase(t, env, "Avtal om IT-säkerhet")
		b, _ := readyCase(t, env, "Ny IT-strategi")
		m := lawPlan(t, env, "2026-03-02")
		id := m["id"].(string)
		if got := agendaCases(m); !slices.Equal(got, []string{a, b, ""}) {
			t.Fatalf("planned agenda %v", got)
		}
		c, _ := readyCase(t, env, "Avtal om skrivare")
		sek := env.Token("sekreterare")
		change := func(method, path string, body any) map[string]any {
			t.Helper()
			r := meetingDo(t, env, sek, method, "/api/v1/meetings/"+id+path, lawGet(t, env, id)["version"], body)
			if r.Status != http.StatusOK {
				t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
			}
			return r.JSON(t)
		}
		if got := agendaCases(change(http.MethodPost, "/agenda-items", map[string]any{"case_id": c})); !slices.Contains(got, c) || len(got) != 4 {
			t.Fatalf("after adding %s: %v", c, got)
		}
		if got := agendaCases(change(http.MethodPost, "/agenda-moves", map[string]any{"index": 1, "direction": -1})); !slices.Equal(got[:2], []string{b, a}) {
			t.Fatalf("after moving item 1 up: %v", got)
		}
		got := agendaCases(change(http.MethodDelete, "/agenda-items/0", nil))
		if slices.Contains(got, b) || len(got) != 3 {
			t.Fatalf("after removing item 0 (%s): %v", b, got)
		}
		lawOpen(t, env, id)
		before, snap := lawGet(t, env, id), env.Snapshot(t)
		for _, path := range []string{"/agenda-items/0", "/agenda-items/1"} {
			r := meetingDo(t, env, sek, http.MethodDelete, "/api/v1/meetings/"+id+path, before["version"], nil)
			if r.Status < 400 || r.Status >= 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") || r.JSON(t)["code"] == "" {
				t.Errorf("removing %s after opening: %d %s, want a 4xx problem with a code", path, r.Status, r.Body)
			}
		}
		if env.Snapshot(t) != snap || !slices.Equal(agendaCases(lawGet(t, env, id)), got) {
			t.Errorf("a refused removal changed the meeting")
		}
	})
}

// TestLawDatesEnteredByPeople: the justering date and each posting date
// are entered by the secretary afterwards; an entered date is kept as
// entered and says who entered it, when, and that it was backdated; a
// date in the future (or a posting before the justering) is refused with
// a 4xx problem and nothing is stored.
func TestLawDatesEnteredByPeople(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		id := lawMeeting(t, env, "2026-03-02")["id"].(string)
		lawAt(env, "2026-03-06") // Friday: the paper protocol was justerat on Wednesday
		sek := env.Token("sekreterare")
		refused := func(name string, r apptest.Response, snap string) {
			t.Helper()
			if r.Status < 400 || r.Status >= 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %s, want a 4xx problem", name, r.Status, r.Body)
			}
			if env.Snapshot(t) != snap {
				t.Errorf("%s changed the store", name)
			}
		}
		for _, day := range []string{"2026-03-07", "2026-12-31"} {
			snap := env.Snapshot(t)
			refused("justering on "+day, meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/justering", lawGet(t, env, id)["version"], map[string]any{"justered_on": day}), snap)
		}
		r := meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/justering", lawGet(t, env, id)["version"], map[string]any{"justered_on": "2026-03-04"})
		m := r.JSON(t)
		if r.Status != http.StatusOK || m["justered_on"] != "2026-03-04" {
			t.Fatalf("justering date 2026-03-04: %d %s", r.Status, r.Body)
		}
		if e, _ := m["justering_entry"].(map[string]any); e == nil || e["by"] != "sekreterare" || e["backdated"] != true || !strings.HasPrefix(fmt.Sprint(e["at"]), "2026-03-06T08:00:00") {
			t.Errorf("justering entry: %v, want by sekreterare at 2026-03-06 09:00, backdated", m["justering_entry"])
		}
		for _, day := range []string{"2026-03-07", "2026-03-03"} { // future; before the justering
			snap := env.Snapshot(t)
			refused("posting on "+day, lawPost(t, env, id, "0885", day), snap)
		}
		r = lawPost(t, env, id, "0885", "2026-03-05")
		m = r.JSON(t)
		if r.Status != http.StatusOK {
			t.Fatalf("posting 2026-03-05: %d %s", r.Status, r.Body)
		}
		n := m["notices"].([]any)[0].(map[string]any)
		if e, _ := n["entry"].(map[string]any); n["posted_on"] != "2026-03-05" || e == nil || e["by"] != "sekreterare" || e["backdated"] != true {
			t.Errorf("the posting: %v, want 2026-03-05 entered by sekreterare, backdated", n)
		}
		if n["late"] != false {
			t.Errorf("a posting the day after justering is flagged late: %v", n)
		}
		m = lawPost(t, env, id, "0840", "2026-03-06").JSON(t)
		// Latest posting Fri 2026-03-06 + 21 = Fri 2026-03-27.
		if m["appeal_end"] != "2026-03-27" || m["justered_on"] != "2026-03-04" {
			t.Errorf("appeal end %v justered %v, want 2026-03-27 and 2026-03-04", m["appeal_end"], m["justered_on"])
		}
		if n := m["notices"].([]any)[1].(map[string]any); n["late"] != false || n["entry"].(map[string]any)["backdated"] != false {
			t.Errorf("a posting entered on its day, two days after justering: %v", n)
		}
	})
}

// lawForce returns the legal force of decision ref of case caseID.
func lawForce(t *testing.T, env *apptest.Env, caseID, ref string) map[string]any {
	t.Helper()
	for _, f := range env.Call(t, env.Token("sekreterare"), http.MethodGet, "/api/v1/cases/"+caseID+"/legal-force", nil, nil)["items"].([]any) {
		if f := f.(map[string]any); f["ref"] == ref {
			return f
		}
	}
	t.Fatalf("case %s has no legal force for %s", caseID, ref)
	return nil
}

// lawRoutes lists a legal force's routes as "kind/party start..end status".
func lawRoutes(f map[string]any) []string {
	var out []string
	for _, r := range f["routes"].([]any) {
		r := r.(map[string]any)
		s := fmt.Sprint(r["kind"])
		if p, _ := r["party"].(string); p != "" {
			s += "/" + p
		}
		out = append(out, fmt.Sprintf("%s %v..%v %v", s, r["start"], r["end"], r["status"]))
	}
	slices.Sort(out)
	return out
}

// lawNotify records that party was notified of decision did on day.
func lawNotify(t *testing.T, env *apptest.Env, caseID, did, party, day string) apptest.Response {
	t.Helper()
	sek := env.Token("sekreterare")
	v := env.Call(t, sek, http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["version"]
	return meetingDo(t, env, sek, http.MethodPost, "/api/v1/cases/"+caseID+"/notifications", v,
		map[string]any{"decision": did, "party": party, "notified_on": day, "manner": "brev"})
}

// TestLawLegalForcePerDecision (KL 13:5, FL 44 §, DOMAIN.md §1.5): a
// delegationsbeslut's laglighetsprövning runs from the posting of the
// protocol that reported it (waiting while a member has not posted); a
// party's delgivning adds its förvaltningsbesvär; the decision is laga
// kraft only the day after the last route's end, not on it.
func TestLawLegalForcePerDecision(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		did := decideAndSign(t, env, "Avtal med MBAB om support")
		caseID := did[:36]
		f := lawForce(t, env, caseID, did)
		if f["laga_kraft"] != false || f["status"] != "vantar" || !slices.Equal(lawRoutes(f), []string{"laglighetsprovning <nil>..<nil> vantar"}) && !slices.Equal(lawRoutes(f), []string{"laglighetsprovning .. vantar"}) {
			t.Errorf("not yet reported: %v %v", f["status"], lawRoutes(f))
		}
		id := lawMeeting(t, env, "2026-03-02")["id"].(string) // reports it at its anmälan §
		lawAt(env, "2026-03-03")
		lawPost(t, env, id, "0885", "2026-03-03")
		if f := lawForce(t, env, caseID, did); f["laga_kraft"] != false || f["laga_kraft_on"] != "" && f["laga_kraft_on"] != nil {
			t.Errorf("one member posted: laga kraft %v on %v", f["laga_kraft"], f["laga_kraft_on"])
		}
		lawAt(env, "2026-03-04")
		lawPost(t, env, id, "0840", "2026-03-04")
		// Both posted, latest Wed 2026-03-04: laglighetsprövning to Wed 2026-03-25.
		f = lawForce(t, env, caseID, did)
		if want := []string{"laglighetsprovning 2026-03-04..2026-03-25 loper"}; !slices.Equal(lawRoutes(f), want) || f["laga_kraft_on"] != "2026-03-26" || f["laga_kraft"] != false {
			t.Errorf("both posted: %v, laga kraft on %v (%v); want %v from 2026-03-26", lawRoutes(f), f["laga_kraft_on"], f["laga_kraft"], want)
		}
		if f["meeting_id"] != id {
			t.Errorf("the reporting meeting: %v, want %s", f["meeting_id"], id)
		}
		// The supplier is notified on Thu 2026-03-05: FL 44 § to Thu 2026-03-26.
		snap := env.Snapshot(t)
		if r := lawNotify(t, env, caseID, did, "Leverantören AB", "2026-03-05"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "date_in_future") {
			t.Errorf("a delgivning on 2026-03-05 entered on 2026-03-04: %d %s, want 422 date_in_future", r.Status, r.Body)
		}
		if env.Snapshot(t) != snap {
			t.Errorf("a refused delgivning changed the store")
		}
		lawAt(env, "2026-03-05")
		if r := lawNotify(t, env, caseID, did, "Leverantören AB", "2026-03-05"); r.Status != http.StatusCreated {
			t.Fatalf("delgivning: %d %s", r.Status, r.Body)
		}
		want := []string{"forvaltningsbesvar/Leverantören AB 2026-03-05..2026-03-26 loper", "laglighetsprovning 2026-03-04..2026-03-25 loper"}
		for _, step := range []struct {
			day, status, lagaOn string
			laga                bool
		}{
			{"2026-03-25", "loper", "2026-03-27", false},
			{"2026-03-26", "loper", "2026-03-27", false}, // the legality route is closed, the party's runs
			{"2026-03-27", "laga_kraft", "2026-03-27", true},
		} {
			lawAt(env, step.day)
			f = lawForce(t, env, caseID, did)
			if f["status"] != step.status || f["laga_kraft"] != step.laga || f["laga_kraft_on"] != step.lagaOn {
				t.Errorf("on %s: status %v laga kraft %v on %v, want %s %v on %s", step.day, f["status"], f["laga_kraft"], f["laga_kraft_on"], step.status, step.laga, step.lagaOn)
			}
			if ends := lawRoutes(f); len(ends) != 2 || !strings.HasPrefix(ends[0], strings.TrimSuffix(want[0], "loper")) || !strings.HasPrefix(ends[1], strings.TrimSuffix(want[1], "loper")) {
				t.Errorf("on %s routes %v, want %v", step.day, ends, want)
			}
		}
	})
}

// TestLawDelgivningEndOnTheRightWeekday (FL 44 §, Lag 1930:173): a party
// notified on a Friday three weeks before midsommarafton (not a working
// day) may appeal through the Monday after; the end is read from the
// delgivning endpoint's answer and from the legal force.
func TestLawDelgivningEndOnTheRightWeekday(t *testing.T) {
	cases := []struct{ decided, notified, wantEnd string }{
		{"2026-03-02", "2026-03-03", "2026-03-24"}, // Tue + 21 = Tue
		{"2026-05-29", "2026-05-29", "2026-06-22"}, // + 21 = midsommarafton Fri 2026-06-19: Mon
		{"2025-05-30", "2025-05-30", "2025-06-23"}, // + 21 = midsommarafton Fri 2025-06-20: Mon
		{"2026-12-03", "2026-12-03", "2026-12-28"}, // + 21 = julafton Thu; juldagen, Sat, Sun: Mon
		{"2026-03-02", "2026-03-21", "2026-04-13"}, // Sat + 21 = Sat 2026-04-11: Mon 2026-04-13
	}
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		for _, tc := range cases {
			t.Run(tc.notified, func(t *testing.T) {
				lawAt(env, tc.decided)
				did := decideAndSign(t, env, "Avtal med MBAB "+tc.notified)
				caseID := did[:36]
				lawAt(env, tc.notified)
				r := lawNotify(t, env, caseID, did, "Leverantören AB", tc.notified)
				if r.Status != http.StatusCreated {
					t.Fatalf("delgivning %s: %d %s", tc.notified, r.Status, r.Body)
				}
				ends := func(f map[string]any) string {
					for _, rt := range f["routes"].([]any) {
						if rt := rt.(map[string]any); rt["kind"] == "forvaltningsbesvar" && rt["party"] == "Leverantören AB" {
							return fmt.Sprint(rt["start"], "..", rt["end"])
						}
					}
					return "no route"
				}
				want := tc.notified + ".." + tc.wantEnd
				if got := ends(r.JSON(t)); got != want {
					t.Errorf("delgivning answer: förvaltningsbesvär %s, want %s", got, want)
				}
				if got := ends(lawForce(t, env, caseID, did)); got != want {
					t.Errorf("legal force: förvaltningsbesvär %s, want %s", got, want)
				}
			})
		}
	})
}

// TestLawSubstituteAbsenceIsAFact: the vice ordförande deciding in the
// ordförande's place citing frånvaro is refused with the reason
// substitute_absence_not_recorded, and nothing is stored, unless an
// absence of the ordförande covering the decision date is recorded; an
// absence that ends the day before, or starts the day after, does not
// count; a withdrawn absence no longer counts.
func TestLawSubstituteAbsenceIsAFact(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		sek := env.Token("sekreterare")
		id, v := readyCase(t, env, "Avtal med MBAB")
		decide := func() apptest.Response {
			t.Helper()
			return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: env.Token("vice-ordforande"),
				Body:   map[string]any{"kind": "delegation", "point_code": "A16", "substitute_reason": "franvaro"},
				Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
		}
		refusedFor := func(name string) {
			t.Helper()
			snap := env.Snapshot(t)
			r := decide()
			if r.Status < 400 || r.Status >= 500 || !strings.Contains(string(r.Body), "substitute_absence_not_recorded") {
				t.Errorf("%s: %d %s, want a 4xx naming substitute_absence_not_recorded", name, r.Status, r.Body)
			}
			if env.Snapshot(t) != snap {
				t.Errorf("%s: the refused decision changed the store", name)
			}
		}
		refusedFor("no absence recorded")
		for _, p := range [][2]string{{"2026-02-23", "2026-03-01"}, {"2026-03-03", "2026-03-06"}} {
			env.Call(t, sek, http.MethodPost, "/api/v1/boards/ITN/absences", map[string]any{"username": "ordforande", "from": p[0], "to": p[1]}, nil)
			refusedFor("an absence " + p[0] + ".." + p[1])
		}
		a := env.Call(t, sek, http.MethodPost, "/api/v1/boards/ITN/absences", map[string]any{"username": "ordforande", "from": "2026-03-02", "to": "2026-03-02", "note": "Sjuk"}, nil)
		r := decide()
		if r.Status != http.StatusCreated {
			t.Fatalf("with the chair's absence on 2026-03-02 recorded: %d %s", r.Status, r.Body)
		}
		if d := r.JSON(t); d["decided_on"] != "2026-03-02" || d["substitute_reason"] != "franvaro" || d["decider_username"] != "vice-ordforande" || d["acting_as"] != "substitute" {
			t.Errorf("the substitute's decision: %v", d)
		}
		// Another case, the absence withdrawn: refused again.
		env.Call(t, sek, http.MethodPost, "/api/v1/boards/ITN/absences/"+a["id"].(string)+"/withdrawal", nil, nil)
		id, v = readyCase(t, env, "Avtal med BHEM")
		refusedFor("the absence withdrawn")
	})
}

// lawShares returns the 2026 primary allocation's key users and budget
// net shares per member, and the budget net.
func lawShares(t *testing.T, env *apptest.Env) (users, shares map[string]int64, net int64) {
	t.Helper()
	snap := env.Call(t, env.Token("sekreterare"), http.MethodGet, "/api/v1/boards/ITN/allocations/2026", nil, nil)
	p := snap["primary"].(map[string]any)
	users, shares = map[string]int64{}, map[string]int64{}
	for _, m := range p["members"].([]any) {
		m := m.(map[string]any)
		users[m["code"].(string)] = int64(m["users"].(float64))
		shares[m["code"].(string)] = int64(m["budget_net_share"].(float64))
	}
	return users, shares, int64(p["budget_net"].(float64))
}

// exactShare is total·units/sum as a rational.
func exactShare(total, units, sum int64) *big.Rat {
	return new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(total), big.NewInt(units)), big.NewInt(sum))
}

// TestLawCorrectedUserCountResplitsTheYear: correcting Borgholm's users on
// 1 January 2025 (the key date of 2026 under the seed agreement) makes a
// new 2026 allocation snapshot at once (stored before anything reads the
// allocation), triggered by the user count: the
// key uses the corrected count, each member's share of the budget net is
// within one öre of the exact split and the shares sum to it exactly;
// reading the allocation again makes no further snapshot. Two corrections
// in the same instant (the test clock stands still) each make their own.
func TestLawCorrectedUserCountResplitsTheYear(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		sek := env.Token("sekreterare")
		snaps := func() []any {
			return env.Call(t, sek, http.MethodGet, "/api/v1/boards/ITN/allocations/2026/snapshots", nil, nil)["items"].([]any)
		}
		// A 2026 budget: 1 234 567,89 kr of shared costs.
		csv := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\nBudget;Personalkostnader;;Gemensam;;1 234 567,89;kr;\n"
		if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2026", Token: sek, Body: []byte(csv),
			Header: map[string]string{"Content-Type": "text/csv"}}); r.Status >= 300 {
			t.Fatalf("budget 2026: %d %s", r.Status, r.Body)
		}
		users, shares, net := lawShares(t, env)
		if users["0885"] != 1671 || users["0840"] != 2019 || net != 123456789 {
			t.Fatalf("seed 2026 key: %v, net %d", users, net)
		}
		stored2026 := func() int {
			recs, err := env.Backend.Find(t.Context(), repo.CollAllocationSnapshots, store.Query{})
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for _, r := range recs {
				if strings.HasPrefix(r.ID, "ITN/2026/") {
					k++
				}
			}
			return k
		}
		n := len(snaps())
		if got := stored2026(); got != n {
			t.Fatalf("stored 2026 snapshots %d, listed %d", got, n)
		}
		for _, corrected := range []int64{1871, 1000} {
			r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/members/0885/user-counts", Token: sek,
				Body: map[string]any{"key_date": "2025-01-01", "users": corrected}})
			if r.Status != http.StatusCreated {
				t.Fatalf("user count: %d %s", r.Status, r.Body)
			}
			// Stored by the recording itself, before anything reads the
			// allocation (which would fold what is pending).
			if got := stored2026(); got != n+1 {
				t.Errorf("2026 snapshots stored by correcting to %d: %d, want %d", corrected, got, n+1)
			}
			after := snaps()
			if len(after) != n+1 {
				t.Fatalf("snapshots after correcting to %d: %d, want %d", corrected, len(after), n+1)
			}
			n++
			users2, shares2, net2 := lawShares(t, env)
			if users2["0885"] != corrected || users2["0840"] != 2019 || net2 != net {
				t.Fatalf("2026 key after the correction: %v, net %d", users2, net2)
			}
			if shares2["0885"]+shares2["0840"] != net {
				t.Errorf("shares %v do not sum to %d", shares2, net)
			}
			sum := corrected + 2019
			for code, u := range map[string]int64{"0885": corrected, "0840": 2019} {
				diff := new(big.Rat).Sub(new(big.Rat).SetInt64(shares2[code]), exactShare(net, u, sum))
				if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
					t.Errorf("%s's share %d öre is not within one öre of %s·%d/%d", code, shares2[code], fmt.Sprint(net), u, sum)
				}
			}
			if shares2["0885"] == shares["0885"] {
				t.Errorf("Borgholm's share did not change with its users: %d", shares2["0885"])
			}
			shares = shares2
		}
		// Each recording gave one snapshot, triggered by the user count:
		// reading (which folds anything pending) adds none.
		after := snaps()
		if len(after) != n || len(snaps()) != n {
			t.Errorf("reading the snapshots again: %d, want %d", len(after), n)
		}
		if last := after[len(after)-1].(map[string]any); !strings.Contains(fmt.Sprint(last), "user_count") {
			t.Errorf("the latest snapshot is not triggered by the user count: %v", last)
		}
	})
}
