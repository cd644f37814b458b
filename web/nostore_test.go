package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestLoggedInDownloadsAreNotStored: every response to a logged-in user
// carries Cache-Control: no-store, the downloads too: a handling's file,
// the memo and decision PDFs, a meeting's kallelse, protocol and extracts,
// and the auditors' exports. They are found by crawling the UI as the
// secretary and the revisor (shared browsers and proxies must not keep
// them). Found in review: pages had it, downloads and PDFs did not.
func TestLoggedInDownloadsAreNotStored(t *testing.T) {
	env := apptest.New(t)
	decidedByChair(t, env, "Avtal med MBAB")
	meetingIn(t, env, "avslutat", "Stadshuset")
	h := env.Token("handlaggare")
	id := env.Call(t, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Med handling"}, nil)["id"].(string)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("direction", "inkommande")
	_ = w.WriteField("description", "Brev")
	fw, _ := w.CreateFormFile("file", "brev.txt")
	_, _ = io.WriteString(fw, "Brev\n")
	_ = w.Close()
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/documents", Token: h, Body: buf.Bytes(),
		Header: map[string]string{"Content-Type": w.FormDataContentType()}}); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	downloads := map[string]bool{}
	for _, user := range []string{"sekreterare", "revisor"} {
		b, _ := loggedIn(t, env, user)
		collect := func(_, body string) {
			for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
				link := html.UnescapeString(m[1])
				path, _, _ := strings.Cut(link, "?")
				if strings.HasSuffix(path, ".pdf") || strings.HasSuffix(path, "/pdf") || strings.Contains(path, "/utdrag/") ||
					strings.HasPrefix(path, "/revision/export") || strings.Contains(path, "/handlingar/") {
					downloads[link] = true
				}
			}
		}
		visit(t, b, "/", collect)
		visit(t, b, "/arenden/"+id, collect) // a newly registered case is not in the secretary's lists
		for link := range downloads {
			status, _, hdr := b.get(link)
			if status != http.StatusOK {
				continue // another user's link (the crawl of the first user found it)
			}
			if cc := hdr.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s as %s: Cache-Control %q, want no-store", link, user, cc)
			}
		}
	}
	kinds := map[string]bool{}
	for link := range downloads {
		for _, k := range []string{"tjansteskrivelse.pdf", "/beslut/", "kallelse.pdf", "protokoll.pdf", "/utdrag/", "/revision/export", "/handlingar/"} {
			if strings.Contains(link, k) {
				kinds[k] = true
			}
		}
	}
	if len(kinds) < 7 {
		t.Errorf("the crawl found downloads of only %d kinds: %v", len(kinds), downloads)
	}
}
