package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func TestDecisionFormOnTheCasePage(t *testing.T) {
	env := apptest.New(t)
	h, hcsrf := loggedIn(t, env, "handlaggare")
	_, _, hd := h.post("/arenden", url.Values{"csrf": {hcsrf}, "board": {"ITN"}, "title": {"Avrop av datorer"}})
	id := caseLink.FindStringSubmatch(hd.Get("Location"))[1]
	h.post("/arenden/"+id+"/tjansteskrivelse", url.Values{"csrf": {hcsrf}, "revision": {"0"}, "title": {"Avrop"}, "clause": {"datorer avropas"},
		"description": {"x"}, "assessment": {"y"}, "consequences": {"z"}, "send_to": {"IT-chefen"}, "action": {"save"}})
	h.post("/arenden/"+id+"/handelse/start", url.Values{"csrf": {hcsrf}, "version": {"2"}})
	h.post("/arenden/"+id+"/handelse/submit", url.Values{"csrf": {hcsrf}, "version": {"3"}, "submit_to": {"it-chef"}})

	b, csrf := loggedIn(t, env, "it-chef")
	_, page, _ := b.get("/arenden/" + id)
	if !strings.Contains(page, `id="take-decision"`) || !strings.Contains(page, "B3 Upphandling") {
		t.Fatalf("no decision form on a case ready for decision:\n%s", page)
	}
	// Check first: 400 000 kr is over 5 prisbasbelopp.
	status, page, _ := b.post("/arenden/"+id+"/beslut", url.Values{"csrf": {csrf}, "version": {"4"}, "point_code": {"B3"},
		"kind": {"delegation"}, "amount": {"400 000"}, "action": {"check"}})
	if status != 200 || !strings.Contains(page, "Beloppet överstiger beloppsgränsen.") {
		t.Errorf("check over the limit: %d", status)
	}
	status, page, _ = b.post("/arenden/"+id+"/beslut", url.Values{"csrf": {csrf}, "version": {"4"}, "point_code": {"B3"},
		"kind": {"delegation"}, "amount": {"180 000"}, "action": {"check"}})
	if !strings.Contains(page, "Du får fatta beslutet: punkt B3") {
		t.Errorf("check within the limit: %d", status)
	}
	status, _, hdr := b.post("/arenden/"+id+"/beslut", url.Values{"csrf": {csrf}, "version": {"4"}, "point_code": {"B3"},
		"kind": {"delegation"}, "amount": {"180 000"}, "action": {"decide"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/beslut/") {
		t.Fatalf("decide: %d %s", status, hdr.Get("Location"))
	}
	_, page, _ = b.get(strings.Split(hdr.Get("Location"), "?")[0])
	if !strings.Contains(page, "180\u00a0000,00\u00a0kr") || !strings.Contains(page, `id="sign"`) || !strings.Contains(page, "Karin Berg, förvaltningschef, beslutar enligt punkt B3") ||
		!strings.Contains(page, "(beloppsgräns 5 prisbasbelopp)") {
		t.Errorf("decision page:\n%s", page)
	}
	if status, _, _ := b.post("/arenden/"+id+"/beslut", url.Values{"csrf": {csrf}, "version": {"5"}, "point_code": {"B3"},
		"amount": {"12,5,0"}, "action": {"decide"}}); status != http.StatusUnprocessableEntity {
		t.Errorf("garbage amount: %d", status)
	}
}

var errorRow = regexp.MustCompile(`<tr><td>(row [0-9]+[^<]*)</td>`)

func TestDelegationOrderPageAndImport(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := b.get("/delegationsordning")
	if !strings.Contains(page, "Gällande") || !strings.Contains(page, "A16") || !strings.Contains(page, "5 prisbasbelopp") ||
		!strings.Contains(page, "får inte delegeras") {
		t.Fatalf("order page:\n%s", page)
	}
	_, page, _ = b.get("/delegationsordning?datum=2024-06-01")
	if !strings.Contains(page, "Ingen delegationsordning gällde 2024-06-01") {
		t.Errorf("as-of view before version 1")
	}
	upload := func(csv string) (int, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("csrf", csrf)
		fw, _ := w.CreateFormFile("file", "ordning.csv")
		_, _ = io.WriteString(fw, csv)
		_ = w.Close()
		req, _ := http.NewRequest(http.MethodPost, env.URL("/delegationsordning?namnd=ITN"), &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	status, page := upload("Kod;Avsnitt;Ärende;Lagrum;Delegat;Ersättare;Beloppsgräns;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell\n" +
		"A1;A;Avtal;;Kungen;;;;Nämnd;Nej;Nej;;Nej\nA1;A;Avtal;;Ordförande;;-1 kr;;Nämnd;Nej;Nej;;Nej\n")
	rows := errorRow.FindAllStringSubmatch(page, -1)
	if status != http.StatusUnprocessableEntity || len(rows) < 3 {
		t.Fatalf("bad CSV: %d, error rows %v\n%s", status, rows, page)
	}
	status, _ = upload("Kod;Avsnitt;Ärende;Lagrum;Delegat;Ersättare;Beloppsgräns;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell\n" +
		"A1;A;Avtal;;Ordförande;Vice ordförande;;;Nämnd;Nej;Nej;;Nej\n")
	if status != http.StatusSeeOther {
		t.Fatalf("good CSV: %d", status)
	}
	_, page, _ = b.get("/delegationsordning?version=2")
	if !strings.Contains(page, "Utkast") {
		t.Errorf("imported draft not shown")
	}
}
