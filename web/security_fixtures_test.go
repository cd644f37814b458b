package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/apptest"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// apiCall sends an API request that must succeed and returns its JSON.
func apiCall(t *testing.T, env *apptest.Env, token, method, path string, body any, ifMatch any) map[string]any {
	t.Helper()
	hdr := map[string]string{}
	if ifMatch != nil {
		hdr["If-Match"] = fmt.Sprintf(`"%v"`, ifMatch)
	}
	r := env.Do(apptest.Request{Method: method, Path: path, Token: token, Body: body, Header: hdr})
	if r.Status >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
	}
	return r.JSON(t)
}

// meetingIn plans a meeting over the API and moves it to status:
// "planerat", "pagaende", "avslutat" (one § recorded), "justerat" or
// "anslag" (justerat with a notice posted). It returns the meeting id.
func meetingIn(t *testing.T, env *apptest.Env, status string, place string) string {
	t.Helper()
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-12T13:00:00+01:00", "place": place, "justerare": []string{"vice-ordforande"}}, nil)
	id := m["id"].(string)
	last := len(m["agenda"].([]any)) - 1
	path := "/api/v1/meetings/" + id
	if status == "planerat" {
		return id
	}
	v := apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "pagaende"}, m["version"])["version"]
	if status == "pagaende" {
		return id
	}
	apiCall(t, env, sek, http.MethodPost, path+"/paragraphs", map[string]any{"item": last, "outcome": "anmalan"}, nil)
	v = apiCall(t, env, sek, http.MethodGet, path, nil, nil)["version"]
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "avslutat"}, v)
	if status == "avslutat" {
		return id
	}
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", nil, nil)
	v = apiCall(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", nil, nil)["version"]
	if status == "justerat" {
		return id
	}
	apiCall(t, env, sek, http.MethodPost, path+"/notices", map[string]string{"member": "0885", "posted_on": "2026-03-02", "location": "Kommunkansliet"}, v)
	return id
}

// storedCollections are those a refused form must leave alone (the audit
// log records searches, credentials and throttles record logins).
var storedCollections = []string{repo.CollUsers, repo.CollBoards, repo.CollCases, repo.CollMemoRevisions, repo.CollBlobChunks,
	repo.CollDelegationOrders, repo.CollSigningKeys, repo.CollSubDelegations, repo.CollAgreements, repo.CollBudgetYears,
	repo.CollAllocationHeads, repo.CollAllocationSnapshots, repo.CollDecisions, repo.CollCheckpoints, repo.CollCheckpointLeaves,
	repo.CollMeetings}

// snapshot digests the id and version of every stored document.
func snapshot(t *testing.T, env *apptest.Env) string {
	t.Helper()
	h := sha256.New()
	for _, coll := range storedCollections {
		recs, err := env.Backend.Find(t.Context(), coll, store.Query{})
		if err != nil {
			t.Fatalf("%s: %v", coll, err)
		}
		ids := make([]string, 0, len(recs))
		for _, r := range recs {
			ids = append(ids, fmt.Sprintf("%s@%d", r.ID, r.Version))
		}
		slices.Sort(ids)
		fmt.Fprintf(h, "%s:%s\n", coll, strings.Join(ids, ","))
	}
	return hex.EncodeToString(h.Sum(nil))
}
