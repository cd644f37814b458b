package mongostore

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/samstyr/samstyr/internal/store"
)

func TestBodyRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // "" means the compacted input
	}{
		{"empty object", `{}`, ""},
		{"swedish", `{"titel":"Överklagande – ärende §12","nämnd":"Miljö- och byggnämnden","åäö":"ÅÄÖ"}`, ""},
		{"big int64", `{"n":9007199254740993,"min":-9223372036854775808,"max":9223372036854775807}`, ""},
		{"beyond int64", `{"n":9223372036854775808}`, `{"n":9223372036854776000}`},
		{"floats", `{"x":1.5,"y":-0.25,"tiny":1e-7,"huge":1e300}`, `{"x":1.5,"y":-0.25,"tiny":1e-7,"huge":1e+300}`},
		{"integral float", `{"x":2.0,"e":1e3}`, `{"x":2,"e":1000}`},
		{"literals", `{"t":true,"f":false,"n":null}`, ""},
		{"empty containers", `{"a":[],"o":{},"ao":[{}],"aa":[[]]}`, ""},
		{"nested", `{"a":[[1,[2,[3]]],{"b":{"c":[{"d":"e"}]}}],"m":[1,"x",true,null,1.5,{}]}`, ""},
		{"key order", `{"z":1,"a":2,"m":{"y":1,"b":2}}`, ""},
		{"escapes", `{"q":"\"quoted\" \\ back","c":"\u0001\t\n\r","html":"<&>","ls":"\u2028\u2029"}`,
			`{"q":"\"quoted\" \\ back","c":"\u0001\t\n\r","html":"<&>","ls":"\u2028\u2029"}`},
		{"whitespace", " {\n \"a\" : [ 1 , 2 ] \n} \n", `{"a":[1,2]}`},
		{"empty key", `{"":1}`, ""},
		{"dollar inside key", `{"price$":1,"a$b":"$gt"}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := bodyToBSON([]byte(c.in))
			if err != nil {
				t.Fatalf("bodyToBSON: %v", err)
			}
			raw, err := bson.Marshal(doc)
			if err != nil {
				t.Fatalf("bson.Marshal: %v", err)
			}
			out, err := bsonToJSON(raw)
			if err != nil {
				t.Fatalf("bsonToJSON: %v", err)
			}
			want := c.want
			if want == "" {
				var buf bytes.Buffer
				if err := json.Compact(&buf, []byte(c.in)); err != nil {
					t.Fatal(err)
				}
				want = buf.String()
			}
			if string(out) != want {
				t.Errorf("round trip\n got %s\nwant %s", out, want)
			}
			if !json.Valid(out) {
				t.Errorf("output is not valid JSON: %s", out)
			}
		})
	}
}

func TestBodyTypes(t *testing.T) {
	doc, err := bodyToBSON([]byte(`{"i":42,"big":9007199254740993,"f":4.5,"s":"x","b":true,"n":null,"o":{"k":1},"a":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := bson.D{
		{Key: "i", Value: int64(42)},
		{Key: "big", Value: int64(9007199254740993)},
		{Key: "f", Value: 4.5},
		{Key: "s", Value: "x"},
		{Key: "b", Value: true},
		{Key: "n", Value: nil},
		{Key: "o", Value: bson.D{{Key: "k", Value: int64(1)}}},
		{Key: "a", Value: bson.A{int64(1)}},
	}
	gotRaw, _ := bson.Marshal(doc)
	wantRaw, _ := bson.Marshal(want)
	if !bytes.Equal(gotRaw, wantRaw) {
		t.Errorf("BSON\n got %v\nwant %v", bson.Raw(gotRaw), bson.Raw(wantRaw))
	}
}

func TestBodyRejected(t *testing.T) {
	bad := map[string]string{
		"dollar key":          `{"$where":"1"}`,
		"dollar nested":       `{"a":{"$gt":1}}`,
		"extjson long":        `{"n":{"$numberLong":"1"}}`,
		"extjson date":        `{"n":{"$date":"2026-01-01T00:00:00Z"}}`,
		"dollar in array":     `{"a":[1,{"$ne":null}]}`,
		"dot key":             `{"a.b":1}`,
		"dot nested":          `{"a":{"b.c":1}}`,
		"nul key":             `{"a\u0000b":1}`,
		"duplicate key":       `{"a":1,"a":2}`,
		"array body":          `[1,2]`,
		"string body":         `"x"`,
		"null body":           `null`,
		"empty":               ``,
		"truncated":           `{"a":[1,`,
		"trailing":            `{"a":1}x`,
		"two objects":         `{}{}`,
		"number out of range": `{"n":1e400}`,
		"too deep":            strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1),
		"too deep arrays":     `{"a":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + "}",
	}
	for name, body := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := bodyToBSON([]byte(body)); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("bodyToBSON(%.60s): err = %v, want ErrInvalidQuery", body, err)
			}
		})
	}
	deepOK := strings.Repeat(`{"a":`, maxDepth-1) + "1" + strings.Repeat("}", maxDepth-1)
	if _, err := bodyToBSON([]byte(deepOK)); err != nil {
		t.Errorf("body nested %d levels refused: %v", maxDepth-1, err)
	}
}

func TestBSONToJSONOtherTypes(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.FixedZone("CET", 3600))
	raw, _ := bson.Marshal(bson.D{
		{Key: "i32", Value: int32(-7)},
		{Key: "when", Value: bson.NewDateTimeFromTime(at)},
	})
	out, err := bsonToJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"i32":-7,"when":"2026-03-14T08:26:53.589Z"}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
	for name, v := range map[string]any{
		"objectid": bson.NewObjectID(),
		"binary":   bson.Binary{Data: []byte{1}},
		"decimal":  bson.NewDecimal128(1, 1),
		"regex":    bson.Regex{Pattern: "x"},
		"nan":      math.NaN(),
		"inf":      math.Inf(1),
	} {
		raw, _ := bson.Marshal(bson.D{{Key: "x", Value: bson.A{v}}})
		if out, err := bsonToJSON(raw); err == nil {
			t.Errorf("%s: got %s, want an error", name, out)
		}
	}
}
