package browsertest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// recorder is a testing.TB that keeps what CheckPage reports.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf("FATAL "+format, args...)
	runtime.Goexit()
}

// check runs CheckPage on a recorder and returns what it reported.
func check(t *testing.T, fn func(tb testing.TB)) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r.msgs
}

const goodPage = `<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Ärenden</title></head>
<body><main><h1>Ärenden</h1><p>1 ärende under beredning, beslutat 2026-03-02 09:30.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Kommunens vapen"></main></body></html>`

const badPage = `<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Ärenden</title></head>
<body><main><h1>Ärenden</h1><table style="width:900px"><tr><td>Status: under_beredning</td></tr></table>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`

// TestCheckPage: a page that is fine passes with two screenshots; a page
// that is wider than a phone, has an image without text for screen
// readers and shows a state's code gets a finding for each.
func TestCheckPage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src data:; style-src 'unsafe-inline'")
		if r.URL.Path == "/bad" {
			fmt.Fprint(w, badPage)
			return
		}
		fmt.Fprint(w, goodPage)
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	base := "http://" + ln.Addr().String()
	shots := t.TempDir()
	t.Setenv(EnvScreenshots, shots)

	ctx := New(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/good")); err != nil {
		t.Fatal(err)
	}
	if msgs := check(t, func(tb testing.TB) { CheckPage(tb, ctx, "bra sida") }); len(msgs) > 0 {
		if _, err := os.Stat(AxePath()); err != nil && os.Getenv(EnvRequire) != "1" {
			t.Skipf("axe-core not installed: %v", msgs)
		}
		t.Errorf("a good page got findings: %q", msgs)
	}
	for _, w := range Widths {
		file := filepath.Join(shots, "TestCheckPage", fmt.Sprintf("01-bra-sida-%d.png", w))
		if st, err := os.Stat(file); err != nil || st.Size() == 0 {
			t.Errorf("no screenshot %s: %v", file, err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/bad")); err != nil {
		t.Fatal(err)
	}
	msgs := strings.Join(check(t, func(tb testing.TB) { CheckPage(tb, ctx, "dålig sida") }), "\n")
	for _, want := range []string{"scrolls sideways", "axe image-alt (critical)", "snake_case «under_beredning»"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("bad page: no %q in\n%s", want, msgs)
		}
	}
	if strings.Contains(msgs, "FATAL") {
		t.Errorf("bad page stopped the check: %s", msgs)
	}
}
