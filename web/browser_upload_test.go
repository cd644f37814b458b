package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserUploadRefusals: through the real upload form a handläggare
// picks a .bat script, a PDF saved as .docx and a PDF whose name carries a
// right-to-left override; each is refused with a Swedish message and the
// case keeps no handling. A real PDF then goes through.
func TestBrowserUploadRefusals(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	c := env.Call(t, token, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med BHEM"}, nil)
	id := c["id"].(string)
	dir := t.TempDir()
	pdf := "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "handlaggare")
	// submit sends the form with the file at path and waits for the
	// element wait (#error on a refusal, #documents after a success).
	submit := func(path, wait string) string {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(env.URL("/arenden/"+id)),
			chromedp.WaitVisible(chromedp.ID("upload-submit")),
			chromedp.SendKeys(chromedp.ID("doc-description"), "Handling från BHEM"),
			chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
			chromedp.Click(chromedp.ID("upload-submit")),
		); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.ID(wait))); err != nil {
			t.Fatalf("upload of %s: no #%s: %v", filepath.Base(path), wait, err)
		}
		if wait == "error" {
			browsertest.CheckPage(t, ctx, "uppladdning vägrad")
		} else {
			browsertest.CheckPage(t, ctx, "handling uppladdad")
		}
		return text(t, ctx, chromedp.ID(wait))
	}
	for _, tc := range []struct{ name, path, want string }{
		{"script", file("rensa.bat", "del /q C:\\*\r\n"), "Filtypen är inte tillåten"},
		{"renamed pdf", file("avtal.docx", pdf), "Filens innehåll stämmer inte med filändelsen"},
		{"bidi override in name", file("avtal\u202efdp.pdf", pdf), "Fil: Innehåller otillåtna styrtecken"},
	} {
		// The refusal shows next to the upload form, on the case page.
		if msg := submit(tc.path, "error-document"); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: page says %q, want %q", tc.name, msg, tc.want)
		}
	}
	got := env.Call(t, token, http.MethodGet, "/api/v1/cases/"+id, nil, nil)
	if docs := got["documents"].([]any); len(docs) != 0 || got["version"] != c["version"] {
		t.Fatalf("refused uploads left %d handlingar, version %v", len(docs), got["version"])
	}
	if docs := submit(file("avtal.pdf", pdf), "documents"); !strings.Contains(docs, "avtal.pdf") {
		t.Errorf("handlingar after a valid upload: %q", docs)
	}
}
