package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// caseView is the part of the API's case the flows read.
type caseView struct {
	ID                 string `json:"id"`
	RegistrationNumber string `json:"registration_number"`
	State              string `json:"state"`
	Version            int64  `json:"version"`
	Memo               *struct {
		Revision int  `json:"revision"`
		Complete bool `json:"complete"`
	} `json:"memo"`
	Documents []struct {
		No int `json:"no"`
	} `json:"documents"`
	History []struct {
		Action string `json:"action"`
		Ref    string `json:"ref"`
	} `json:"history"`

	// What the flow knows beyond the last read: stale is set when a write
	// whose answer does not carry the case version (memo, signature,
	// anmälan) changed it; decision is the case's decision as last
	// answered.
	stale    bool
	decision *decisionView
}

// decisionView is the part of the API's decision the flows read.
type decisionView struct {
	ID              string `json:"id"`
	PointCode       string `json:"point_code"`
	DeciderUsername string `json:"decider_username"`
	ReportTo        string `json:"report_to"`
	BudgetImpact    []struct {
		Year int `json:"year"`
	} `json:"budget_impact"`
	Signatures []json.RawMessage `json:"signatures"`
	Report     *json.RawMessage  `json:"report"`
}

// decisionID is the id of the case's latest decision, from its history.
func (v caseView) decisionID() string {
	id := ""
	for _, e := range v.History {
		if e.Action == "decide_delegated" || e.Action == "decide_urgent" || e.Action == "decision" {
			id = e.Ref
		}
	}
	return id
}

// CaseSpec is what one case of a flow looks like.
type CaseSpec struct {
	Title    string
	Document bool // register a small handling with the case
	Budget   bool // the memo has a budget impact on Config.BudgetYear
	// Point is the delegation point: "A16" (avtal, decided by the
	// ordförande) or "B3" (inköp with an amount, by the förvaltningschef).
	Point string
}

// decider is who decides under a point, and with what amount.
func (c *Client) decider(point string) (user string, amountOre int64) {
	if point == "B3" {
		return c.cfg.People.Manager, 12_500_000 // 125 000 kr, within 5 prisbasbelopp
	}
	return c.cfg.People.Chair, 0
}

// memo is a complete tjänsteskrivelse (the seed's 2024/72), with a
// budget impact within the frame when budget is set.
func (c *Client) memo(title string, budget bool) map[string]any {
	m := map[string]any{
		"title":           title,
		"author_name":     "Olof Nilsson",
		"author_title":    "IT-strateg",
		"recipient_board": "IT-nämnden",
		"proposal_intro":  "IT-nämnden beslutar",
		"clauses":         []string{"godkänna avtalet enligt bilaga", "uppdra åt IT-chefen att verkställa beslutet"},
		"description":     "Ölandskommunerna har samverkan kring IT sedan 2014. Ärendet gäller " + title + ".",
		"basis":           []map[string]any{{"text": "Offert och avtalsutkast från leverantören"}},
		"assessment":      "Förvaltningen bedömer att avtalet ryms inom nämndens budgetram.",
		"consequences":    "Avtalet löper i två år med möjlighet till förlängning.",
		"send_to":         []string{"IT-chefen", "Kommundirektör/Kommunchef"},
	}
	if budget {
		m["budget_impact"] = []map[string]any{{"type": "avtal", "year": c.cfg.BudgetYear, "category": "Avtal om drift",
			"amount_ore": 2_500_000, "kind": "shared", "within_frame": true}}
	}
	return m
}

// maxSteps bounds the steps of one case, so a flow that keeps getting
// 409s (a bug) ends with an error instead of spinning.
const maxSteps = 60

// Lifecycle takes one case through its whole life: registrera, save the
// tjänsteskrivelse, register a handling, start, submit, a delegation
// decision (with budget impact when spec says so), signature, anmälan
// till nämnden, avsluta and arkivera. A request that fails in transport
// or with a 5xx is sent again while Config.Patience lasts; as the server
// may have applied the first attempt, every such write carries If-Match
// (or is idempotent, or is re-checked first), so the repeat answers 409
// when it was. After a 409 the flow re-reads the case and continues from
// the state the server reports, as a real client does. It returns the
// case id.
func (c *Client) Lifecycle(ctx context.Context, spec CaseSpec) (string, error) {
	cur, err := c.register(ctx, spec.Title)
	if err != nil {
		return "", err
	}
	for step := 0; ; step++ {
		if step == maxSteps {
			return cur.ID, fmt.Errorf("case %s: still %s after %d steps", cur.RegistrationNumber, cur.State, maxSteps)
		}
		// fresh makes sure the version is current before an If-Match
		// write.
		fresh := func() (caseView, error) {
			if !cur.stale {
				return cur, nil
			}
			v, err := c.getCase(ctx, cur.ID, c.cfg.People.Officer)
			if err != nil {
				return cur, err
			}
			v.decision = cur.decision
			cur = *v
			return cur, nil
		}
		var next *caseView
		switch cur.State {
		case "registrerad":
			switch {
			case cur.Memo == nil || cur.Memo.Revision == 0:
				next, err = c.saveMemo(ctx, cur, c.memo(spec.Title, spec.Budget))
			case spec.Document && len(cur.Documents) == 0:
				next, err = c.addDocument(ctx, cur)
			default:
				if cur, err = fresh(); err == nil {
					next, err = c.fire(ctx, cur, "start", c.cfg.People.Officer)
				}
			}
		case "under_beredning":
			if cur, err = fresh(); err == nil {
				next, err = c.fire(ctx, cur, "submit", c.cfg.People.Officer)
			}
		case "beslutsklar":
			if cur, err = fresh(); err == nil {
				next, err = c.decide(ctx, cur, spec.Point)
			}
		case "beslutad":
			next, err = c.afterDecision(ctx, cur, fresh)
		case "avslutad":
			if cur, err = fresh(); err == nil {
				next, err = c.fire(ctx, cur, "archive", c.cfg.People.Secretary)
			}
		case "arkiverad":
			c.acks.complete()
			return cur.ID, nil
		default:
			return cur.ID, fmt.Errorf("case %s in unexpected state %s", cur.RegistrationNumber, cur.State)
		}
		if err != nil {
			return cur.ID, err
		}
		if next == nil { // a 409 or a lost answer: read the case again
			if next, err = c.getCase(ctx, cur.ID, c.cfg.People.Officer); err != nil {
				return cur.ID, err
			}
		}
		cur = *next
	}
}

// register registers a case. A registration whose answer was lost is
// sent again (a real client cannot tell); the first may then exist
// unacknowledged.
func (c *Client) register(ctx context.Context, title string) (caseView, error) {
	res, err := c.do(ctx, request{op: "register", method: http.MethodPost, path: "/api/v1/cases", user: c.cfg.People.Officer,
		json: map[string]string{"board": c.cfg.Board, "title": title}})
	if err != nil {
		return caseView{}, err
	}
	if res.status != http.StatusCreated {
		return caseView{}, unexpected("register", res)
	}
	var v caseView
	if err := res.decode(&v); err != nil {
		return v, err
	}
	c.acks.caseSeen(v)
	return v, nil
}

// getCase reads a case as user.
func (c *Client) getCase(ctx context.Context, id, user string) (*caseView, error) {
	res, err := c.do(ctx, request{op: "case_get", method: http.MethodGet, path: "/api/v1/cases/" + id, user: user})
	if err != nil {
		return nil, err
	}
	if res.status != http.StatusOK {
		return nil, unexpected("get case "+id, res)
	}
	var v caseView
	if err := res.decode(&v); err != nil {
		return nil, err
	}
	c.acks.caseSeen(v)
	return &v, nil
}

// saveMemo saves the next memo revision (If-Match: the revision edited).
func (c *Client) saveMemo(ctx context.Context, cur caseView, memo map[string]any) (*caseView, error) {
	rev := 0
	if cur.Memo != nil {
		rev = cur.Memo.Revision
	}
	res, err := c.do(ctx, request{op: "memo_save", method: http.MethodPut, path: "/api/v1/cases/" + cur.ID + "/memo",
		user: c.cfg.People.Officer, json: memo, ifMatch: strconv.Itoa(rev)})
	if err != nil {
		return nil, err
	}
	switch res.status {
	case http.StatusOK:
		var r struct {
			No int `json:"no"`
		}
		if err := res.decode(&r); err != nil {
			return nil, err
		}
		c.acks.memoSaved(cur.ID, r.No)
		v := cur
		v.Memo = &struct {
			Revision int  `json:"revision"`
			Complete bool `json:"complete"`
		}{Revision: r.No}
		v.stale = true // the answer is the revision, not the case version
		return &v, nil
	case http.StatusConflict:
		return nil, nil
	}
	return nil, unexpected("save memo of "+cur.RegistrationNumber, res)
}

// document is a small plain-text handling.
var document = []byte("Offert från leverantören.\nPris enligt bilaga. Giltig 90 dagar.\n")

// addDocument registers a small handling. The upload has no
// precondition, so it is sent once: after a failure the case is re-read
// and the flow uploads again only if no handling arrived.
func (c *Client) addDocument(ctx context.Context, cur caseView) (*caseView, error) {
	body, ct := multipartDocument(document)
	res, err := c.send(ctx, request{op: "document_add", method: http.MethodPost, path: "/api/v1/cases/" + cur.ID + "/documents",
		user: c.cfg.People.Officer, raw: body, contentType: ct})
	if err != nil || res.status >= 500 {
		return c.waitForCase(ctx, cur.ID)
	}
	if res.status != http.StatusCreated {
		return nil, unexpected("add document to "+cur.RegistrationNumber, res)
	}
	var d struct {
		No int `json:"no"`
	}
	if err := res.decode(&d); err != nil {
		return nil, err
	}
	c.acks.documentAdded(cur.ID, d.No)
	version, err := strconv.ParseInt(strings.Trim(res.header.Get("ETag"), `"`), 10, 64)
	if err != nil {
		return nil, nil
	}
	v := cur
	v.Documents = append(slices.Clone(v.Documents), struct {
		No int `json:"no"`
	}{d.No})
	v.Version, v.stale = version, false // the ETag is the case version after the upload
	return &v, nil
}

// waitForCase re-reads a case once the server answers again.
func (c *Client) waitForCase(ctx context.Context, id string) (*caseView, error) {
	return c.getCase(ctx, id, c.cfg.People.Officer)
}

// fire fires a lifecycle event as user with the case's version.
func (c *Client) fire(ctx context.Context, cur caseView, event, user string) (*caseView, error) {
	res, err := c.do(ctx, request{op: event, method: http.MethodPost, path: "/api/v1/cases/" + cur.ID + "/events/" + event,
		user: user, ifMatch: strconv.FormatInt(cur.Version, 10)})
	if err != nil {
		return nil, err
	}
	switch res.status {
	case http.StatusOK:
		var v caseView
		if err := res.decode(&v); err != nil {
			return nil, err
		}
		c.acks.caseSeen(v)
		return &v, nil
	case http.StatusConflict:
		return nil, nil
	}
	return nil, unexpected(event+" "+cur.RegistrationNumber, res)
}

// decide takes the delegation decision under point.
func (c *Client) decide(ctx context.Context, cur caseView, point string) (*caseView, error) {
	user, amount := c.decider(point)
	body := map[string]any{"kind": "delegation", "point_code": point}
	if amount > 0 {
		// The purchase's value, which may differ from the memo's budget
		// impact: a delegated decision says why.
		body["amount_ore"], body["amount_reason"] = amount, "Avropets värde enligt offert"
	}
	res, err := c.do(ctx, request{op: "decide", method: http.MethodPost, path: "/api/v1/cases/" + cur.ID + "/decisions",
		user: user, json: body, ifMatch: strconv.FormatInt(cur.Version, 10)})
	if err != nil {
		return nil, err
	}
	switch res.status {
	case http.StatusCreated:
		var d decisionView
		if err := res.decode(&d); err != nil {
			return nil, err
		}
		c.acks.decisionSeen(d, cur.ID)
		version, err := strconv.ParseInt(strings.Trim(res.header.Get("ETag"), `"`), 10, 64)
		if err != nil {
			return nil, nil
		}
		v := cur
		v.State, v.Version, v.stale, v.decision = "beslutad", version, false, &d
		return &v, nil
	case http.StatusConflict:
		return nil, nil
	}
	return nil, unexpected("decide "+cur.RegistrationNumber, res)
}

// afterDecision signs the decision, reports it to the board, and then
// closes the case: one step per call, whichever is due.
func (c *Client) afterDecision(ctx context.Context, cur caseView, fresh func() (caseView, error)) (*caseView, error) {
	id := cur.decisionID()
	if cur.decision != nil {
		id = cur.decision.ID
	}
	if id == "" {
		return nil, fmt.Errorf("case %s is beslutad without a decision in its history", cur.RegistrationNumber)
	}
	if cur.decision == nil {
		d, err := c.getDecision(ctx, id, c.cfg.People.Officer, cur.ID)
		if err != nil {
			return nil, err
		}
		cur.decision = &d
	}
	d := *cur.decision
	switch {
	case len(d.Signatures) == 0:
		res, err := c.do(ctx, request{op: "sign", method: http.MethodPost, path: "/api/v1/decisions/" + id + "/signatures", user: d.DeciderUsername})
		if err != nil {
			return nil, err
		}
		switch res.status {
		case http.StatusCreated:
			var sd decisionView
			if err := res.decode(&sd); err != nil {
				return nil, err
			}
			c.acks.decisionSeen(sd, cur.ID)
			v := cur
			v.decision, v.stale = &sd, true
			return &v, nil
		case http.StatusConflict: // signed by the attempt whose answer was lost
			return nil, nil
		}
		return nil, unexpected("sign "+id, res)
	case d.ReportTo == "namnd" && d.Report == nil:
		res, err := c.do(ctx, request{op: "report", method: http.MethodPost, path: "/api/v1/boards/" + c.cfg.Board + "/reports",
			user: c.cfg.People.Secretary, json: map[string]any{"decision_ids": []string{id}, "meeting_ref": c.cfg.Board + " " + time.Now().Format("2006-01-02") + " § 4"}})
		if err != nil {
			return nil, err
		}
		if res.status != http.StatusOK {
			return nil, unexpected("report "+id, res)
		}
		c.acks.decisionReported(id)
		reported := json.RawMessage(`{}`)
		v := cur
		d.Report = &reported
		v.decision, v.stale = &d, true
		return &v, nil
	}
	now, err := fresh()
	if err != nil {
		return nil, err
	}
	return c.fire(ctx, now, "close", c.cfg.People.Officer)
}

// getDecision reads a decision.
func (c *Client) getDecision(ctx context.Context, id, user, caseID string) (decisionView, error) {
	res, err := c.do(ctx, request{op: "decision_get", method: http.MethodGet, path: "/api/v1/decisions/" + id, user: user})
	if err != nil {
		return decisionView{}, err
	}
	if res.status != http.StatusOK {
		return decisionView{}, unexpected("get decision "+id, res)
	}
	var d decisionView
	if err := res.decode(&d); err != nil {
		return d, err
	}
	c.acks.decisionSeen(d, caseID)
	return d, nil
}
