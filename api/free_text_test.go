package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestFreeTextWithControlCharactersIsRefused: every free text a person
// types into a decision, a jäv, an event, a dispatch, an agreement, a
// delegation point, a protocol §, an anslag, an appeal or a report to the
// nämnd is refused with a NUL byte (422
// control_characters naming the field, the rule of internal/fieldtext that
// titles and memos already follow), and a § does not record jäv or a
// reservation for someone without a seat at the meeting (422
// not_a_member, as a vote); nothing is stored. Found by the API sweep:
// each was stored.
func TestFreeTextWithControlCharactersIsRefused(t *testing.T) {
	m := newMatrixEnv(t)
	const nul = "Text\x00med NUL"
	point := func(extra map[string]any) map[string]any {
		p := map[string]any{"code": "A16", "matter": "Avtal med bolagen", "delegate": "ordforande", "report_to": "namnd"}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"title": "Utkast", "points": []any{p}}
	}
	paragraph := func(v vals, extra map[string]any) any {
		item, _ := strconv.Atoi(v["item"])
		b := map[string]any{"item": item, "outcome": "anmalan"}
		for k, x := range extra {
			b[k] = x
		}
		return b
	}
	for _, a := range []struct {
		name, fixture, caller, path string
		ifMatch                     bool
		body                        func(v vals) any
		field, code                 string
	}{
		{"decision clause", "case_ready", "ordforande", "/api/v1/cases/{id}/decisions", true,
			func(vals) any {
				return map[string]any{"kind": "delegation", "point_code": "A16", "clauses": []string{nul}}
			}, "/clauses/0", ""},
		{"decision amount reason", "case_ready", "ordforande", "/api/v1/cases/{id}/decisions", true,
			func(vals) any { return map[string]any{"kind": "delegation", "point_code": "A16", "amount_reason": nul} }, "/amount_reason", ""},
		{"jäv ground", "case", "sekreterare", "/api/v1/cases/{id}/jav", true,
			func(vals) any { return map[string]any{"person": "it-chef", "ground": nul} }, "/ground", ""},
		{"jäv withdrawal reason", "case_jav", "sekreterare", "/api/v1/cases/{id}/jav/withdrawals", true,
			func(vals) any { return map[string]any{"person": "it-chef", "reason": nul} }, "/reason", ""},
		{"void note", "case", "sekreterare", "/api/v1/cases/{id}/events/void", true,
			func(vals) any { return map[string]any{"note": nul} }, "/note", ""},
		{"memo dispatch recipient", "case_memo", "handlaggare", "/api/v1/cases/{id}/memo/dispatch", true,
			func(vals) any { return map[string]any{"recipient": nul} }, "/recipient", ""},
		{"agreement exclusions", "period", "sekreterare", "/api/v1/boards/ITN/agreements", false, func(v vals) any {
			y, _ := strconv.Atoi(v["from_year"])
			return map[string]any{"title": "Avtal", "valid_from": v["valid_from"], "valid_to": v["valid_to"], "host": "0885",
				"members": []string{"0885", "0840"}, "key_mode": "exact_users", "exclusions": nul,
				"invoicing": []map[string]any{{"from_year": y, "rule": "quarterly_advance"}}}
		}, "/exclusions", ""},
		{"delegation point section", "", "sekreterare", "/api/v1/boards/ITN/delegation-orders", false,
			func(vals) any { return point(map[string]any{"section": nul}) }, "/points/0/section", ""},
		{"delegation point legal basis", "", "sekreterare", "/api/v1/boards/ITN/delegation-orders", false,
			func(vals) any { return point(map[string]any{"legal_basis": nul}) }, "/points/0/legal_basis", ""},
		{"delegation point conditions", "", "sekreterare", "/api/v1/boards/ITN/delegation-orders", false,
			func(vals) any { return point(map[string]any{"conditions": nul}) }, "/points/0/conditions", ""},
		{"notice location", "meeting_justerad", "sekreterare", "/api/v1/meetings/{id}/notices", true,
			func(vals) any { return map[string]any{"member": "0885", "posted_on": "2026-03-02", "location": nul} }, "/location", ""},
		{"meeting appeal court", "meeting_noticed", "sekreterare", "/api/v1/meetings/{id}/appeals", true,
			func(vals) any { return map[string]any{"received_on": "2026-03-02", "court": nul} }, "/court", ""},
		{"decision appeal received by", "decision_notified", "handlaggare", "/api/v1/cases/{id}/appeals", true, func(v vals) any {
			return map[string]any{"decision": v["decision"], "route": "forvaltningsbesvar", "party": "Leverantören AB",
				"received_on": "2026-03-02", "received_by": nul}
		}, "/received_by", ""},
		{"report meeting reference", "decision_to_report", "sekreterare", "/api/v1/boards/ITN/reports", false,
			func(v vals) any { return map[string]any{"decision_ids": []string{v["decision"]}, "meeting_ref": nul} }, "/meeting_ref", ""},
		{"§ clause", "meeting_open", "sekreterare", "/api/v1/meetings/{id}/paragraphs", false,
			func(v vals) any { return paragraph(v, map[string]any{"clauses": []string{nul}}) }, "/clauses/0", ""},
		{"§ proposal", "meeting_open", "sekreterare", "/api/v1/meetings/{id}/paragraphs", false,
			func(v vals) any { return paragraph(v, map[string]any{"proposals": []string{nul}}) }, "/proposals/0", ""},
		{"§ jäv of someone without a seat", "meeting_open", "sekreterare", "/api/v1/meetings/{id}/paragraphs", false,
			func(v vals) any { return paragraph(v, map[string]any{"jav": []string{"utomstaende"}}) }, "/jav/0", "not_a_member"},
		{"§ reservation of someone without a seat", "meeting_open", "sekreterare", "/api/v1/meetings/{id}/paragraphs", false,
			func(v vals) any { return paragraph(v, map[string]any{"reservations": []string{nul}}) }, "/reservations/0", "not_a_member"},
	} {
		t.Run(a.name, func(t *testing.T) {
			m := m.with(t)
			v := m.make(a.fixture)
			h := map[string]string{}
			if a.ifMatch {
				h["If-Match"] = fmt.Sprintf(`"%s"`, v["version"])
			}
			code := a.code
			if code == "" {
				code = "control_characters"
			}
			before := m.env.Snapshot(t)
			r := m.env.Do(apptest.Request{Method: http.MethodPost, Path: strings.ReplaceAll(a.path, "{id}", v["id"]), Token: m.tokens[a.caller],
				Body: a.body(v), Header: h})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"`+a.field+`"`) ||
				!strings.Contains(string(r.Body), `"code":"`+code+`"`) {
				t.Errorf("%d %s, want 422 %s at %s", r.Status, r.Body, code, a.field)
			}
			if m.env.Snapshot(t) != before {
				t.Error("the refused request changed stored data")
			}
		})
	}
}
