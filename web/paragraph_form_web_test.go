package web_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// paragraphMeeting gives ITN a third ledamot (Lena Lind) and two
// ersättare (Per Ersättare, Ulla Ek), plans a meeting with an ärende as
// agenda item 0 and opens it; everyone is present, the ersättare serve
// for nobody. It returns the meeting's page and the secretary's browser
// and CSRF token.
func paragraphMeeting(t *testing.T, env *apptest.Env) (string, *browser, string) {
	t.Helper()
	withErsattare(t, env)
	adm := env.Token("admin")
	for _, p := range []struct{ user, name, kind string }{{"lena-ledamot", "Lena Lind", "ledamot"}, {"ulla-ersattare", "Ulla Ek", "ersattare"}} {
		apiCall(t, env, adm, http.MethodPost, "/api/v1/users", map[string]any{"username": p.user, "name": p.name}, nil)
		apiCall(t, env, adm, http.MethodPost, "/api/v1/users/"+p.user+"/roles", map[string]any{"board": "ITN", "role": p.kind, "valid_from": "2023-01-01"}, nil)
		seat := map[string]any{"holder": p.user, "kind": p.kind, "valid_from": "2023-01-01"}
		if p.kind == "ersattare" {
			seat["order"] = 2
		}
		apiCall(t, env, adm, http.MethodPost, "/api/v1/boards/ITN/seats", seat, nil)
	}
	decidedByChairWithout(t, env, "Avtal om datalagring")
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}}, nil)
	id := m["id"].(string)
	apiCall(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", map[string]string{"status": "pagaende"}, m["version"])
	b, csrf := loggedIn(t, env, "sekreterare")
	return "/sammantraden/" + id, b, csrf
}

// storedParagraphs are the meeting's §§ as the API gives them.
func storedParagraphs(t *testing.T, env *apptest.Env, mpage string) []map[string]any {
	t.Helper()
	m := apiCall(t, env, env.Token("sekreterare"), http.MethodGet, "/api/v1/meetings/"+strings.TrimPrefix(mpage, "/sammantraden/"), nil, nil)
	var out []map[string]any
	ps, _ := m["paragraphs"].([]any)
	for _, p := range ps {
		out = append(out, p.(map[string]any))
	}
	return out
}

// paragraphVoters are the people the § form offers a vote and a
// reservation to: those serving, then the free ersättare.
var paragraphVoters = []string{"ordforande", "vice-ordforande", "lena-ledamot", "per-ersattare", "ulla-ersattare"}

// TestParagraphFormRecordsYrkandenVotesAndReservations: the secretary
// records a whole § on the meeting page: two yrkanden, an omröstning (ja,
// nej, avstår), a reservation and omedelbar justering. The API gives the
// § as recorded, and the meeting page and the protocol PDF show it.
func TestParagraphFormRecordsYrkandenVotesAndReservations(t *testing.T) {
	env := apptest.New(t)
	mpage, b, csrf := paragraphMeeting(t, env)
	_, page, _ := b.get(mpage)
	for _, want := range []string{`id="proposals-0" name="proposals"`, `<legend>Omröstning (fylls i bara om nämnden röstar)</legend>`,
		`<legend>Lena Lind</legend>`, `id="vote-0-lena-ledamot-2" name="vote-lena-ledamot" value="nej"`, `<legend>Reservationer mot beslutet</legend>`,
		`id="reservation-0-per-ersattare" name="reservation" value="per-ersattare"`, `id="immediate-0" name="immediate" type="checkbox"`,
		`id="jav-0"`, `id="jav-substitute-0-2"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the § form lacks %s", want)
		}
	}
	form := url.Values{"csrf": {csrf}, "item": {"0"}, "outcome": {"bifall"}, "clauses": {"avtalet godkänns"},
		"proposals": {"Erik Johansson yrkar bifall till förslaget.\r\nLena Lind yrkar avslag.\r\n"},
		"voter":     paragraphVoters, "vote-ordforande": {"ja"}, "vote-vice-ordforande": {"avstar"}, "vote-lena-ledamot": {"nej"},
		"vote-per-ersattare": {""}, "reservation": {"lena-ledamot"}, "immediate": {"on"}, "jav": {"", ""}, "jav_substitute": {"", ""}}
	if status, page, _ := b.post(mpage+"/paragraf", form); status != http.StatusSeeOther {
		t.Fatalf("recording the §: %d\n%s", status, page)
	}
	ps := storedParagraphs(t, env, mpage)
	if len(ps) != 1 {
		t.Fatalf("paragraphs: %v", ps)
	}
	p := ps[0]
	if got := strs(p["proposals"]); !reflect.DeepEqual(got, []string{"Erik Johansson yrkar bifall till förslaget.", "Lena Lind yrkar avslag."}) {
		t.Errorf("yrkanden: %q", got)
	}
	var votes []string
	vs, _ := p["votes"].([]any)
	for _, v := range vs {
		v := v.(map[string]any)
		votes = append(votes, v["username"].(string)+"="+v["vote"].(string))
	}
	if !reflect.DeepEqual(votes, []string{"ordforande=ja", "vice-ordforande=avstar", "lena-ledamot=nej"}) {
		t.Errorf("votes: %v", votes)
	}
	if rs, _ := p["reservations"].([]any); len(rs) != 1 || rs[0].(map[string]any)["username"] != "lena-ledamot" {
		t.Errorf("reservations: %v", p["reservations"])
	}
	if p["immediate"] != true || p["jav"] != nil || !reflect.DeepEqual(strs(p["clauses"]), []string{"avtalet godkänns"}) {
		t.Errorf("immediate, jav, clauses: %v %v %v", p["immediate"], p["jav"], p["clauses"])
	}
	_, page, _ = b.get(mpage)
	if !strings.Contains(page, "§ 1 Avtal om datalagring") || !strings.Contains(page, "<br>att avtalet godkänns") {
		t.Errorf("the meeting page's protocol lacks the §")
	}
	for _, want := range []string{"Yrkande: Erik Johansson yrkar bifall till förslaget.", "Yrkande: Lena Lind yrkar avslag.",
		"Votering: 1 ja, 1 nej, 1 avstår (Ja: ", "Nej: Lena Lind", "Reservation: Lena Lind reserverar sig mot beslutet"} {
		if !strings.Contains(page, want) {
			t.Errorf("the meeting page's protocol lacks %q", want)
		}
	}
	status, pdf, _ := b.get(mpage + "/protokoll.pdf")
	if status != http.StatusOK {
		t.Fatalf("protocol PDF: %d", status)
	}
	text, err := browsertest.PDFText([]byte(pdf))
	if err != nil {
		if _, lerr := exec.LookPath("pdftotext"); lerr != nil && os.Getenv(browsertest.EnvRequire) != "1" {
			t.Skipf("pdftotext: %v", lerr)
		}
		t.Fatalf("pdftotext: %v", err)
	}
	text = strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Paragrafen justeras omedelbart.", "Yrkanden", "Erik Johansson yrkar bifall till förslaget.", "Lena Lind yrkar avslag.",
		"Omröstningsresultat: 1 ja, 1 nej, 1 avstår.", "Lena Lind reserverar sig mot beslutet."} {
		if !strings.Contains(text, want) {
			t.Errorf("protocol PDF lacks %q:\n%s", want, text)
		}
	}
}

// TestParagraphFormRefusesReservationOfNonServing: an ersättare who is
// present but does not serve took no part in the decision; a reservation
// in their name is refused next to the § form, in Swedish and naming
// them, with the form as it was filled in, and nothing is stored.
func TestParagraphFormRefusesReservationOfNonServing(t *testing.T) {
	env := apptest.New(t)
	mpage, b, csrf := paragraphMeeting(t, env)
	before := env.Snapshot(t)
	form := url.Values{"csrf": {csrf}, "item": {"0"}, "outcome": {"avslag"}, "clauses": {"avtalet tecknas inte"},
		"proposals": {"Per Ersättare yrkar bifall."}, "voter": paragraphVoters, "vote-ordforande": {"nej"},
		"reservation": {"per-ersattare"}, "immediate": {"on"}, "jav": {"", ""}, "jav_substitute": {"", ""}}
	status, page, _ := b.post(mpage+"/paragraf", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("reservation by a non-serving ersättare: %d", status)
	}
	errAt, formAt := strings.Index(page, `id="error-paragraf"`), strings.Index(page, `id="paragraph-form-0"`)
	if errAt < formAt || formAt < 0 || !strings.Contains(page,
		"Reservation av Per Ersättare: Bara den som deltagit i beslutet vid paragrafen får reservera sig (KL 4 kap. 27 §).") {
		i := strings.Index(page, "error-paragraf")
		t.Errorf("refusal not next to the § form in Swedish: %s", page[max(0, i-100):min(len(page), i+400)])
	}
	for _, want := range []string{`<option value="avslag" selected>Avslag</option>`, `name="proposals" rows="2">Per Ersättare yrkar bifall.</textarea>`,
		`name="clauses" rows="2">avtalet tecknas inte</textarea>`, `id="vote-0-ordforande-2" name="vote-ordforande" value="nej" checked`,
		`id="vote-0-lena-ledamot-0" name="vote-lena-ledamot" value="" checked`, `name="reservation" value="per-ersattare" checked`,
		`id="immediate-0" name="immediate" type="checkbox" checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form does not keep %s", want)
		}
	}
	if env.Snapshot(t) != before || len(storedParagraphs(t, env, mpage)) != 0 {
		t.Fatal("a refused § changed stored data")
	}
}

// TestParagraphFormTwoJav: two ledamöter leave the § for jäv, each with
// an ersättare stepping in; the ersättare stepping in took part and may
// reserve themselves. The § stores both, and the meeting page says so.
func TestParagraphFormTwoJav(t *testing.T) {
	env := apptest.New(t)
	mpage, b, csrf := paragraphMeeting(t, env)
	form := url.Values{"csrf": {csrf}, "item": {"0"}, "outcome": {"bifall"}, "voter": paragraphVoters,
		"jav": {"vice-ordforande", "lena-ledamot", ""}, "jav_substitute": {"per-ersattare", "ulla-ersattare", ""}, "reservation": {"ulla-ersattare"}}
	if status, page, _ := b.post(mpage+"/paragraf", form); status != http.StatusSeeOther {
		i := strings.Index(page, "error-paragraf")
		t.Fatalf("two jäv: %d %s", status, page[max(0, i-100):min(len(page), i+400)])
	}
	ps := storedParagraphs(t, env, mpage)
	if len(ps) != 1 {
		t.Fatalf("paragraphs: %v", ps)
	}
	p := ps[0]
	var subs []string
	js, _ := p["jav_substitutes"].([]any)
	for _, s := range js {
		s := s.(map[string]any)
		subs = append(subs, s["member"].(string)+"→"+s["substitute"].(string))
	}
	if !reflect.DeepEqual(strs(p["jav"]), []string{"vice-ordforande", "lena-ledamot"}) ||
		!reflect.DeepEqual(subs, []string{"vice-ordforande→per-ersattare", "lena-ledamot→ulla-ersattare"}) {
		t.Errorf("jäv %v, ersättare %v", p["jav"], subs)
	}
	if serving := strings.Join(strs(p["serving"]), ","); serving != "ordforande,per-ersattare,ulla-ersattare" {
		t.Errorf("serving at the §: %s", serving)
	}
	if rs, _ := p["reservations"].([]any); len(rs) != 1 || rs[0].(map[string]any)["username"] != "ulla-ersattare" {
		t.Errorf("reservations: %v", p["reservations"])
	}
	_, page, _ := b.get(mpage)
	for _, want := range []string{"Erik Johansson", "Lena Lind deltar inte i handläggningen på grund av jäv; Ulla Ek", "Per Ersättare"} {
		if !strings.Contains(page, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	// An ersättare in a row without a member leaving is refused.
	before := env.Snapshot(t)
	status, page, _ := b.post(mpage+"/paragraf", url.Values{"csrf": {csrf}, "item": {"0"}, "outcome": {"bifall"},
		"jav": {"", ""}, "jav_substitute": {"", "per-ersattare"}})
	if status != http.StatusUnprocessableEntity || env.Snapshot(t) != before || !strings.Contains(page, "Jävig ledamot 1: Personen är inte anmäld som jävig") {
		t.Errorf("ersättare without a jävig member: %d", status)
	}
}

// strs is a JSON list of strings (nil when absent).
func strs(v any) []string {
	xs, _ := v.([]any)
	var out []string
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
