package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
)

// multipartDocument is the upload form of a handling with file data.
func multipartDocument(data []byte) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("direction", "inkommande")
	_ = w.WriteField("description", "Offert från leverantören")
	_ = w.WriteField("party", "Leverantören AB")
	fw, _ := w.CreateFormFile("file", "offert.txt")
	_, _ = fw.Write(data)
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// SpecFor is the case spec of the n-th case of a run: every second with a
// handling, every third with a budget impact, every fourth under B3.
func SpecFor(n int) CaseSpec {
	s := CaseSpec{Title: fmt.Sprintf("Avtal om IT-drift nr %d med kommunala bolaget", n), Document: n%2 == 0, Budget: n%3 == 0, Point: "A16"}
	if n%4 == 1 {
		s.Point = "B3"
		s.Title = fmt.Sprintf("Avrop av nätverksutrustning nr %d", n)
	}
	return s
}

// Drafting is a handläggare preparing a case: registrera, a first draft
// of the tjänsteskrivelse, a handling, the finished tjänsteskrivelse, and
// the start of beredningen. The case stays under beredning.
func (c *Client) Drafting(ctx context.Context, spec CaseSpec) (string, error) {
	cur, err := c.register(ctx, spec.Title)
	if err != nil {
		return "", err
	}
	draft := map[string]any{"title": spec.Title, "description": "Utkast: " + spec.Title}
	if _, err := c.saveMemo(ctx, cur, draft); err != nil {
		return cur.ID, err
	}
	next, err := c.getCase(ctx, cur.ID, c.cfg.People.Officer)
	if err != nil {
		return cur.ID, err
	}
	if _, err := c.addDocument(ctx, *next); err != nil {
		return cur.ID, err
	}
	if next, err = c.getCase(ctx, cur.ID, c.cfg.People.Officer); err != nil {
		return cur.ID, err
	}
	if _, err := c.saveMemo(ctx, *next, c.memo(spec.Title, spec.Budget)); err != nil {
		return cur.ID, err
	}
	if next, err = c.getCase(ctx, cur.ID, c.cfg.People.Officer); err != nil {
		return cur.ID, err
	}
	if _, err := c.fire(ctx, *next, "start", c.cfg.People.Officer); err != nil {
		return cur.ID, err
	}
	return cur.ID, nil
}

// auditQueries are the revisor's searches of the decision history.
func (c *Client) auditQueries() []url.Values {
	return []url.Values{
		{"point_code": {"A16"}},
		{"budget_impact": {"true"}},
		{"signed": {"true"}, "reported": {"false"}},
		{"decider": {c.cfg.People.Manager}, "sort": {"amount"}},
		{"q": {"avtal"}},
		{"board": {c.cfg.Board}, "from": {"2026-01-01"}, "to": {"2030-12-31"}, "order": {"asc"}},
		{"amount_min": {"1000000"}, "amount_max": {"50000000"}},
		{},
	}
}

// Auditor is a revisor searching the decision history: one of the
// typical filters, up to three pages of 25 with the keyset cursor.
func (c *Client) Auditor(ctx context.Context, rng *rand.Rand) error {
	q := url.Values{}
	qs := c.auditQueries()
	for k, v := range qs[rng.IntN(len(qs))] {
		q[k] = v
	}
	q.Set("limit", "25")
	for range 3 {
		res, err := c.do(ctx, request{op: "audit_search", method: http.MethodGet, path: "/api/v1/audit/decisions?" + q.Encode(), user: c.cfg.People.Auditor})
		if err != nil {
			return err
		}
		if res.status != http.StatusOK {
			return unexpected("audit search "+q.Encode(), res)
		}
		var p struct {
			Next string `json:"next"`
		}
		if err := res.decode(&p); err != nil {
			return err
		}
		if p.Next == "" {
			return nil
		}
		q.Set("cursor", p.Next)
	}
	return nil
}

// Reads is a user looking at cases: a page of the case list, one case
// from it, and that case's verified history.
func (c *Client) Reads(ctx context.Context, rng *rand.Rand) error {
	path := "/api/v1/cases?board=" + c.cfg.Board + "&per_page=20&page=" + strconv.Itoa(1+rng.IntN(3))
	res, err := c.do(ctx, request{op: "case_list", method: http.MethodGet, path: path, user: c.cfg.People.Officer})
	if err != nil {
		return err
	}
	if res.status != http.StatusOK {
		return unexpected("list cases", res)
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := res.decode(&page); err != nil {
		return err
	}
	if len(page.Items) == 0 {
		return nil
	}
	id := page.Items[rng.IntN(len(page.Items))].ID
	if _, err := c.getCase(ctx, id, c.cfg.People.Officer); err != nil {
		return err
	}
	res, err = c.do(ctx, request{op: "history_get", method: http.MethodGet, path: "/api/v1/cases/" + id + "/history", user: c.cfg.People.Officer})
	if err != nil {
		return err
	}
	if res.status != http.StatusOK {
		return unexpected("history of "+id, res)
	}
	return nil
}
