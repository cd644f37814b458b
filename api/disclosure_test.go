package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// letterPDF is an incoming letter as a PDF with a name and a personnummer
// in its text.
func letterPDF(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("P", "pt", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.SetFont("Helvetica", "", 12)
	p.AddPage()
	p.Text(72, 100, tr("Ansökan till Ölands IT-nämnd"))
	p.Text(72, 130, tr("Sökande: Anna Andersson, personnummer 121212-1212."))
	p.Text(72, 160, tr("Jag ansöker om ett nytt IT-konto för hemarbete."))
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// requestDo sends a request-for-allmän-handling call with If-Match.
func requestDo(t *testing.T, env *apptest.Env, token, method, path string, version any, body any) apptest.Response {
	t.Helper()
	h := map[string]string{}
	if version != nil {
		h["If-Match"] = fmt.Sprintf(`"%v"`, version)
	}
	return env.Do(apptest.Request{Method: method, Path: path, Token: token, Body: body, Header: h})
}

// disclosureCase registers an ärende with a PDF letter (handling 1) and a
// secret text handling (handling 2) and returns its id and diarienummer.
func disclosureCase(t *testing.T, env *apptest.Env) (string, string) {
	t.Helper()
	hl := env.Token("handlaggare")
	c := register(t, env, hl, map[string]any{"board": "ITN", "title": "Ansökan om IT-konto för hemarbete"})
	id := c["id"].(string)
	if r := upload(t, env, hl, id, map[string]string{"direction": "inkommande", "description": "Ansökan"}, "ansokan.pdf", letterPDF(t)); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := upload(t, env, hl, id, map[string]string{"direction": "inkommande", "description": "Läkarintyg",
		"secrecy_reference": "OSL 25 kap. 1 §", "secrecy_date": "2026-03-02"}, "intyg.txt", []byte("Intyg om Anna Andersson.\n")); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	return id, c["registration_number"].(string)
}

func registerRequest(t *testing.T, env *apptest.Env, token string, body map[string]any) map[string]any {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/disclosure-requests", Token: token, Body: body})
	if r.Status != http.StatusCreated {
		t.Fatalf("register request: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)
}

func caseDocs(t *testing.T, env *apptest.Env, token, id string) []any {
	t.Helper()
	return env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token}).JSON(t)["documents"].([]any)
}

// TestRequestMaskRefuseReport: a request for allmän handling registered
// anonymously, its PDF released masked — the masked copy is a new handling
// linked to its original whose pdftotext holds none of the masked strings
// — its secret text handling refused by the IT-chef under point D1 of the
// delegationsordning, with the proof, a signature, a besvärshänvisning to
// the kammarrätt and a PDF; the revisor's report counts them by lagrum.
// Bad input changes nothing. On SQLite and on the Mongo backend.
func TestRequestMaskRefuseReport(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		caseID, dnr := disclosureCase(t, env)
		hl, chef, rev := env.Token("handlaggare"), env.Token("it-chef"), env.Token("revisor")
		req := registerRequest(t, env, hl, map[string]any{"received_at": "2026-03-02T08:30:00+01:00", "channel": "epost",
			"asked": "Alla handlingar om ansökan om IT-konto", "items": []map[string]any{
				{"registration_number": dnr, "document_no": 1}, {"registration_number": dnr, "document_no": 2},
				{"description": "Protokoll från mars"}}})
		id, v := req["id"].(string), req["version"]
		if req["ref"] != "ITN UB 2026/1" || req["status"] != "mottagen" || req["requester"] != nil || req["target_on"] != "2026-03-02" ||
			req["overdue"] != false {
			t.Errorf("registered request = %v", req)
		}
		path := "/api/v1/disclosure-requests/" + id
		docsBefore := len(caseDocs(t, env, hl, caseID))
		// Bad masking: nothing is stored.
		for name, body := range map[string]map[string]any{
			"no lagrum":         {"lagrum": []string{}, "strings": []string{"Anna Andersson"}},
			"outside the page":  {"lagrum": []string{"OSL 21 kap. 1 §"}, "regions": []map[string]any{{"page": 1, "x": 500, "y": 100, "w": 200, "h": 20}}},
			"no such page":      {"lagrum": []string{"OSL 21 kap. 1 §"}, "regions": []map[string]any{{"page": 3, "x": 10, "y": 10, "w": 20, "h": 20}}},
			"string not there":  {"lagrum": []string{"OSL 21 kap. 1 §"}, "strings": []string{"Bertil Bengtsson"}},
			"not an OSL lagrum": {"lagrum": []string{"TF 2 kap."}, "strings": []string{"Anna Andersson"}},
		} {
			r := requestDo(t, env, hl, http.MethodPost, path+"/items/1/masking", v, body)
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("masking with %s: %d %s", name, r.Status, r.Body)
			}
		}
		if r := requestDo(t, env, rev, http.MethodPost, path+"/items/1/masking", v, map[string]any{"lagrum": []string{"OSL 21 kap. 1 §"},
			"strings": []string{"Anna Andersson"}}); r.Status != http.StatusForbidden {
			t.Errorf("the revisor masks: %d %s", r.Status, r.Body)
		}
		if n := len(caseDocs(t, env, hl, caseID)); n != docsBefore {
			t.Fatalf("refused maskings stored %d handlingar", n-docsBefore)
		}
		if cur := env.Do(apptest.Request{Method: http.MethodGet, Path: path, Token: hl}).JSON(t); cur["version"] != v {
			t.Fatalf("refused maskings changed the request: %v → %v", v, cur["version"])
		}
		// A preview of the page to mark regions on.
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: path + "/items/1/pages/1", Token: hl}); r.Status != http.StatusOK ||
			r.Header.Get("Content-Type") != "image/png" || r.Header.Get("X-Page-Count") != "1" {
			t.Errorf("preview: %d %v", r.Status, r.Header)
		}
		// Masking the name and the personnummer.
		r := requestDo(t, env, hl, http.MethodPost, path+"/items/1/masking", v, map[string]any{"lagrum": []string{"OSL 21 kap. 1 §"},
			"strings": []string{"Anna Andersson", "121212-1212"}})
		if r.Status != http.StatusOK {
			t.Fatalf("masking: %d %s", r.Status, r.Body)
		}
		got := r.JSON(t)
		v = got["version"]
		out := got["items"].([]any)[0].(map[string]any)["outcome"].(map[string]any)
		if out["kind"] != "lamnas_ut_med_maskering" || out["masked_copy"] == nil {
			t.Fatalf("outcome = %v", out)
		}
		copyNo := int(out["masked_copy"].(map[string]any)["document_no"].(float64))
		docs := caseDocs(t, env, hl, caseID)
		cp := docs[copyNo-1].(map[string]any)
		if cp["masked_version_of"] != float64(1) || cp["content_type"] != "application/pdf" {
			t.Errorf("masked copy = %v", cp)
		}
		pdf := env.Do(apptest.Request{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/cases/%s/documents/%d/content", caseID, copyNo), Token: hl})
		text := pdfText(t, pdf.Body)
		for _, gone := range []string{"Anna", "Andersson", "121212"} {
			if strings.Contains(text, gone) {
				t.Errorf("%q is in the masked copy's text: %s", gone, text)
			}
		}
		if !strings.Contains(text, "nytt IT-konto") {
			t.Errorf("the masked copy lost the rest of the text: %s", text)
		}
		// A refusal: not by the handläggare (not the delegate), not without
		// lagrum.
		refusal := map[string]any{"items": []int{2}, "lagrum": []string{"OSL 25 kap. 1 §"}, "reasoning": "Uppgifterna rör hälsa.",
			"court": "Kammarrätten i Jönköping", "password": apptest.DemoPassword}
		if r := requestDo(t, env, hl, http.MethodPost, path+"/refusals", v, refusal); r.Status != http.StatusForbidden ||
			!strings.Contains(string(r.Body), "not_delegate") {
			t.Errorf("refusal by the handläggare: %d %s", r.Status, r.Body)
		}
		noLagrum := map[string]any{"items": []int{2}, "lagrum": []string{}, "reasoning": "x", "court": "Kammarrätten i Jönköping"}
		if r := requestDo(t, env, chef, http.MethodPost, path+"/refusals", v, noLagrum); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), "lagrum_required") {
			t.Errorf("refusal without lagrum: %d %s", r.Status, r.Body)
		}
		r = requestDo(t, env, chef, http.MethodPost, path+"/refusals", v, refusal)
		if r.Status != http.StatusCreated {
			t.Fatalf("refusal: %d %s", r.Status, r.Body)
		}
		got = r.JSON(t)
		v = got["version"]
		d := got["decisions"].([]any)[0].(map[string]any)
		if d["point_code"] != "D1" || d["acting_role"] != "forvaltningschef" || d["order_id"] == "" || d["order_hash"] == "" ||
			d["decider_name"] != "Karin Berg" || len(d["signatures"].([]any)) != 1 || d["digest"] == "" {
			t.Errorf("refusal decision = %v", d)
		}
		bh := d["besvarshanvisning"].(string)
		if !strings.Contains(bh, "Kammarrätten i Jönköping") || !strings.Contains(bh, "tre veckor") || !strings.Contains(bh, "Ölands IT-nämnd") {
			t.Errorf("besvärshänvisning = %s", bh)
		}
		pdfR := env.Do(apptest.Request{Method: http.MethodGet, Path: path + "/refusals/1/pdf", Token: rev})
		if txt := strings.Join(strings.Fields(pdfText(t, pdfR.Body)), " "); pdfR.Status != http.StatusOK ||
			!strings.Contains(txt, "Hur man överklagar") || !strings.Contains(txt, "OSL 25 kap. 1 §") {
			t.Errorf("refusal PDF: %d %s", pdfR.Status, txt)
		}
		r = requestDo(t, env, hl, http.MethodPost, path+"/refusals/1/notification", v, map[string]any{"notified_on": "2026-03-03"})
		if r.Status != http.StatusOK {
			t.Fatalf("notification: %d %s", r.Status, r.Body)
		}
		v = r.JSON(t)["version"]
		if d := r.JSON(t)["decisions"].([]any)[0].(map[string]any); d["appeal_end"] != "2026-03-24" {
			t.Errorf("appeal end = %v", d["appeal_end"])
		}
		// The third item is released; the request is done, and no longer
		// holds gallring of the ärende back.
		pendingOn := func() any {
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + caseID + "/retention", Token: hl})
			if r.Status != http.StatusOK {
				t.Fatalf("retention: %d %s", r.Status, r.Body)
			}
			return r.JSON(t)["pending_request"]
		}
		if pending := pendingOn(); pending != true {
			t.Errorf("an open request on the ärende: pending_request = %v", pending)
		}
		r = requestDo(t, env, hl, http.MethodPost, path+"/items/3/release", v, nil)
		if r.Status != http.StatusOK || r.JSON(t)["status"] != "avslutad" {
			t.Fatalf("release: %d %s", r.Status, r.Body)
		}
		if pending := pendingOn(); pending != false {
			t.Errorf("a finished request still holds the ärende: pending_request = %v", pending)
		}
		rep := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/disclosure-requests/report?from=2026-03-01&to=2026-03-31", Token: rev})
		if rep.Status != http.StatusOK {
			t.Fatalf("report: %d %s", rep.Status, rep.Body)
		}
		rj := rep.JSON(t)
		if rj["requests"] != float64(1) || rj["masked"] != float64(1) || rj["refused"] != float64(1) || rj["released"] != float64(1) ||
			!strings.Contains(string(rep.Body), `"lagrum":"OSL 25 kap. 1 §","masked":0,"refused":1`) || rj["on_time"] != float64(1) {
			t.Errorf("report = %s", rep.Body)
		}
	})
}

// TestRequestLeftUntouchedIsOverdue: a request received on a Monday is on
// time that day, overdue on Tuesday (one working day untouched) and
// escalated on Wednesday, in the board's list and the handler's own.
func TestRequestLeftUntouchedIsOverdue(t *testing.T) {
	env := apptest.New(t)
	hl := env.Token("handlaggare")
	req := registerRequest(t, env, hl, map[string]any{"received_at": "2026-03-02T08:00:00+01:00", "channel": "telefon",
		"asked": "Avtalet med MBAB", "requester": map[string]string{"name": "Journalist J"}, "items": []map[string]any{{"description": "Avtalet med MBAB"}}})
	state := func() map[string]any {
		t.Helper()
		hl := env.Token("handlaggare") // a day later the morning's token has expired
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/disclosure-requests", Token: hl})
		items := r.JSON(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("open requests: %s", r.Body)
		}
		mine := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/disclosure-requests", Token: hl}).JSON(t)["items"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["overdue"] != items[0].(map[string]any)["overdue"] {
			t.Fatalf("the handler's own list: %v", mine)
		}
		return items[0].(map[string]any)
	}
	if s := state(); s["overdue"] != false || s["timeliness"] != "i_tid" || s["target_on"] != "2026-03-02" {
		t.Errorf("Monday: %v", s)
	}
	env.Clock.Advance(24 * time.Hour)
	if s := state(); s["overdue"] != true || s["timeliness"] != "forsenad" || s["working_days_late"] != float64(1) {
		t.Errorf("Tuesday: %v", s)
	}
	env.Clock.Advance(24 * time.Hour)
	if s := state(); s["timeliness"] != "eskalerad" {
		t.Errorf("Wednesday: %v", s)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/disclosure-requests/" + req["id"].(string), Token: env.Token("ordforande")}); r.Status != http.StatusNotFound {
		t.Errorf("the chair reads a request (not a handler): %d", r.Status)
	}
	if mine := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/disclosure-requests", Token: env.Token("revisor")}).JSON(t)["items"].([]any); len(mine) != 0 {
		t.Errorf("the revisor has requests to answer: %v", mine)
	}
}

// TestRequestRegistrationBadInput: every problem is named at once and
// nothing is registered.
func TestRequestRegistrationBadInput(t *testing.T) {
	env := apptest.New(t)
	hl := env.Token("handlaggare")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/disclosure-requests", Token: hl, Body: map[string]any{
		"received_at": "2026-03-09T08:00:00+01:00", "channel": "epost", "asked": " ",
		"items": []map[string]any{{"registration_number": "ITN 2026/999", "document_no": 1}, {"document_no": 2}}}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad registration: %d %s", r.Status, r.Body)
	}
	for _, want := range []string{"/received_at", "received_in_future", "/asked", "/items/0/registration_number", "case_not_found",
		"/items/1/registration_number"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("the refusal does not name %s: %s", want, r.Body)
		}
	}
	if items := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/disclosure-requests", Token: hl}).JSON(t)["items"].([]any); len(items) != 0 {
		t.Errorf("a refused registration stored %v", items)
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/disclosure-requests", Token: env.Token("ordforande"),
		Body: map[string]any{"received_at": "2026-03-02T08:00:00+01:00", "channel": "epost", "asked": "x", "items": []map[string]any{{"description": "x"}}}}); r.Status != http.StatusForbidden {
		t.Errorf("the chair registers a request: %d %s", r.Status, r.Body)
	}
}
