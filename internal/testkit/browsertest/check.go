package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvScreenshots names the folder the page checks write screenshots to;
// without it they go to screenshots/ at the repository's root (ignored
// by git). The README names the folder.
const EnvScreenshots = "SAMSTYR_SCREENSHOTS"

// Widths are the viewport widths every checked page is tried at: a phone
// and a desk.
var Widths = []int{375, 1280}

// PhoneWidth is the narrow width, where the page must not scroll
// sideways.
const PhoneWidth = 375

// kitDir is this package's source folder (axe and the screenshots are
// found from it, whatever the test's working folder).
var kitDir = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}()

// AxePath is the pinned axe-core that `npm ci` installs in
// testdata/axe (package.json and package-lock.json name the version).
func AxePath() string {
	return filepath.Join(kitDir, "testdata", "axe", "node_modules", "axe-core", "axe.min.js")
}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript reads axe.min.js once.
func axeScript() (string, error) {
	axeOnce.Do(func() {
		b, err := os.ReadFile(AxePath())
		if err != nil {
			// Not installed yet (a fresh clone): install the pinned
			// package as the single sign-on tests do theirs, if npm is
			// there.
			if npm, lerr := exec.LookPath("npm"); lerr == nil {
				b, err = installAxe(npm)
			}
		}
		if err != nil {
			axeErr = fmt.Errorf("axe-core not installed (%v): run `(cd %s && npm ci --no-audit --no-fund)`",
				err, filepath.Join("internal", "testkit", "browsertest", "testdata", "axe"))
			return
		}
		axeSource = string(b)
	})
	return axeSource, axeErr
}

// ScreenshotDir is where CheckPage writes its screenshots.
func ScreenshotDir() string {
	if d := os.Getenv(EnvScreenshots); d != "" {
		return d
	}
	return filepath.Join(kitDir, "..", "..", "..", "screenshots")
}

// Violation is one axe finding on a page at one width.
type Violation struct {
	ID, Impact, Help string
	Targets          []string
}

// axeRun runs axe on the page and returns the critical and serious
// violations.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.filter(v => v.impact === "critical" || v.impact === "serious").map(v => ({
    ID: v.id, Impact: v.impact, Help: v.help,
    Targets: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))
  }));
})()`

// visibleText is what a person reads on the page: the title, the body's
// rendered text, and the texts of buttons, fields and images that are
// not text nodes.
const visibleText = `(() => {
  const out = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll("[placeholder],[alt],[aria-label],[title],input[type=submit],input[type=button]")) {
    for (const a of ["placeholder", "alt", "aria-label", "title"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    if (el.matches("input[type=submit],input[type=button]") && el.value) out.push(el.value);
  }
  return out.join("\n");
})()`

var shotMu sync.Mutex
var shotCount = map[string]int{}

// CheckPage checks the page the browser shows now, as every browser test
// does on every page it visits: at 375 px and at 1280 px axe-core finds no
// critical or serious violation; at 375 px the page does not scroll
// sideways; the visible text holds no internal code, UUID or English
// (Codes); and a screenshot at each width is written to ScreenshotDir
// as <test>/<nn>-<name>-<width>.png. Findings are reported with t.Errorf,
// so a test goes on to its next page. The viewport is 1280 px wide
// afterwards.
func CheckPage(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	script, err := axeScript()
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%s=1 but %v", EnvRequire, err)
		}
		t.Logf("page %s: accessibility not checked: %v", name, err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("page %s: %v", name, err)
	}
	shotMu.Lock()
	shotCount[t.Name()]++
	n := shotCount[t.Name()]
	shotMu.Unlock()
	dir := filepath.Join(ScreenshotDir(), fileName(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshots: %v", err)
	}
	defer func() {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(Widths[len(Widths)-1]), 900)); err != nil {
			t.Errorf("page %s: viewport back: %v", name, err)
		}
	}()
	for _, w := range Widths {
		where := fmt.Sprintf("page %s (%s) at %d px", name, location, w)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), 900)); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if w == PhoneWidth {
			sw, err1 := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			iw, err2 := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
			if err := errors.Join(err1, err2); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if sw > iw {
				wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](widest))
				t.Errorf("%s scrolls sideways: scrollWidth %d > innerWidth %d; too wide: %v", where, sw, iw, wide)
			}
		}
		if script != "" {
			loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined"`))
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if !loaded {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](script+"\n;0")); err != nil {
					t.Fatalf("%s: inject axe: %v", where, err)
				}
			}
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe: %v", where, err)
			}
			for _, v := range vs {
				t.Errorf("%s: axe %s (%s): %s: %v", where, v.ID, v.Impact, v.Help, v.Targets)
			}
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", where, err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%02d-%s-%d.png", n, fileName(name), w))
		if err := os.WriteFile(file, buf, 0o644); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
	}
	txt, err := chromedp.Run(ctx, chromedp.Evaluate[string](visibleText))
	if err != nil {
		t.Fatalf("page %s: text: %v", name, err)
	}
	CheckText(t, "page "+name+" ("+location+")", txt)
}

// widest lists the elements wider than the window, for the message.
const widest = `(() => {
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && out.length < 6) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " right=" + Math.round(r.right));
  }
  return out;
})()`

// CheckText reports (t.Errorf) every internal code Codes finds in text
// that people read: what names where it comes from.
func CheckText(t testing.TB, what, text string) {
	t.Helper()
	for _, f := range Codes(text) {
		t.Errorf("%s shows %v", what, f)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9åäöÅÄÖ._-]+`)

func fileName(s string) string { return strings.Trim(unsafeName.ReplaceAllString(s, "-"), "-") }

// installAxe runs `npm ci` in testdata/axe under an exclusive lock on a
// file there, so test binaries started at once (web, cmd/samstyr) do not
// install over each other; a binary that waited finds it installed.
func installAxe(npm string) ([]byte, error) {
	dir := filepath.Join(kitDir, "testdata", "axe")
	lock, err := os.OpenFile(filepath.Join(dir, "node_modules.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing the file releases it too
	if b, err := os.ReadFile(AxePath()); err == nil {
		return b, nil
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("npm ci: %v: %s", err, out)
	}
	return os.ReadFile(AxePath())
}
