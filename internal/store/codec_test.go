package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// codecDoc has the shapes Samstyr's documents use: nested structs and
// pointers, slices (nil and empty), maps, raw JSON, times in several
// zones, omitempty, and strings that need escaping.
type codecDoc struct {
	ID      string            `json:"id"`
	Title   string            `json:"title"`
	N       int64             `json:"n"`
	On      bool              `json:"on"`
	At      time.Time         `json:"at"`
	When    *time.Time        `json:"when,omitempty"`
	Tags    []string          `json:"tags"`
	Empty   []string          `json:"empty"`
	Omitted []string          `json:"omitted,omitempty"`
	Meta    map[string]string `json:"meta,omitempty"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
	Items   []codecItem       `json:"items"`
	Bytes   []byte            `json:"bytes,omitempty"`
	Any     any               `json:"any,omitempty"`
}

type codecItem struct {
	Seq  int    `json:"seq"`
	Note string `json:"note,omitempty"`
}

// resetMismatches forgets what earlier tests recorded.
func resetMismatches() {
	mismatchMu.Lock()
	mismatches = nil
	mismatchMu.Unlock()
}

func TestCodecAgreesWithEncodingJSON(t *testing.T) {
	CheckCodec(true)
	defer CheckCodec(false)
	resetMismatches()
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))
	utc := at.UTC()
	docs := []codecDoc{
		{},
		{ID: "01a2", Title: "Förslag till beslut: att tidsplan för nytt samverkansavtal sätts <§ 14> & \"klart\"",
			N: -9007199254740993, On: true, At: at, When: &utc, Tags: []string{"å", "ä", "ö"}, Empty: []string{},
			Meta: map[string]string{"b": "2", "a": "1", "<": "&"}, Raw: json.RawMessage(`{"z":1,"a":[1,2]}`),
			Items: []codecItem{{Seq: 1}, {Seq: 2, Note: "line\nbreak\ttab\u2028sep"}}, Bytes: []byte{0, 1, 255},
			Any: map[string]any{"k": []any{"x", true, nil, "y"}}},
		{Title: "invalid \xff utf-8 and \x01 control", Items: []codecItem{}},
	}
	for _, d := range docs {
		body, err := Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		var back codecDoc
		if err := (Record{ID: "doc", Data: body}).Decode(&back); err != nil {
			t.Fatal(err)
		}
	}
	for _, body := range []string{`{"ID":"case-insensitive","TITLE":"x"}`, `{"unknown":1,"n":2}`, `{"tags":null,"items":[{"seq":1,"seq":2}]}`} {
		var back codecDoc
		if err := (Record{ID: "doc", Data: json.RawMessage(body)}).Decode(&back); err != nil {
			t.Fatal(err)
		}
	}
	if bad := CodecMismatches(); len(bad) > 0 {
		t.Errorf("the codec differs from encoding/json:\n%s", strings.Join(bad, "\n"))
	}
}

// TestCodecCheckReportsADifference shows the check can fail: the two
// libraries write a small float's exponent differently (which is one
// reason documents hold money as integer öre, never floats).
func TestCodecCheckReportsADifference(t *testing.T) {
	CheckCodec(true)
	defer CheckCodec(false)
	resetMismatches()
	defer resetMismatches()
	if _, err := Encode(struct {
		F float64 `json:"f"`
	}{1e-7}); err != nil {
		t.Fatal(err)
	}
	if bad := CodecMismatches(); len(bad) != 1 || !strings.Contains(bad[0], "1e-07") {
		t.Errorf("mismatches = %q, want the float exponent", bad)
	}
}
