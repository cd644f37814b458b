package delegation

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

var itnInput = OrderInput{
	Board:            "ITN",
	Number:           1,
	Title:            "Delegationsordning för Ölands IT-nämnd",
	ValidFrom:        platform.MustParseDate("2026-01-01"),
	AdoptedOn:        platform.MustParseDate("2025-11-20"),
	AdoptedRef:       "ITN 2025-11-20 § 45",
	ExcludePrinciple: true,
	UrgentDeciders:   []string{"ordforande", "vice_ordforande"},
	Points:           itnPoints,
}

func TestReadYAMLTestdata(t *testing.T) {
	f, err := os.Open("testdata/itn-v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := ReadYAML(f)
	if err != nil {
		t.Fatalf("ReadYAML: %v", err)
	}
	if !reflect.DeepEqual(in, itnInput) {
		t.Errorf("ReadYAML =\n%+v\nwant\n%+v", in, itnInput)
	}
	o := in.Order()
	if o.Status != StatusDraft || o.Board != "ITN" || len(o.Points) != 3 {
		t.Errorf("Order() = %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	o := itnInput.Order()
	o.Points = append(slicesClone(o.Points),
		Point{Code: "M.15.4", Section: "M: övrigt", Matter: "yes", LegalBasis: "#1", Delegate: "handlaggare",
			Substitutes: []string{"sekreterare", "forvaltningschef"}, Limit: &Limit{Ore: 150_000_050},
			Conditions: "rad ett\nrad två", ReportTo: ReportManager, Excluded: Categories, Principle: true},
		Point{Code: "D1", Matter: "2026-01-01", Delegate: "ledamot", ReportTo: ReportNone, Limit: &Limit{PBBCents: 250}},
	)
	var b bytes.Buffer
	if err := WriteYAML(&b, o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "valid_from: 2026-01-01\n") || !strings.Contains(b.String(), "limit: 5 prisbasbelopp\n") {
		t.Errorf("WriteYAML:\n%s", b.String())
	}
	in, err := ReadYAML(&b)
	if err != nil {
		t.Fatalf("ReadYAML(WriteYAML): %v\n%s", err, b.String())
	}
	if got := in.Order(); !reflect.DeepEqual(got, o) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, o)
	}

	// The test file reads the same as the CSV file, and as what WriteYAML
	// writes for it.
	data, err := os.ReadFile("testdata/itn-v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := WriteYAML(&b, itnInput.Order()); err != nil {
		t.Fatal(err)
	}
	if want := string(data[bytes.IndexByte(data, '\n')+1:]); b.String() != want {
		t.Errorf("WriteYAML(itn-v1) =\n%s\nwant the test file\n%s", b.String(), want)
	}
}

func TestReadYAMLSwedishNames(t *testing.T) {
	in, err := ReadYAML(strings.NewReader(`
board: ITN
number: 2
valid_from: "2026-07-01"
urgent_deciders: [Ordförande]
points:
  - code: A16
    matter: Avtal
    delegate: Ordförande
    substitutes: [Vice ordförande]
    limit: 180 000 kr
    report_to: Nämnd
    excluded: [mål och inriktning]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := OrderInput{Board: "ITN", Number: 2, ValidFrom: platform.MustParseDate("2026-07-01"), UrgentDeciders: []string{"ordforande"},
		Points: []Point{{Code: "A16", Matter: "Avtal", Delegate: "ordforande", Substitutes: []string{"vice_ordforande"},
			Limit: &Limit{Ore: 18_000_000}, ReportTo: ReportBoard, Excluded: []Category{CatGoals}}}}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("ReadYAML =\n%+v\nwant\n%+v", in, want)
	}
}

func TestReadYAMLErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want []string
	}{
		"strict keys and types": {`
board: ITN
number: ett
version: 3
valid_from: 2026-02-30
adopted_on: [2026]
exclude_principle: ja
urgent_deciders: [ordforande, forvaltningschef]
points:
  - code: A16
    matter: Avtal
    delegate: ordforande
    report_to: namnd
    limit: 5,125 pbb
    amount: 5
    code: A17
  - code: A16
    matter: Avtal
    delegate: [ordforande]
    substitutes: ordforande
    report_to: namnd
    urgent_only: yes
  - just text
  - code: B1
    matter: x
    delegate: handlaggare
    urgent_only: true
    limit: -1 kr
    report_to: namnd
    excluded: [okand]
`, []string{
			"/number invalid_type",
			"/version unknown_field",
			"/valid_from invalid_date",
			"/adopted_on invalid_type",
			"/exclude_principle invalid_type",
			"/points/0/amount unknown_field",
			"/points/0/code duplicate_key",
			"/points/0/limit invalid_limit",
			"/points/1/delegate invalid_type",
			"/points/1/substitutes invalid_type",
			"/points/1/urgent_only invalid_type",
			"/points/2 invalid_type",
			"/points/3/limit negative_limit",
			"/urgent_deciders/1 invalid_urgent_decider",
			"/points/1/code duplicate_code",
			"/points/3/delegate urgent_only_with_delegate_employee",
			"/points/3/excluded/0 unknown_category",
		}},
		"missing everything": {"title: x\n", []string{
			"/board required", "/number invalid_number", "/valid_from required", "/points required",
		}},
		"not a mapping":   {"- a\n- b\n", []string{"/ invalid_type"}},
		"syntax":          {"board: [\n", []string{"/ invalid_yaml"}},
		"empty":           {"", []string{"/ invalid_yaml"}},
		"comment only":    {"# nothing\n", []string{"/ invalid_yaml"}},
		"two documents":   {"board: A\n---\nboard: B\n", []string{"/ invalid_yaml"}},
		"alias":           {"board: &b ITN\nnumber: 1\nvalid_from: 2026-01-01\ntitle: *b\npoints: []\n", []string{"/title alias_not_allowed", "/points required"}},
		"merge key":       {"base: &p {code: A1}\n", []string{"/base unknown_field", "/board required", "/number invalid_number", "/valid_from required", "/points required"}},
		"key with slash":  {"board: ITN\nnumber: 1\nvalid_from: 2026-01-01\npoints: []\na/b~: 1\n", []string{"/a~1b~0 unknown_field", "/points required"}},
		"quoted number":   {"board: ITN\nnumber: \"1\"\nvalid_from: 2026-01-01\npoints: []\n", []string{"/number invalid_type", "/points required"}},
		"timestamp dates": {"board: ITN\nnumber: 1\nvalid_from: 2026-01-01T10:00:00Z\npoints: []\n", []string{"/valid_from invalid_date", "/points required"}},
	} {
		t.Run(name, func(t *testing.T) {
			in, err := ReadYAML(strings.NewReader(tc.in))
			if !reflect.DeepEqual(in, OrderInput{}) {
				t.Errorf("input returned with an error: %+v", in)
			}
			checkList(t, faultFields(t, err), tc.want)
		})
	}
}

func TestReadYAMLTooLarge(t *testing.T) {
	big := "board: ITN\ntitle: " + strings.Repeat("x", MaxImportBytes) + "\n"
	if _, err := ReadYAML(strings.NewReader(big)); !errors.Is(err, ErrImportTooLarge) {
		t.Errorf("over 1 MiB: %v", err)
	}
	var b strings.Builder
	b.WriteString("board: ITN\nnumber: 1\nvalid_from: 2026-01-01\npoints:\n")
	for range MaxImportRows + 1 {
		b.WriteString("- {}\n")
	}
	_, err := ReadYAML(strings.NewReader(b.String()))
	if !errors.Is(err, ErrImportTooLarge) || fault.From(err).Kind != fault.TooLarge {
		t.Errorf("%d points: %v", MaxImportRows+1, err)
	}
}

func TestReadYAMLTooManyErrors(t *testing.T) {
	_, err := ReadYAML(strings.NewReader(strings.Repeat("k: v\n", 5000)))
	got := faultFields(t, err)
	if len(got) != MaxImportErrors+1 || got[0] != "/k unknown_field" || got[MaxImportErrors] != "/ too_many_errors" {
		t.Errorf("%d fields: %v … %v", len(got), got[0], got[len(got)-1])
	}
}

func FuzzReadYAML(f *testing.F) {
	if data, err := os.ReadFile("testdata/itn-v1.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("board: &a x\nnumber: *a\npoints: [{code: A1, limit: 5 pbb}]\n"))
	f.Add([]byte("{board: [1, {a: b}], points: [[], ~, 1]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadYAML(bytes.NewReader(data))
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) {
				t.Fatalf("not a fault: %v", err)
			}
			return
		}
		o := in.Order()
		if err := o.Validate(); err != nil {
			t.Fatalf("ReadYAML returned an invalid order: %v", err)
		}
		var b bytes.Buffer
		if err := WriteYAML(&b, o); err != nil {
			t.Fatal(err)
		}
		again, err := ReadYAML(&b)
		if err != nil {
			t.Fatalf("ReadYAML(WriteYAML): %v\n%s", err, b.String())
		}
		if !reflect.DeepEqual(again, in) {
			t.Fatalf("round trip:\n%+v\n%+v", again, in)
		}
	})
}
