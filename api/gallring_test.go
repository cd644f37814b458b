package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// reasonsOf maps each refused case of a gallring result to its reasons.
func reasonsOf(res map[string]any) map[string]string {
	out := map[string]string{}
	for _, it := range res["refused"].([]any) {
		m := it.(map[string]any)
		var rs []string
		for _, r := range m["reasons"].([]any) {
			rs = append(rs, r.(string))
		}
		out[m["case_id"].(string)] = strings.Join(rs, ",")
	}
	return out
}

// weededOf lists the cases a gallring result weeded.
func weededOf(res map[string]any) []string {
	var out []string
	for _, it := range res["weeded"].([]any) {
		out = append(out, it.(map[string]any)["case_id"].(string))
	}
	slices.Sort(out)
	return out
}

// TestGallringUnderThePlan runs gallring through the API on a test plan:
// without a gallringsbeslut, under a decision that is not one, and with
// unknown references nothing is removed and each is refused by name;
// under the nämnd's gallringsbeslut it removes exactly the handlingar the
// plan allows once their frist has run out — not what the plan keeps,
// not a case whose decision has no legal force, not a delivered case, not
// a class the plan does not name — keeps their metadata and SHA-256,
// logs each in the case's chain, and the ledger still verifies. On SQLite
// and on the Mongo backend.
func TestGallringUnderThePlan(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newArch(t, env)
		a.profile()
		if r := a.importPlan(testPlan); r.Status != http.StatusCreated {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		letter := []byte("Incidentrapport\nLarmet gick 02.14.\n")
		withDoc := func(title, class string) string {
			id := a.register(title, class, nil)
			a.upload(id, map[string]string{"direction": "inkommande", "description": "Rapport", "party": "Skolan"}, "rapport.txt", letter)
			return id
		}
		// Weeded after two years: a voided incident case, and one whose
		// delegated decision was reported at the meeting below and so
		// gains legal force.
		voided := withDoc("Larm i serverhallen", "3.1")
		a.fire("sekreterare", voided, "void", map[string]string{"note": "Falsklarm"})
		reported := withDoc("Intrång i skolans nät", "3.1")
		a.ready(reported)
		a.decide(reported, true)
		// Kept by the plan; not named by the plan; delivered.
		kept := withDoc("Samverkan om nätdrift", "1.2")
		a.fire("sekreterare", kept, "void", map[string]string{"note": "Dubblett"})
		noRule := withDoc("Övrigt ärende", "9.9")
		a.fire("sekreterare", noRule, "void", map[string]string{"note": "Dubblett"})
		delivered := withDoc("Levererat incidentärende", "3.1")
		a.fire("sekreterare", delivered, "void", map[string]string{"note": "Dubblett"})
		a.fire("arkivarie", delivered, "archive", nil)
		pkg := strings.TrimSuffix(downloadName(a.do("arkivarie", http.MethodGet, "/api/v1/cases/"+delivered+"/archive-package", nil, nil)), ".zip")
		a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/cases/"+delivered+"/delivery", a.version(delivered),
			map[string]string{"package_id": pkg, "receipt": "SA-2026-4711", "received_on": "2026-03-02"})

		// The gallringsbeslut: § of the nämnd, on the archive's own case.
		gallring := a.register("Gallring enligt informationshanteringsplanen 2028", "4.1", nil)
		a.ready(gallring)
		mid, nos := a.meeting(map[string]paragraph{gallring: {"bifall", []string{"gallra handlingar enligt informationshanteringsplanen"}}})
		for _, id := range []string{reported} {
			a.fire("handlaggare", id, "close", nil)
		}
		// Not laga kraft: decided after the meeting, never reported.
		unreported := withDoc("Obehörig inloggning", "3.1")
		a.ready(unreported)
		notReportedDecision := a.decide(unreported, true)
		a.fire("handlaggare", unreported, "close", nil)

		run := func(body any) apptest.Response {
			return a.do("arkivarie", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, body)
		}
		decision := map[string]any{"meeting_id": mid, "paragraph": nos[gallring]}

		// Refused outright, nothing removed.
		before := env.Snapshot(t)
		a.refused("no decision", run(map[string]any{"decision": map[string]any{}}), http.StatusUnprocessableEntity, "no_gallring_decision")
		a.refused("a delegationsbeslut not about gallring", run(map[string]any{"decision": map[string]any{"decision_id": notReportedDecision}}),
			http.StatusUnprocessableEntity, "not_a_gallring_decision")
		a.refused("an unknown meeting", run(map[string]any{"decision": map[string]any{"meeting_id": "01900000-0000-7000-8000-000000000000", "paragraph": 1}}),
			http.StatusUnprocessableEntity, "gallring_decision_not_found")
		a.refused("a § that does not decide gallring", run(map[string]any{"decision": map[string]any{"meeting_id": mid, "paragraph": nos[gallring] + 1}}),
			http.StatusUnprocessableEntity, "not_a_gallring_decision")
		a.refused("a § that is not in the protocol", run(map[string]any{"decision": map[string]any{"meeting_id": mid, "paragraph": 999}}),
			http.StatusUnprocessableEntity, "gallring_decision_not_found")
		a.refused("by the sekreterare", a.do("sekreterare", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision}),
			http.StatusForbidden, "not_permitted")
		a.refused("by the revisor", a.do("revisor", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision}),
			http.StatusForbidden, "read_only_role")

		// Under the decision today: the frist has not run out anywhere, and
		// the reported decision's appeal period still runs.
		res := a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision})
		if len(res["weeded"].([]any)) != 0 {
			t.Fatalf("weeded before the frist ran out: %v", res["weeded"])
		}
		got := reasonsOf(res)
		for id, want := range map[string]string{voided: "retention_not_ended", reported: "not_laga_kraft,retention_not_ended", kept: "plan_keeps",
			noRule: "plan_has_no_rule", delivered: "retention_not_ended,case_delivered", unreported: "not_laga_kraft,retention_not_ended"} {
			if got[id] != want {
				t.Errorf("today: %s refused with %q, want %q", a.caseJSON(id)["title"], got[id], want)
			}
		}
		if env.Snapshot(t) != before {
			t.Error("refused runs changed stored data")
		}

		// Two years and a month later.
		env.Clock.Advance(2*365*24*time.Hour + 31*24*time.Hour)
		a.relogin()
		before = env.Snapshot(t)
		res = a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision})
		want := []string{voided, reported}
		slices.Sort(want)
		if w := weededOf(res); !slices.Equal(w, want) {
			t.Errorf("weeded %v, want %v", w, want)
		}
		got = reasonsOf(res)
		for id, want := range map[string]string{kept: "plan_keeps", noRule: "plan_has_no_rule", delivered: "case_delivered", unreported: "not_laga_kraft"} {
			if got[id] != want {
				t.Errorf("after the frist: %s refused with %q, want %q", a.caseJSON(id)["title"], got[id], want)
			}
		}
		if res["decision"] != "ITN 2026-03-02 § "+strconv.Itoa(nos[gallring]) {
			t.Errorf("cited as %v", res["decision"])
		}
		if env.Snapshot(t) == before {
			t.Error("the run changed nothing")
		}

		// What stays: the handling's record and SHA-256, the gallring
		// event in the chain; what goes: the file.
		for _, id := range []string{voided, reported} {
			c := a.caseJSON(id)
			doc := c["documents"].([]any)[0].(map[string]any)
			w, ok := doc["weeding"].(map[string]any)
			if !ok || w["reference"] != "IHP § 3.1" || w["plan_version"] != float64(1) || !strings.Contains(w["decision"].(string), "§") {
				t.Errorf("%s: weeding %v", id, doc["weeding"])
			}
			if doc["sha256"] != sha256Hex(letter) || doc["file_name"] != "rapport.txt" {
				t.Errorf("%s: the record changed: %v", id, doc)
			}
			h := c["history"].([]any)
			last := h[len(h)-1].(map[string]any)
			if last["action"] != "gallring" || last["ref"] != "handling 1" {
				t.Errorf("%s: last event %v", id, last)
			}
			a.refused("the weeded file", a.do("handlaggare", http.MethodGet, "/api/v1/cases/"+id+"/documents/1/content", nil, nil),
				http.StatusNotFound, "document_weeded")
			blobs, err := env.Backend.Find(t.Context(), repo.CollBlobChunks, store.Query{Where: []store.Cond{store.Eq("blob_id", doc["blob_id"])}})
			if err != nil || len(blobs) != 0 {
				t.Errorf("%s: %d chunks left (%v)", id, len(blobs), err)
			}
			ret := a.must(http.StatusOK, "handlaggare", http.MethodGet, "/api/v1/cases/"+id+"/retention", nil, nil)
			if hs := ret["handlings"].([]any); !strings.HasPrefix(hs[0].(map[string]any)["says"].(string), "Gallrad ") {
				t.Errorf("%s: the plan's word on a weeded handling: %v", id, hs[0])
			}
		}
		if r := a.do("handlaggare", http.MethodGet, "/api/v1/cases/"+kept+"/documents/1/content", nil, nil); r.Status != http.StatusOK || string(r.Body) != string(letter) {
			t.Errorf("a kept handling: %d", r.Status)
		}

		// The ledger verifies.
		v := a.must(http.StatusOK, "revisor", http.MethodGet, "/api/v1/audit/verify", nil, nil)
		if v["ok"] != true {
			t.Errorf("verify after gallring: %v", v)
		}

		// A second run removes nothing more.
		before = env.Snapshot(t)
		res = a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision})
		if len(res["weeded"].([]any)) != 0 || len(res["unchanged"].([]any)) != 2 {
			t.Errorf("second run: weeded %v, unchanged %v", res["weeded"], res["unchanged"])
		}
		if env.Snapshot(t) != before {
			t.Error("a second run changed stored data")
		}
	})
}

// downloadName is the file name of a download's Content-Disposition.
func downloadName(r apptest.Response) string {
	_, after, _ := strings.Cut(r.Header.Get("Content-Disposition"), `filename="`)
	return strings.TrimSuffix(after, `"`)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
