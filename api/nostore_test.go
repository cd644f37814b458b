package api_test

import (
	"net/http"
	"testing"
)

// TestAuthenticatedAnswersAreNotStored: the answer to every GET operation
// of api/openapi.yaml that needs a token (JSON, the document download,
// the memo, decision and meeting PDFs, the exports), called as the first
// caller the role matrix allows, carries Cache-Control: no-store, and so
// does a refusal of a bad token. Found in review: only the token and the
// audit export answers had it.
func TestAuthenticatedAnswersAreNotStored(t *testing.T) {
	ops := specOps(t)
	m := newMatrixEnv(t)
	tried := 0
	for _, row := range loadMatrix(t) {
		op := ops[row.Op]
		if op.method != http.MethodGet {
			continue
		}
		allowed := expand(t, row.Allow)
		if allowed[anonymous] {
			continue // public: the anslagstavla, the OpenAPI document
		}
		for _, caller := range matrixCallers {
			if !allowed[caller] {
				continue
			}
			m := m.with(t)
			v := m.fixture(row.Fixture)
			if row.Fresh {
				v = m.make(row.Fixture)
			}
			r := m.env.Do(row.request(t, op, v, m.tokens[caller]))
			if r.Status != http.StatusOK {
				t.Errorf("%s as %s: %d %s", row.Op, caller, r.Status, truncate(r.Body))
			} else if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s %s as %s: Cache-Control %q, want no-store", op.method, op.path, caller, cc)
			}
			tried++
			break
		}
	}
	if tried < 30 {
		t.Errorf("only %d GET operations tried", tried)
	}
	r := m.env.Do(matrixRow{}.request(t, ops["getMe"], nil, "sst_forged"))
	if r.Status != http.StatusUnauthorized || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a forged token: %d, Cache-Control %q", r.Status, r.Header.Get("Cache-Control"))
	}
}
