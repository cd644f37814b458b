// Package policies holds Samstyr's authorisation rules as data, enforced
// with Casbin: who may fire which lifecycle event on an ärende (by role on
// the board), and — in the delegation issue — the delegationsordning.
package policies

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
)

//go:embed workflow_model.conf
var workflowModel string

//go:embed workflow_policy.csv
var workflowPolicy string

// Workflow answers "may a holder of these roles do this to a case?".
//
// The policy is embedded and never changes while Samstyr runs, so the
// enforcer keeps Casbin's decision cache: each (role, action) pair is
// evaluated once, by the matcher over every row, and answered from the
// cache afterwards. Both parts are small, bounded sets (the roles of the
// identity package, the lifecycle events and case actions).
type Workflow struct {
	e *casbin.SyncedCachedEnforcer
}

// LoadWorkflow builds the enforcer from the embedded model and policy.
func LoadWorkflow() (*Workflow, error) {
	m, err := model.NewModelFromString(workflowModel)
	if err != nil {
		return nil, fmt.Errorf("policies: workflow model: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(workflowPolicy, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			lines = append(lines, t)
		}
	}
	e, err := casbin.NewSyncedCachedEnforcer(m, stringadapter.NewAdapter(strings.Join(lines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("policies: workflow policy: %w", err)
	}
	e.EnableCache(true)
	return &Workflow{e: e}, nil
}

// Allowed reports whether any of roles may perform action.
func (w *Workflow) Allowed(roles []string, action string) bool {
	for _, r := range roles {
		if ok, err := w.e.Enforce(r, action); err == nil && ok {
			return true
		}
	}
	return false
}

// Actions returns every action some role may perform, for tests and docs.
func (w *Workflow) Actions() []string {
	seen := map[string]bool{}
	var out []string
	ps, _ := w.e.GetPolicy()
	for _, p := range ps {
		if len(p) > 1 && !seen[p[1]] {
			seen[p[1]] = true
			out = append(out, p[1])
		}
	}
	return out
}
