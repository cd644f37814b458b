package web_test

import (
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// apiCall sends an API request that must succeed and returns its JSON.
func apiCall(t *testing.T, env *apptest.Env, token, method, path string, body any, ifMatch any) map[string]any {
	t.Helper()
	return env.Call(t, token, method, path, body, ifMatch)
}

// meetingIn plans a meeting over the API and moves it to status:
// "planerat", "pagaende", "avslutat" (one § recorded), "justerat" or
// "anslag" (justerat with a notice posted). It returns the meeting id.
func meetingIn(t *testing.T, env *apptest.Env, status string, place string) string {
	t.Helper()
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": place, "justerare": []string{"vice-ordforande"}}, nil)
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
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	v = apiCall(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)["version"]
	if status == "justerat" {
		return id
	}
	apiCall(t, env, sek, http.MethodPost, path+"/notices", map[string]string{"member": "0885", "posted_on": "2026-03-02", "location": "Kommunkansliet"}, v)
	return id
}
