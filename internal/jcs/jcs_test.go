package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func canon(t *testing.T, in string) string {
	t.Helper()
	out, err := Canonicalize([]byte(in))
	if err != nil {
		t.Fatalf("Canonicalize(%q): %v", in, err)
	}
	return string(out)
}

// RFC 8785 §3.2.2, the main example.
func TestRFC8785MainExample(t *testing.T) {
	in := `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`
	want := `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`
	if got := canon(t, in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// RFC 8785 §3.2.3: members are sorted by the UTF-16 code units of their
// keys, so the emoji (a surrogate pair, D83D DE00) sorts before U+FB33.
func TestRFC8785SortingExample(t *testing.T) {
	in := `{
   "\u20ac": "Euro Sign",
   "\r": "Carriage Return",
   "\ufb33": "Hebrew Letter Dalet With Dagesh",
   "1": "One",
   "\ud83d\ude00": "Emoji: Grinning Face",
   "\u0080": "Control",
   "\u00f6": "Latin Small Letter O With Diaeresis"
}`
	want := "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"," +
		"\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\"," +
		"\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"
	if got := canon(t, in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestNumbers(t *testing.T) {
	cases := map[string]string{
		"0":                      "0",
		"-0":                     "0",
		"-0.0e5":                 "0",
		"1":                      "1",
		"-1":                     "-1",
		"1e30":                   "1e+30",
		"1E30":                   "1e+30",
		"4.50":                   "4.5",
		"2e-3":                   "0.002",
		"0.000001":               "0.000001",
		"1e-7":                   "1e-7",
		"0.0000001":              "1e-7",
		"1.5e-7":                 "1.5e-7",
		"123456789012345680000":  "123456789012345680000",
		"9007199254740993":       "9007199254740992",
		"333333333.33333329":     "333333333.3333333",
		"1e21":                   "1e+21",
		"1e20":                   "100000000000000000000",
		"999999999999999999999":  "1e+21",
		"123.456e2":              "12345.6",
		"1e-400":                 "0",
		"-1e-400":                "0",
		"5e-324":                 "5e-324",
		"1.7976931348623157e308": "1.7976931348623157e+308",
		"0.1":                    "0.1",
		"100":                    "100",
		"1e2":                    "100",
	}
	for in, want := range cases {
		if got := canon(t, in); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
func TestFormatNumberAppendixB(t *testing.T) {
	cases := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, c := range cases {
		got, err := FormatNumber(math.Float64frombits(c.bits))
		if err != nil || got != c.want {
			t.Errorf("%#016x: got %q, %v; want %q", c.bits, got, err, c.want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := FormatNumber(f); !errors.Is(err, ErrInvalid) {
			t.Errorf("FormatNumber(%v): err %v, want ErrInvalid", f, err)
		}
	}
}

func TestStringEscaping(t *testing.T) {
	cases := map[string]string{
		`"\u0000\u0001\u001f"`:   `"\u0000\u0001\u001f"`,
		`"\b\f\n\r\t"`:           `"\b\f\n\r\t"`,
		`"\u0008\u000C"`:         `"\b\f"`,
		`"\"\\\/"`:               `"\"\\/"`,
		`"\u007f"`:               "\"\u007f\"",
		`"<>&"`:                  `"<>&"`,
		`"\u003c\u003e\u0026"`:   `"<>&"`,
		`"\u2028\u2029"`:         "\"\u2028\u2029\"",
		"\"\u2028\"":             "\"\u2028\"",
		`"\u00e5\u00E4\u00f6"`:   `"åäö"`,
		`"\ud83d\ude00"`:         `"😀"`,
		`"\uD83D\uDE00"`:         `"😀"`,
		`"\uFFFF"`:               "\"\uffff\"",
		`"\u001B[0m"`:            `"\u001b[0m"`,
		`"already canonical"`:    `"already canonical"`,
		"\"\xef\xbf\xbd\"":       "\"\ufffd\"",
		`"mixed \u0041\u00c5 Å"`: `"mixed AÅ Å"`,
	}
	for in, want := range cases {
		if got := canon(t, in); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

func TestSwedishTextUnchanged(t *testing.T) {
	in := `{"beslut":"Nämnden beslutar att bevilja ansökan om bygglov för tillbyggnad på fastigheten Årsta 1:23. Överklagande görs hos länsstyrelsen."}`
	if got := canon(t, in); got != in {
		t.Errorf("got  %s\nwant %s", got, in)
	}
}

func TestNested(t *testing.T) {
	in := ` { "b" : [ 1 , { "z" : null , "a" : [ ] } , [ [ "x" ] ] ] ,
	        "a" : { "d" : { } , "c" : true } } `
	want := `{"a":{"c":true,"d":{}},"b":[1,{"a":[],"z":null},[["x"]]]}`
	if got := canon(t, in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestIdempotent(t *testing.T) {
	inputs := []string{
		`{"b":1,"a":[1e30,-0,"\u00e9\n"],"c":{"y":2,"x":1}}`,
		`[0.1, 1e-7, 1e21, 123456789012345680000, "\ud83d\ude00", "\ufb33"]`,
		`"\u0000"`,
		`{"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7}`,
	}
	for _, in := range inputs {
		once := canon(t, in)
		if twice := canon(t, once); twice != once {
			t.Errorf("not idempotent: %s -> %s -> %s", in, once, twice)
		}
	}
}

func TestRejects(t *testing.T) {
	bad := []string{
		``,
		` `,
		`{`,
		`{"a":1`,
		`{"a" 1}`,
		`{"a":1,}`,
		`[1,]`,
		`[1 2]`,
		`{a:1}`,
		`{"a":1,"a":2}`,
		`{"a":1,"\u0061":2}`,
		`{"x":{"k":1,"k":1}}`,
		`{} {}`,
		`1 2`,
		`[1]x`,
		`nul`,
		`True`,
		`01`,
		`-`,
		`1.`,
		`.5`,
		`1e`,
		`1e+`,
		`+1`,
		`0x10`,
		`NaN`,
		`Infinity`,
		`-Infinity`,
		`1e309`,
		`-1e400`,
		`"unterminated`,
		"\"raw\tcontrol\"",
		"\"raw\ncontrol\"",
		`"\x"`,
		`"\u12"`,
		`"\u12g4"`,
		`"\ud800"`,
		`"\udc00"`,
		`"\ud800\u0041"`,
		`"\ud800x"`,
		"\"\xff\"",
		"\"\xed\xa0\x80\"", // UTF-8 encoded surrogate
		"\"\xc3\"",
		`'single'`,
		strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
	}
	for _, in := range bad {
		if out, err := Canonicalize([]byte(in)); err == nil {
			t.Errorf("Canonicalize(%q) = %s, want error", in, out)
		} else if !errors.Is(err, ErrInvalid) {
			t.Errorf("Canonicalize(%q): %v does not wrap ErrInvalid", in, err)
		}
	}
}

func TestDuplicateKeyError(t *testing.T) {
	_, err := Canonicalize([]byte(`{"a":1,"b":2,"a":3}`))
	if err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("err = %v, want a duplicate key error", err)
	}
}

func TestDeepButAllowed(t *testing.T) {
	in := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	if got := canon(t, in); got != in {
		t.Error("deep nesting changed")
	}
}

func TestMarshal(t *testing.T) {
	type inner struct {
		Z string  `json:"z"`
		A float64 `json:"a"`
	}
	v := map[string]any{
		"namn":   "Åsa <Öberg> & co",
		"inner":  inner{Z: "sista", A: 1e21},
		"lista":  []any{4.5, -0.0, "\u2028"},
		"tomt":   map[string]any{},
		"saknas": nil,
	}
	got, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"inner\":{\"a\":1e+21,\"z\":\"sista\"},\"lista\":[4.5,0,\"\u2028\"],\"namn\":\"Åsa <Öberg> & co\",\"saknas\":null,\"tomt\":{}}"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := Marshal(math.NaN()); err == nil {
		t.Error("Marshal(NaN) succeeded")
	}
	if _, err := Marshal(make(chan int)); err == nil {
		t.Error("Marshal(chan) succeeded")
	}
}

func FuzzCanonicalize(f *testing.F) {
	seeds := []string{
		`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`,
		`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew","1":"One","\ud83d\ude00":"Emoji","\u0080":"Control","\u00f6":"o"}`,
		`[0,-0,1e21,1e-7,9007199254740993,123456789012345680000,5e-324,1.7976931348623157e308]`,
		`{"a":{"b":[{"c":null}]}}`,
		`"Nämnden beslutar"`,
		`{"a":1,"a":2}`,
		`"\ud800"`,
		`1e400`,
		`  [ true , false ]  `,
		"\"\xff\"",
		`[`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Canonicalize(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("output is not valid JSON: %q", out)
		}
		again, err := Canonicalize(out)
		if err != nil {
			t.Fatalf("canonical output rejected: %q: %v", out, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
		// Same data as encoding/json sees it (numbers as float64).
		var a, b any
		if err := json.Unmarshal(data, &a); err != nil {
			t.Fatalf("accepted input that encoding/json rejects: %q: %v", data, err)
		}
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("data changed:\n%q\n%q", data, out)
		}
	})
}
