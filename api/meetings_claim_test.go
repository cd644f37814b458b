package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/workflow"
)

// interleave is the real SQLite store that, once armed, runs a function
// just before the next write of a meeting that claims an agenda item: a
// second secretary acting between the first one's read and write.
type interleave struct {
	store.Backend
	before atomic.Pointer[func()]
}

func (w *interleave) Update(ctx context.Context, coll, id string, version int64, data json.RawMessage) (store.Record, error) {
	if coll == repo.CollMeetings && bytes.Contains(data, []byte(`"recording":[`)) {
		if f := w.before.Swap(nil); f != nil {
			(*f)()
		}
	}
	return w.Backend.Update(ctx, coll, id, version, data)
}

// TestRecordingFollowsTheItemNotItsPlace: while one secretary's recording
// of agenda item 0 (case X) waits to claim it, another records X and moves
// it down, so Y is now item 0. The first recording must not go on with
// whatever stands at its index, nor write a second § for X: it is refused
// with 409 agenda_changed (found in review: X got § 1 and § 2).
func TestRecordingFollowsTheItemNotItsPlace(t *testing.T) {
	sb, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close(context.Background()) })
	w := &interleave{Backend: sb}
	env := apptest.New(t, apptest.WithBackend(w))
	readyCase(t, env, "Ärende X")
	readyCase(t, env, "Ärende Y")
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", m["version"], map[string]any{"status": "pagaende"})
	other, err := env.App.Identity.UserByUsername(t.Context(), "sekreterare")
	if err != nil {
		t.Fatal(err)
	}
	interfere := func() {
		ctx := context.Background()
		if _, _, err := env.App.Workflow.Meetings.RecordParagraph(ctx, other, id, workflow.ParagraphInput{Item: 0, Outcome: meeting.OutcomeTabled}); err != nil {
			t.Errorf("the other secretary's recording: %v", err)
			return
		}
		cur, err := env.App.Workflow.Meetings.Meeting(ctx, other, id)
		if err != nil {
			t.Errorf("reload: %v", err)
			return
		}
		if _, err := env.App.Workflow.Meetings.MoveAgendaItem(ctx, other, id, cur.Version, 0, 1); err != nil {
			t.Errorf("move: %v", err)
		}
	}
	w.before.Store(&interfere)
	r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bordlaggning"})
	if w.before.Load() != nil {
		t.Fatal("the interleaving never ran")
	}
	if r.Status != http.StatusConflict || r.JSON(t)["code"] != "agenda_changed" {
		t.Errorf("recording after the agenda moved: %d %s, want 409 agenda_changed", r.Status, r.Body)
	}
	got := meetingDo(t, env, sek, http.MethodGet, "/api/v1/meetings/"+id, nil, nil).JSON(t)
	ps := got["paragraphs"].([]any)
	if len(ps) != 1 || got["recording"] != nil {
		t.Errorf("protocol: %v, recording %v; want one paragraph and no claim left", ps, got["recording"])
	}
}

// hangUpOnNumber is the real SQLite store that, once armed, cancels the
// request when it draws a § number and fails the draw: the client hung up
// between the claim and the number.
type hangUpOnNumber struct {
	store.Backend
	cancel atomic.Pointer[context.CancelFunc]
}

func (h *hangUpOnNumber) NextSequence(ctx context.Context, name string) (int64, error) {
	if strings.HasPrefix(name, "paragraf/") {
		if f := h.cancel.Swap(nil); f != nil {
			(*f)()
			return 0, ctx.Err()
		}
	}
	return h.Backend.NextSequence(ctx, name)
}

// TestClaimIsReleasedWhenTheClientHangsUp: a recording that fails because
// its client went away releases its claim on the item (with a context the
// client cannot cancel), so the retry is not refused for two minutes as
// item_being_recorded (found in review).
func TestClaimIsReleasedWhenTheClientHangsUp(t *testing.T) {
	sb, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close(context.Background()) })
	h := &hangUpOnNumber{Backend: sb}
	env := apptest.New(t, apptest.WithBackend(h))
	readyCase(t, env, "Ärende X")
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", m["version"], map[string]any{"status": "pagaende"})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	h.cancel.Store(&cancel)
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", strings.NewReader(`{"item":0,"outcome":"bordlaggning"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+sek)
	env.App.Engine.ServeHTTP(httptest.NewRecorder(), req)
	if h.cancel.Load() != nil {
		t.Fatal("no § number was drawn")
	}
	r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bordlaggning"})
	if r.Status != http.StatusCreated {
		t.Errorf("the retry after the hang-up: %d %s, want 201", r.Status, r.Body)
	}
}
