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

// TestStartPageIsTheDesk: the start page is the person's "Att göra": the
// chair sees the decision waiting for their signature, linked to the
// decision page (where signing asks for the password); the handläggare
// sees the case, not the signature; a person with nothing waiting is
// told so.
func TestStartPageIsTheDesk(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	start := func(user string) string {
		t.Helper()
		b := newBrowser(t, env)
		_, page, _ := b.get("/login")
		if status, _, _ := b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {user}, "password": {apptest.DemoPassword}}); status != http.StatusSeeOther {
			t.Fatalf("login %s: %d", user, status)
		}
		status, page, _ := b.get("/")
		if status != 200 || !strings.Contains(page, `id="desk-heading">Att göra<`) {
			t.Fatalf("start page of %s: %d\n%s", user, status, page)
		}
		return page
	}
	chair := start("ordforande")
	if !strings.Contains(chair, `id="desk-sign">Beslut att signera (1)<`) || !strings.Contains(chair, `href="/beslut/`+did+`"`) {
		t.Errorf("the chair's desk lacks the decision to sign:\n%s", chair)
	}
	officer := start("handlaggare")
	if strings.Contains(officer, `id="desk-sign"`) || !strings.Contains(officer, `id="desk-cases">Dina ärenden (1)<`) ||
		!strings.Contains(officer, "Avtal med MBAB om drift (Beslutat)") {
		t.Errorf("the handläggare's desk:\n%s", officer)
	}
	if auditor := start("revisor"); !strings.Contains(auditor, `id="desk-empty"`) {
		t.Errorf("the revisor's desk is not empty:\n%s", auditor)
	}
}

// TestCaseRefusalStaysOnTheCase: a case event sent from a stale page (the
// case changed meanwhile) is refused next to the buttons, on the case
// page with the case's current state, not on an error page; so is a
// handling without a file, next to the upload form.
func TestCaseRefusalStaysOnTheCase(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "handlaggare")
	_, _, h := b.post("/arenden", url.Values{"csrf": {csrf}, "board": {"ITN"}, "title": {"Avtal om drift"}})
	m := caseLink.FindStringSubmatch(h.Get("Location"))
	if m == nil {
		t.Fatalf("register: %s", h.Get("Location"))
	}
	id := m[1]
	status, page, _ := b.post("/arenden/"+id+"/handelse/start", url.Values{"csrf": {csrf}, "version": {"99"}})
	if status != http.StatusConflict || !strings.Contains(page, `id="error-event"`) || !strings.Contains(page, "Någon annan har ändrat") ||
		!strings.Contains(page, "ITN 2026/1") || !strings.Contains(page, `id="event-start"`) {
		t.Errorf("stale event: %d\n%s", status, page)
	}
	before := env.Snapshot(t)
	status, page = postMultipart(t, b, "/arenden/"+id+"/handlingar", map[string]string{"csrf": csrf, "direction": "inkommande", "date": "2026-03-02", "description": "Offert"})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-document"`) || !strings.Contains(page, "ITN 2026/1") {
		t.Errorf("handling without a file: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Error("a refused handling changed stored data")
	}
}

// postMultipart posts fields as multipart/form-data (no file) through b.
func postMultipart(t *testing.T, b *browser, path string, fields map[string]string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.env.URL(path), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}
