package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var (
	formTag    = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	attrPair   = regexp.MustCompile(`([a-zA-Z_:-]+)(?:="([^"]*)")?`)
	inputTag   = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	textareaEl = regexp.MustCompile(`(?is)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectEl   = regexp.MustCompile(`(?is)<select\b([^>]*)>(.*?)</select>`)
	optionTag  = regexp.MustCompile(`(?is)<option\b([^>]*)>`)
	buttonTag  = regexp.MustCompile(`(?is)<button\b([^>]*)>`)
	hrefAttr   = regexp.MustCompile(`href="(/[^"#]*)"`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrPair.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// webForm is a POST form found on a rendered page, with the values a
// browser would submit (the CSRF field left out).
type webForm struct {
	user, page, action string
	multipart          bool
	fields             url.Values
	files              []string
}

func (f webForm) key() string {
	names := make([]string, 0, len(f.fields))
	for k := range f.fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return f.user + " " + f.action + " " + strings.Join(names, ",") + " " + f.fields.Get("action")
}

// postForms extracts the page's POST forms.
func postForms(user, page, body string) []webForm {
	var out []webForm
	for _, m := range formTag.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		if !strings.EqualFold(a["method"], "post") {
			continue
		}
		f := webForm{user: user, page: page, action: a["action"], multipart: a["enctype"] == "multipart/form-data", fields: url.Values{}}
		if f.action == "" {
			f.action = page
		}
		inner := m[2]
		for _, in := range inputTag.FindAllStringSubmatch(inner, -1) {
			ia := attrs(in[1])
			name := ia["name"]
			switch {
			case name == "" || name == "csrf":
			case ia["type"] == "file":
				f.files = append(f.files, name)
			case ia["type"] == "checkbox" || ia["type"] == "radio":
				if _, on := ia["checked"]; on {
					f.fields.Add(name, cmpOr(ia["value"], "on"))
				}
			default:
				f.fields.Add(name, ia["value"])
			}
		}
		for _, ta := range textareaEl.FindAllStringSubmatch(inner, -1) {
			if name := attrs(ta[1])["name"]; name != "" {
				f.fields.Add(name, html.UnescapeString(ta[2]))
			}
		}
		for _, se := range selectEl.FindAllStringSubmatch(inner, -1) {
			name := attrs(se[1])["name"]
			opts := optionTag.FindAllStringSubmatch(se[2], -1)
			if name == "" || len(opts) == 0 {
				continue
			}
			val := attrs(opts[0][1])["value"]
			for _, o := range opts {
				if oa := attrs(o[1]); oa["selected"] != "" || strings.Contains(o[1], "selected") {
					val = oa["value"]
				}
			}
			f.fields.Set(name, val)
		}
		// The first named button is the one a user presses.
		for _, bt := range buttonTag.FindAllStringSubmatch(inner, -1) {
			if ba := attrs(bt[1]); ba["name"] != "" {
				f.fields.Set(ba["name"], ba["value"])
				break
			}
		}
		out = append(out, f)
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// crawl follows the same-origin links from start as b's user, and returns
// every POST form on the pages reached, keyed so each kind of form is
// tried once per user.
func crawl(t *testing.T, b *browser, user, start string) map[string]webForm {
	t.Helper()
	forms := map[string]webForm{}
	visit(t, b, start, func(page, body string) {
		for _, f := range postForms(user, page, body) {
			if _, ok := forms[f.key()]; !ok {
				forms[f.key()] = f
			}
		}
	})
	return forms
}

// visit fetches every HTML page reachable from start by same-origin links
// (downloads, PDFs and exports left out) and calls fn with each.
func visit(t *testing.T, b *browser, start string, fn func(page, body string)) {
	t.Helper()
	seen := map[string]bool{start: true}
	perPath := map[string]int{}
	queue := []string{start}
	for len(queue) > 0 && len(seen) < 400 {
		page := queue[0]
		queue = queue[1:]
		status, body, h := b.get(page)
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			continue
		}
		fn(page, body)
		for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
			link := html.UnescapeString(m[1])
			path, _, _ := strings.Cut(link, "?")
			if seen[link] || strings.HasPrefix(link, "/static/") || strings.HasSuffix(path, ".pdf") || strings.Contains(path, "/utdrag/") ||
				strings.HasPrefix(path, "/revision/export") || regexp.MustCompile(`/handlingar/\d+$`).MatchString(path) {
				continue
			}
			if perPath[path]++; perPath[path] > 3 { // paging and filter variants of one page
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}
}

// submit posts the form with csrf as its token ("" for none).
func (b *browser) submit(f webForm, csrf string) (int, string) {
	b.t.Helper()
	vals := url.Values{}
	for k, v := range f.fields {
		vals[k] = slices.Clone(v)
	}
	if csrf != "" {
		vals.Set("csrf", csrf)
	}
	var body io.Reader
	ct := "application/x-www-form-urlencoded"
	if f.multipart || len(f.files) > 0 {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for k, vs := range vals {
			for _, v := range vs {
				_ = w.WriteField(k, v)
			}
		}
		for _, name := range f.files {
			fw, _ := w.CreateFormFile(name, "fil.txt")
			_, _ = fw.Write([]byte("Kod;Avsnitt\n"))
		}
		_ = w.Close()
		body, ct = &buf, w.FormDataContentType()
	} else {
		body = strings.NewReader(vals.Encode())
	}
	req, err := http.NewRequest(http.MethodPost, b.env.URL(f.action), body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

// formFixtures makes, over the API, the data on which the UI renders
// every kind of POST form: a new case, one ready for decision with a jäv
// to withdraw, a decision to sign and one to report, a meeting in each
// status and an absence.
func formFixtures(t *testing.T, env *apptest.Env) {
	t.Helper()
	h := env.Token("handlaggare")
	apiCall(t, env, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Nyregistrerat ärende"}, nil)
	ready := decidedByChairWithout(t, env, "Ärende redo för beslut")
	v := apiCall(t, env, h, http.MethodGet, "/api/v1/cases/"+ready, nil, nil)["version"]
	apiCall(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/cases/"+ready+"/jav",
		map[string]string{"person": "it-chef", "ground": "Närstående äger leverantören"}, v)
	decidedByChair(t, env, "Beslut att signera")
	// A draft delegationsordning to adopt.
	apiCall(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/boards/ITN/delegation-orders", map[string]any{"title": "Utkast",
		"points": []map[string]any{{"code": "A1", "section": "A Avtal", "matter": "Avtal", "delegate": "ordforande", "report_to": "namnd"}}}, nil)
	// Each meeting's place says its status in words, as a secretary
	// would write it (a code there would be the fixture's, not the page's).
	for _, st := range [][2]string{{"planerat", "planerat"}, {"pagaende", "pågår"}, {"avslutat", "avslutat"}, {"justerat", "justerat"},
		{"anslag", "anslaget"}} {
		meetingIn(t, env, st[0], "Stadshuset ("+st[1]+")")
	}
	// Signed after the justering, so it is still waiting to be reported.
	signed := decidedByChair(t, env, "Beslut att anmäla")
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, "/api/v1/decisions/"+signed+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	// An open request for allmän handling of a registered handling (its
	// page has the release, refusal and masking forms).
	c := apiCall(t, env, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Ärende med begärd handling"}, nil)
	uploadDoc(t, env, h, c["id"].(string), map[string]string{"direction": "inkommande", "description": "Skrivelse"}, "skrivelse.txt",
		[]byte("Skrivelse från Mörbylånga.\n"))
	apiCall(t, env, h, http.MethodPost, "/api/v1/boards/ITN/disclosure-requests", map[string]any{"channel": "epost",
		"received_at": "2026-03-02T08:00:00+01:00", "asked": "Skrivelsen", "items": []map[string]any{
			{"registration_number": c["registration_number"], "document_no": 1}, {"description": "Protokollet från mars"}}}, nil)
	// A recorded absence, which the Frånvaro page offers to withdraw.
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, "/api/v1/boards/ITN/absences",
		map[string]string{"username": "ordforande", "from": "2026-03-09", "to": "2026-03-13"}, nil)
}

// TestEveryWebFormNeedsItsCSRFToken crawls the UI as every demo user (and
// the login page anonymously), collects every POST form, and posts each
// without a token, with a forged one and with another session's token:
// each is refused with 403 and nothing is stored. Then each is posted with
// its own token and passes the check (whatever the handler then says of
// the values). Every POST route of the UI must be
// reached by some form, so a new form is covered the day it is rendered.
func TestEveryWebFormNeedsItsCSRFToken(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	env := apptest.New(t)
	formFixtures(t, env)

	type session struct {
		b    *browser
		csrf string
	}
	sessions := map[string]session{}
	var forms []webForm
	users := []string{"handlaggare", "it-chef", "sekreterare", "ordforande", "vice-ordforande", "admin", "revisor", "arkivarie"}
	for _, u := range users {
		b, csrf := loggedIn(t, env, u)
		sessions[u] = session{b, csrf}
		for _, f := range crawl(t, b, u, "/") {
			forms = append(forms, f)
		}
	}
	anon := newBrowser(t, env)
	for _, f := range crawl(t, anon, "", "/login") {
		forms = append(forms, f)
	}
	sort.SliceStable(forms, func(i, j int) bool { // logging out last
		return !strings.HasPrefix(forms[i].action, "/logout") && strings.HasPrefix(forms[j].action, "/logout")
	})

	// Every POST route of the UI is reached by at least one form.
	for _, r := range env.App.Engine.Routes() {
		if r.Method != http.MethodPost || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		pat := routePattern(r.Path)
		if !slices.ContainsFunc(forms, func(f webForm) bool { return pat.MatchString(f.action) }) {
			t.Errorf("no rendered form posts to %s: the crawl did not reach it", r.Path)
		}
	}

	// Without a token, with a forged one, with another user's: 403 and
	// nothing stored.
	for _, f := range forms {
		b := anon
		other := sessions["revisor"].csrf
		if f.user != "" {
			b = sessions[f.user].b
		}
		if f.user == "revisor" {
			other = sessions["sekreterare"].csrf
		}
		for name, tok := range map[string]string{"no token": "", "forged token": "x" + strings.Repeat("0", 42), "another session's token": other} {
			before := env.Snapshot(t)
			status, _ := b.submit(f, tok)
			if status != http.StatusForbidden {
				t.Errorf("%s posting %s (form on %s) with %s: %d, want 403", who(f.user), f.action, f.page, name, status)
			}
			if env.Snapshot(t) != before {
				t.Errorf("%s posting %s with %s changed stored data", who(f.user), f.action, name)
			}
		}
	}
	// With the session's own token the form passes the check.
	accepted := 0
	for _, f := range forms {
		b, tok := anon, ""
		if f.user != "" {
			b, tok = sessions[f.user].b, sessions[f.user].csrf
		} else {
			_, page, _ := anon.get("/login")
			tok = csrfOf(t, page)
		}
		status, body := b.submit(f, tok)
		if status >= 500 || (status == http.StatusForbidden && strings.Contains(body, "Ogiltigt formulär")) {
			t.Errorf("%s posting %s (form on %s) with its token: %d", who(f.user), f.action, f.page, status)
		}
		if status < 400 {
			accepted++
		}
	}
	// Most crawled forms are posted empty or stale (a 409 or 422 after
	// the check); enough must go through to show the token is honoured.
	if len(forms) < 25 || accepted < 10 {
		t.Errorf("%d forms found, %d accepted with their token", len(forms), accepted)
	}
	t.Logf("%d forms checked, %d accepted with their token", len(forms), accepted)
}

// routePattern matches the form actions that post to the route path
// (":name" parameters as one path segment, with or without a query).
func routePattern(path string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.MustCompile(`:[a-z_]+`).ReplaceAllString(path, `[^/?]+`) + `(\?|$)`)
}

func who(user string) string {
	if user == "" {
		return "anonymous"
	}
	return user
}
