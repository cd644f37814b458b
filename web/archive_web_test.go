package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// postFile posts a multipart form with one file, as the plan form does.
func (b *browser) postFile(path string, fields map[string]string, field, name string, data []byte) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			b.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		b.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	res, err := b.c.Post(b.env.URL(path), mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(page)
}

// TestArchivePagesRefuseBadInput: over HTTP, the arkivarie's pages answer
// each bad input of issue 19 with its 4xx and Swedish reason and change
// nothing — the package of a case that is not arkiverad, a plan with an
// unknown class or a negative frist (named by row and column), gallring
// without a gallringsbeslut — and the archive page says when the
// organisation's classification scheme is the one in force.
func TestArchivePagesRefuseBadInput(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "arkivarie")
	admin := env.Token("admin")
	env.Call(t, admin, http.MethodPut, "/api/v1/reference/classes/3.1", map[string]any{"name": "Informationssäkerhet"}, nil)
	env.Call(t, admin, http.MethodPut, "/api/v1/reference/classes/4.1", map[string]any{"name": "Arkiv"}, nil)
	c := env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Larm", "class": "3.1"}, nil)

	before := env.Snapshot(t)
	status, page, hdr := b.get("/arenden/" + c["id"].(string) + "/arkivpaket")
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Bara ett arkiverat ärende kan levereras till e-arkivet.") ||
		hdr.Get("Content-Type") == "application/zip" {
		t.Errorf("the package of a registered case: %d %s\n%s", status, hdr.Get("Content-Type"), page)
	}
	status, page = b.postFile("/arkiv/plan?namnd=ITN", map[string]string{"csrf": csrf}, "file", "ihp.csv",
		[]byte("Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n3.1;Incidenter;Gallras;-2;§ 3\n9.9;Okänd;Bevaras;;§ 9\n"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "<td>Rad 2, kolumn Gallringsfrist</td><td>Gallringsfristen får inte vara negativ.</td>") ||
		!strings.Contains(page, "<td>Rad 3, kolumn Klass</td><td>Klassen finns inte i klassificeringsstrukturen.</td>") || strings.Contains(page, "row 2") {
		t.Errorf("a plan with a negative frist and an unknown class: %d\n%s", status, page)
	}
	status, page, _ = b.post("/arkiv/gallring?namnd=ITN", url.Values{"csrf": {csrf}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Gallring kräver ett registrerat gallringsbeslut") {
		t.Errorf("gallring without a decision: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Error("a refused request changed stored data")
	}

	_, page, _ = b.get("/arkiv?namnd=ITN")
	if !strings.Contains(page, "organisationens klassificeringsstruktur (2 ärendegrupper") {
		t.Errorf("the archive page does not say the organisation's scheme is in force:\n%s", page)
	}
}
