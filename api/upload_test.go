package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

const testPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

// testPDFA is a PDF whose XMP metadata declares PDF/A-2b.
const testPDFA = "%PDF-1.7\n3 0 obj <</Type /Metadata /Subtype /XML>> stream\n" +
	`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>` +
	"\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

const testEML = "From: Anna Svensson <anna@example.se>\r\nDate: Mon, 2 Mar 2026 09:15:00 +0100\r\n" +
	"Subject: Synpunkter\r\n\r\nHej!\r\n"

// TestUploadRefusalsStoreNothing sends, through the real Gin engine on
// SQLite and on the Mongo backend (FerretDB harness), scripts under their
// own names, files whose bytes and extension disagree, and file names,
// descriptions and parties with control or bidirectional formatting
// characters. Each is a 422 naming the problem (and the field), and
// nothing is stored: no handling, no event, no file chunk.
func TestUploadRefusalsStoreNothing(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { uploadRefusals(t, apptest.New(t)) })
	t.Run("mongo", func(t *testing.T) { uploadRefusals(t, apptest.New(t, apptest.WithBackend(ferrettest.Open(t)))) })
}

func uploadRefusals(t *testing.T, env *apptest.Env) {
	token := env.Token("handlaggare")
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Avtal med BHEM"})
	id := c["id"].(string)
	meta := map[string]string{"direction": "inkommande", "description": "Handling från BHEM", "party": "BHEM"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range meta {
			m[a] = b
		}
		m[k] = v
		return m
	}
	script := []byte("echo hej\r\n")
	for _, up := range []struct {
		name, file string
		fields     map[string]string
		data       []byte
		code       string
		field      string // the bad field, for validation_failed
	}{
		{"bat", "rensa.bat", meta, script, "file_type_not_allowed", "/file"},
		{"vbs", "makro.vbs", meta, []byte("MsgBox \"hej\"\r\n"), "file_type_not_allowed", "/file"},
		{"js", "skript.js", meta, []byte("alert(1)\n"), "file_type_not_allowed", "/file"},
		{"ps1", "skript.ps1", meta, []byte("Remove-Item C:\\ -Recurse\n"), "file_type_not_allowed", "/file"},
		{"hta", "app.hta", meta, []byte("<html><script>alert(1)</script></html>"), "file_type_not_allowed", "/file"},
		{"cmd", "rensa.CMD", meta, script, "file_type_not_allowed", "/file"},
		{"sh", "install.sh", meta, []byte("rm -rf /\n"), "file_type_not_allowed", "/file"},
		{"no extension", "README", meta, []byte("text\n"), "file_type_not_allowed", "/file"},
		{"shebang script as txt", "skript.txt", meta, []byte("#!/bin/sh\nrm -rf /\n"), "file_type_not_allowed", "/file"},
		{"program as pdf", "faktura.pdf", meta, []byte("MZ\x90\x00\x03\x00\x00\x00"), "file_type_not_allowed", "/file"},
		{"pdf as docx", "avtal.docx", meta, []byte(testPDF), "file_type_mismatch", "/file"},
		{"text as pdf", "avtal.pdf", meta, []byte("Bara text.\n"), "file_type_mismatch", "/file"},
		{"html as eml", "brev.eml", meta, []byte("<html><script>alert(1)</script></html>"), "file_type_mismatch", "/file"},
		{"empty", "tom.pdf", meta, nil, "file_type_not_allowed", "/file"},
		{"bidi override in file name", "avtal\u202efdp.pdf", meta, []byte(testPDF), "control_characters", "/file"},
		{"bidi isolate in file name", "avtal \u2067x\u2069.pdf", meta, []byte(testPDF), "control_characters", "/file"},
		// A raw control character is refused by the multipart parser (400);
		// RFC 2231 encoding (filename*=UTF-8''…) brings it through.
		{"bell in encoded file name", "rfc2231:avtal%07.pdf", meta, []byte(testPDF), "control_characters", "/file"},
		{"encoded bidi override in file name", "rfc2231:avtal%E2%80%AEfdp.pdf", meta, []byte(testPDF), "control_characters", "/file"},
		{"bidi in description", "avtal.pdf", with("description", "Avtal \u202egifnoc"), []byte(testPDF), "control_characters", "/description"},
		{"escape in description", "avtal.pdf", with("description", "Avtal \x1b[31m"), []byte(testPDF), "control_characters", "/description"},
		{"bidi in party", "avtal.pdf", with("party", "BHEM\u2066"), []byte(testPDF), "control_characters", "/party"},
	} {
		t.Run(up.name, func(t *testing.T) {
			var r apptest.Response
			if enc, ok := strings.CutPrefix(up.file, "rfc2231:"); ok {
				r = uploadEncodedName(t, env, token, id, up.fields, enc, up.data)
			} else {
				r = upload(t, env, token, id, up.fields, up.file, up.data)
			}
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s, want 422", r.Status, r.Body)
			}
			p := r.JSON(t)
			wantCode := up.code
			if up.code == "control_characters" {
				wantCode = "validation_failed"
			}
			if p["code"] != wantCode || !strings.Contains(string(r.Body), fmt.Sprintf(`"field":"%s"`, up.field)) ||
				!strings.Contains(string(r.Body), up.code) {
				t.Errorf("problem %s, want code %s naming %s (%s)", r.Body, wantCode, up.field, up.code)
			}
		})
	}
	got := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token}).JSON(t)
	if got["version"] != c["version"] || len(got["history"].([]any)) != 1 || len(got["documents"].([]any)) != 0 {
		t.Errorf("a refused upload changed the case: version %v, %d events, %d handlingar", got["version"],
			len(got["history"].([]any)), len(got["documents"].([]any)))
	}
	if n, err := env.Backend.Count(t.Context(), repo.CollBlobChunks, nil); err != nil || n != 0 {
		t.Errorf("%d file chunks stored (%v), want 0", n, err)
	}
	if strings.Contains(env.Logs(), `"level":"ERROR"`) {
		t.Errorf("a refused upload was logged as a server error:\n%s", env.Logs())
	}
}

// uploadEncodedName uploads data under a file name given RFC 2231
// percent-encoded (filename*=UTF-8”name), as some clients send it.
func uploadEncodedName(t *testing.T, env *apptest.Env, token, id string, fields map[string]string, encoded string, data []byte) apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="file"; filename*=UTF-8''` + encoded},
		"Content-Type": {"application/octet-stream"}})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/documents", Token: token,
		Body: buf.Bytes(), Header: map[string]string{"Content-Type": w.FormDataContentType()}})
}

// TestUploadRecordsTheFormat: accepted handlingar carry the format the
// bytes are (the e-archive needs PDF/A told from PDF) and are served with
// its media type; the history still verifies.
func TestUploadRecordsTheFormat(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": "Avtal med BHEM"})["id"].(string)
	meta := map[string]string{"direction": "inkommande", "description": "Handling från BHEM"}
	for i, up := range []struct {
		file, data, contentType, format string
		archival                        bool
	}{
		{"protokoll.pdf", testPDFA, "application/pdf", "PDF/A-2b", true},
		{"avtal.PDF", testPDF, "application/pdf", "PDF 1.4", false},
		{"brev.eml", testEML, "message/rfc822", "EML", false},
		{"lista.csv", "kommun;belopp\nBorgholm;1000\n", "text/csv; charset=utf-8", "CSV", false},
		{"ritning.tif", "II*\x00\x08\x00\x00\x00", "image/tiff", "TIFF", false},
	} {
		r := upload(t, env, token, id, meta, up.file, []byte(up.data))
		if r.Status != http.StatusCreated {
			t.Fatalf("%s: %d %s", up.file, r.Status, r.Body)
		}
		d := r.JSON(t)
		if d["content_type"] != up.contentType || d["format"] != up.format || (d["archival"] == true) != up.archival {
			t.Errorf("%s: %s, want %s, format %s, archival %v", up.file, r.Body, up.contentType, up.format, up.archival)
		}
		dl := env.Do(apptest.Request{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/cases/%s/documents/%d/content", id, i+1), Token: token})
		if dl.Status != 200 || dl.Header.Get("Content-Type") != up.contentType || string(dl.Body) != up.data {
			t.Errorf("%s: download %d %q", up.file, dl.Status, dl.Header.Get("Content-Type"))
		}
	}
	h := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	if h["verified"] != true {
		t.Errorf("history does not verify: %v", h["problem"])
	}
}

// TestTitlesRefuseControlCharacters: the title rule holds wherever a
// title or name enters (here the ärendemening and motpart at
// registration, and the memo's rubrik), with a 422 naming the field, and
// a refused registration draws no diarienummer.
func TestTitlesRefuseControlCharacters(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	reg := func(body any) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token, Body: body}
	}
	run(t, env, []scenario{
		{name: "bidi override in title", req: reg(map[string]string{"board": "ITN", "title": "Bygglov \u202eexe.fdp"}),
			status: 422, code: "validation_failed", contains: []string{`"field":"/title"`, "control_characters"}},
		{name: "pop isolate in title", req: reg(map[string]string{"board": "ITN", "title": "Bygglov\u2069"}),
			status: 422, code: "validation_failed", contains: []string{`"field":"/title"`, "control_characters"}},
		{name: "newline in title", req: reg(map[string]string{"board": "ITN", "title": "Bygglov\nfalsk rad"}),
			status: 422, code: "validation_failed", contains: []string{`"field":"/title"`, "control_characters"}},
		{name: "NUL in counterpart", req: reg(map[string]string{"board": "ITN", "title": "Bygglov", "counterpart": "A\x00B"}),
			status: 422, code: "validation_failed", contains: []string{`"field":"/counterpart"`, "control_characters"}},
		{name: "escape in description", req: reg(map[string]string{"board": "ITN", "title": "Bygglov", "description": "rad\x1b[2J"}),
			status: 422, code: "validation_failed", contains: []string{`"field":"/description"`, "control_characters"}},
	})
	if n, _ := env.Backend.Count(t.Context(), repo.CollCases, nil); n != 0 {
		t.Errorf("%d cases stored after refused registrations, want 0", n)
	}
	// Multi-line text may have line breaks; the next number is still 1.
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Bygglov", "description": "rad 1\nrad 2\ttabb"})
	if c["registration_number"] != "ITN 2026/1" {
		t.Errorf("first registration after the refusals is %v, want ITN 2026/1 (no number drawn by a refused one)", c["registration_number"])
	}
	memo := map[string]any{"title": "Rubrik \u202e", "author_name": "Anna\u200f"}
	r := saveMemo(t, env, token, c["id"].(string), 0, memo)
	if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"/title"`) || !strings.Contains(string(r.Body), `"field":"/author_name"`) {
		t.Errorf("memo with bidi characters: %d %s", r.Status, r.Body)
	}
}
