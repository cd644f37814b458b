package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPagesNameTheBoard: the case page and the public e-diarium name the
// nämnd by its full name, not its code (the diarienummer keeps the code).
func TestPagesNameTheBoard(t *testing.T) {
	env := apptest.New(t)
	id := decidedByChairWithout(t, env, "Avtal om nätverk")
	h, _ := loggedIn(t, env, "handlaggare")
	_, page, _ := h.get("/arenden/" + id)
	if !strings.Contains(page, `<dd id="case-board">Ölands IT-nämnd</dd>`) || !strings.Contains(page, `<span id="case-number">ITN 20`) {
		t.Errorf("the case page does not name the nämnd:\n%s", page)
	}
	anon := newBrowser(t, env)
	status, page, _ := anon.get("/diarium?q=n%C3%A4tverk")
	if status != http.StatusOK || !strings.Contains(page, "<dt>Nämnd</dt><dd>Ölands IT-nämnd</dd>") || strings.Contains(page, "<dd>ITN</dd>") {
		t.Errorf("the e-diarium does not name the nämnd: %d\n%s", status, page)
	}
}
