package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestDatesOutsideTheRangeAreRefused: a date before 1900 or after 2200
// is refused with a 4xx problem naming it, and changes nothing, through
// every door a date enters the API by: a JSON body, a query parameter, a
// multipart form field, a YAML import and a date-time (a meeting's start,
// whose date is stored); 1900-01-01 and 2200-12-31 are accepted. Found in
// review: years such as 0001 and 9999 were taken.
func TestDatesOutsideTheRangeAreRefused(t *testing.T) {
	env := apptest.New(t)
	sek, h := env.Token("sekreterare"), env.Token("handlaggare")
	caseID := env.Call(t, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Datumprov"}, nil)["id"].(string)
	upload := func(date string) apptest.Request {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("direction", "inkommande")
		_ = w.WriteField("description", "Brev")
		_ = w.WriteField("secrecy_reference", "OSL 19:1")
		_ = w.WriteField("secrecy_date", date)
		fw, _ := w.CreateFormFile("file", "brev.txt")
		_, _ = io.WriteString(fw, "Brev\n")
		_ = w.Close()
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + caseID + "/documents", Token: h, Body: buf.Bytes(),
			Header: map[string]string{"Content-Type": w.FormDataContentType()}}
	}
	check := func(date string) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: sek,
			Body: map[string]any{"user": "ordforande", "point_code": "A16", "amount_ore": 100000, "date": date}} // A16 has no limit: no prisbasbelopp of 2200 is needed
	}
	inForce := func(date string) apptest.Request {
		return apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/delegation-orders/in-force?date=" + date, Token: sek}
	}
	search := func(date string) apptest.Request {
		return apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?from=" + date, Token: env.Token("revisor")}
	}
	order := func(date string) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
			Body:   "board: ITN\nnumber: 2\ntitle: Prov\nvalid_from: " + date + "\npoints:\n  - {code: A16, matter: Avtal, delegate: ordforande, report_to: namnd}\n",
			Header: map[string]string{"Content-Type": "application/yaml"}}
	}
	meeting := func(date string) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: sek,
			Body: map[string]any{"starts_at": date + "T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}}}
	}
	digest := func() string {
		var b strings.Builder
		for _, coll := range []string{repo.CollCases, repo.CollDelegationOrders, repo.CollMeetings} {
			recs, err := env.Backend.Find(t.Context(), coll, store.Query{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				b.WriteString(r.ID)
				b.Write(r.Data)
			}
		}
		return b.String()
	}
	for name, req := range map[string]func(string) apptest.Request{"JSON body": check, "query": inForce, "audit query": search,
		"multipart field": upload, "YAML import": order, "date-time (a meeting's start)": meeting} {
		for _, date := range []string{"1899-12-31", "2201-01-01", "0001-01-01", "9999-12-31"} {
			before := digest()
			r := env.Do(req(date))
			if r.Status < 400 || r.Status >= 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s with %s: %d %s, want a 4xx problem", name, date, r.Status, r.Body)
			}
			if digest() != before {
				t.Errorf("%s with %s changed the store", name, date)
			}
		}
	}
	// The edges are dates (no order was in force in 1900: 404, not a
	// refused date), and the requests above are well-formed otherwise.
	for name, req := range map[string]func(string) apptest.Request{"JSON body": check, "query": inForce, "audit query": search} {
		for _, date := range []string{"1900-01-01", "2200-12-31"} {
			if r := env.Do(req(date)); r.Status != http.StatusOK && r.Status != http.StatusNotFound {
				t.Errorf("%s with %s: %d %s, want 200 (or 404 for no order in force)", name, date, r.Status, r.Body)
			}
		}
	}
	if r := env.Do(upload("2026-03-01")); r.Status != http.StatusCreated {
		t.Errorf("upload with a secrecy date today: %d %s", r.Status, r.Body)
	}
	if r := env.Do(meeting("2026-03-12")); r.Status != http.StatusCreated {
		t.Errorf("a meeting on 2026-03-12: %d %s", r.Status, r.Body)
	}
	if r := env.Do(order("2026-06-01")); r.Status != http.StatusCreated {
		t.Errorf("YAML import with valid_from 2026-06-01: %d %s", r.Status, r.Body)
	}
}
