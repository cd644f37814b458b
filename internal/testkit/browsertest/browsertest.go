// Package browsertest drives Debian's headless Chromium through chromedp
// for end-to-end tests of the web UI. Without Chromium the tests skip,
// unless SAMSTYR_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvRequire makes a missing browser a failure instead of a skip.
const EnvRequire = "SAMSTYR_REQUIRE_BROWSER"

// findChromium returns the path of a Chromium binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Require skips the test where New would (under `go test -short`, or
// without Chromium unless SAMSTYR_REQUIRE_BROWSER=1, where it fails) and
// returns Chromium's path: a test that builds a long fixture before it
// starts the browser calls it first, so that it does not build it for
// nothing.
func Require(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests run in the full suite, not under -short")
	}
	path := findChromium()
	if path == "" {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("no Chromium on PATH and %s=1: install Debian's chromium package", EnvRequire)
		}
		t.Skip("no Chromium on PATH; install Debian's chromium to run browser tests")
	}
	return path
}

// New starts a headless browser for the test and returns its context,
// bounded by timeout. The browser is closed when the test ends. It skips
// the test where Require does.
func New(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	path := Require(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	ctx, cancel := context.WithTimeout(bctx, timeout)
	t.Cleanup(func() {
		cancel()
		cancelBrowser()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}
