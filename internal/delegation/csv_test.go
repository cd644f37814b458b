package delegation

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

const csvHeaderLine = "Kod;Avsnitt;Ärende;Lagrum;Delegat;Ersättare;Beloppsgräns;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell"

// itnPoints are the points of testdata/itn-v1.csv and itn-v1.yaml.
var itnPoints = []Point{
	{
		Code: "A16", Section: "A Avtal",
		Matter:     "Avtal mellan Ölands IT-nämnd och de kommunala bolagen MBAB, BHEM, ÖBAB och BEAB",
		LegalBasis: "KL 6 kap. 37 §", Delegate: "ordforande", Substitutes: []string{"vice_ordforande"},
		Conditions: "Inom nämndens budget", ReportTo: ReportBoard,
	},
	{
		Code: "B3", Section: "B Ekonomi och upphandling",
		Matter:     "Upphandling och avrop inom IT-nämndens budget",
		LegalBasis: "LOU (2016:1145)", Delegate: "forvaltningschef", Limit: &Limit{PBBCents: 500},
		Conditions: "Inom budgetram, ej principiell", ReportTo: ReportBoard, SubdelegationAllowed: true,
	},
	{
		Code: "C1", Section: "C Brådskande ärenden",
		Matter:     "Beslut i ärenden som är så brådskande att nämndens avgörande inte kan avvaktas",
		LegalBasis: "KL 6 kap. 39 §", Delegate: "ordforande", Substitutes: []string{"vice_ordforande", "ledamot"},
		Conditions: "Anmäls vid nämndens nästa sammanträde", ReportTo: ReportBoard, UrgentOnly: true,
	},
}

func TestCSVHeader(t *testing.T) {
	if got := strings.Join(CSVHeader, ";"); got != csvHeaderLine {
		t.Errorf("CSVHeader = %s", got)
	}
}

func readCSVString(s string) ([]Point, error) { return ReadCSV(strings.NewReader(s)) }

func TestReadCSVTestdata(t *testing.T) {
	f, err := os.Open("testdata/itn-v1.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, err := ReadCSV(f)
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	if !reflect.DeepEqual(ps, itnPoints) {
		t.Errorf("ReadCSV =\n%+v\nwant\n%+v", ps, itnPoints)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	points := append(slicesClone(itnPoints),
		Point{Code: "M.15.4", Section: "M Övrigt; diverse", Matter: "=SUM(A1:A2) \"citat\"\nny rad",
			LegalBasis: "-", Delegate: "handlaggare", Substitutes: []string{"sekreterare", "forvaltningschef", "ersattare"},
			Limit: &Limit{Ore: 150_000_050}, Conditions: "'@x", ReportTo: ReportManager,
			Excluded: Categories, Principle: true},
		Point{Code: "D1", Matter: "Yttrande", Delegate: "vice_ordforande", ReportTo: ReportNone, Limit: &Limit{PBBCents: 250},
			Excluded: []Category{CatAppealReply}},
	)
	var b bytes.Buffer
	if err := WriteCSV(&b, points); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), csvHeaderLine+"\n") {
		t.Errorf("WriteCSV starts with %q", b.String()[:min(b.Len(), 200)])
	}
	got, err := ReadCSV(&b)
	if err != nil {
		t.Fatalf("ReadCSV(WriteCSV): %v", err)
	}
	if !reflect.DeepEqual(got, points) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, points)
	}
}

func slicesClone(ps []Point) []Point { return append([]Point(nil), ps...) }

func TestWriteCSVText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, itnPoints[1:2]); err != nil {
		t.Fatal(err)
	}
	want := csvHeaderLine + "\n" +
		"B3;B Ekonomi och upphandling;Upphandling och avrop inom IT-nämndens budget;LOU (2016:1145);Förvaltningschef;;5 prisbasbelopp;Inom budgetram, ej principiell;Nämnd;Ja;Nej;;Nej\n"
	if b.String() != want {
		t.Errorf("WriteCSV =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestReadCSVLenient(t *testing.T) {
	// BOM, headers in another order and case, CRLF, Swedish names in any
	// case, role ids, an empty row, trailing empty columns.
	in := "\uFEFFkod ; ÄRENDE;delegat;Ersättare;Beloppsgräns;Anmäls till;Avsnitt;Lagrum;Villkor;Vidaredelegering;Endast brådskande;undantag kl 6:38;Principiell;;\r\n" +
		"A.16;Avtal;ORDFÖRANDE;vice  ordförande , Ledamot;180 000 kr;nämnden;;;;ja;NEJ;Mål och inriktning, speciallag;;\r\n" +
		";;;;;;;;;;;;;;\r\n" +
		"B3;Inköp;IT-chef;Handläggare,nämndsekreterare;1,5 mnkr;Förvaltningschef;;;;;;;Ja\r\n" +
		"B4;Inköp;forvaltningschef;sekreterare;Ingen;nej;;;;Nej;Nej;principiell;nej;;\r\n"
	ps, err := readCSVString(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Point{
		{Code: "A.16", Matter: "Avtal", Delegate: "ordforande", Substitutes: []string{"vice_ordforande", "ledamot"},
			Limit: &Limit{Ore: 18_000_000}, ReportTo: ReportBoard, SubdelegationAllowed: true,
			Excluded: []Category{CatGoals, CatSpecialLaw}},
		{Code: "B3", Matter: "Inköp", Delegate: "forvaltningschef", Substitutes: []string{"handlaggare", "sekreterare"},
			Limit: &Limit{Ore: 150_000_000}, ReportTo: ReportManager, Principle: true},
		{Code: "B4", Matter: "Inköp", Delegate: "forvaltningschef", Substitutes: []string{"sekreterare"},
			ReportTo: ReportNone, Excluded: []Category{CatPrinciple}},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("ReadCSV =\n%+v\nwant\n%+v", ps, want)
	}
}

func TestReadCSVHeaderOnly(t *testing.T) {
	ps, err := readCSVString(csvHeaderLine + "\n")
	if err != nil || ps == nil || len(ps) != 0 {
		t.Errorf("ReadCSV(header only) = %v, %v", ps, err)
	}
}

func TestReadCSVBadHeader(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want []string
	}{
		"missing and unknown": {
			"Kod;Avsnitt;Ärende;Delegat;Ersättare;Belopp;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell\n" +
				"A16;A;x;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n",
			[]string{
				"row 1, column Belopp invalid_header",
				"row 1, column Lagrum invalid_header",
				"row 1, column Beloppsgräns invalid_header",
			},
		},
		"repeated": {
			csvHeaderLine + ";kod\n",
			[]string{"row 1, column Kod invalid_header"},
		},
		"unnamed column in the middle": {
			strings.Replace(csvHeaderLine, "Villkor;", "Villkor;;", 1) + "\n",
			[]string{"row 1, column 9 invalid_header"},
		},
		"comma separated": {
			strings.ReplaceAll(csvHeaderLine, ";", ",") + "\n",
			append([]string{"row 1, column " + strings.ReplaceAll(csvHeaderLine, ";", ",") + " invalid_header"},
				prefixAll("row 1, column ", CSVHeader, " invalid_header")...),
		},
		"empty file": {"", prefixAll("row 1, column ", CSVHeader, " invalid_header")},
		"open quote": {"\"Kod;Avsnitt\n", []string{"row 1 invalid_csv"}},
	} {
		t.Run(name, func(t *testing.T) {
			ps, err := readCSVString(tc.in)
			if ps != nil {
				t.Errorf("points returned with an error: %v", ps)
			}
			checkList(t, faultFields(t, err), tc.want)
		})
	}
}

func prefixAll(prefix string, ss []string, suffix string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = prefix + s + suffix
	}
	return out
}

func TestReadCSVBadRows(t *testing.T) {
	in := csvHeaderLine + "\n" +
		// row 2: fine
		"A16;A Avtal;Avtal med bolagen;;Ordförande;Vice ordförande;;;Nämnd;Nej;Nej;;Nej\n" +
		// row 3: duplicate code (A.16 = A16), unknown delegate, negative limit, bad boolean
		"A.16;A Avtal;Avtal igen;;Kanslichef;;-5 pbb;;Nämnd;Kanske;Nej;;Nej\n" +
		// row 4: unknown substitutes, the delegate as substitute, a bad limit, an unknown report target
		"B3;B;Inköp;;Förvaltningschef;Revisor, Förvaltningschef, IT-chef;12,5,0 kr;;Kommunstyrelsen;Ja;Nej;;Nej\n" +
		// row 5: missing code and matter, too few cells
		";B;;;Förvaltningschef\n" +
		// row 6: empty: skipped
		";;;;;;;;;;;;\n" +
		// row 7: bad code, missing delegate, urgent-only with an employee substitute, unknown category, bad booleans
		"b 7;B;Brådskande;;;Handläggare;5,125 pbb;;Nej;ja;JA!;mål och inriktning, okänt;x\n" +
		// row 8: urgent-only delegated to an employee; a duplicate of B3; empty substitute; overflow
		"B3;B;Inköp;;Handläggare;Ledamot,,Ledamot;1 000 000 000 000 000 kr;;;Nej;Ja;;Nej\n"
	ps, err := readCSVString(in)
	if ps != nil {
		t.Errorf("points returned with an error: %v", ps)
	}
	checkList(t, faultFields(t, err), []string{
		"row 3, column Kod duplicate_code",
		"row 3, column Delegat unknown_role",
		"row 3, column Beloppsgräns negative_limit",
		"row 3, column Vidaredelegering invalid_boolean",
		"row 4, column Ersättare unknown_role",
		"row 4, column Ersättare substitute_is_delegate",
		"row 4, column Beloppsgräns invalid_limit",
		"row 4, column Anmäls till invalid_report_to",
		"row 5 wrong_column_count",
		"row 7, column Kod invalid_point_code",
		"row 7, column Delegat required",
		"row 7, column Beloppsgräns invalid_limit",
		"row 7, column Endast brådskande invalid_boolean",
		"row 7, column Undantag KL 6:38 unknown_category",
		"row 7, column Principiell invalid_boolean",
		"row 8, column Kod duplicate_code",
		"row 8, column Delegat urgent_only_with_delegate_employee",
		"row 8, column Ersättare required",
		"row 8, column Ersättare duplicate_substitute",
		"row 8, column Beloppsgräns limit_too_large",
		"row 8, column Anmäls till invalid_report_to",
	})
	var f *fault.Error
	errors.As(err, &f)
	for _, fe := range f.Fields {
		if fe.Field == "row 8, column Kod" && fe.Detail != "B3 is also in row 4" {
			t.Errorf("duplicate detail = %q", fe.Detail)
		}
	}
}

func TestReadCSVNegativeAndBooleans(t *testing.T) {
	in := csvHeaderLine + "\n" +
		"A1;A;x;;Ordförande;;-1 kr;;Nämnd;Nej;Nej;;Nej\n" +
		"A2;A;x;;Ordförande;;−2,5 prisbasbelopp;;Nämnd;true;false;;1\n"
	_, err := readCSVString(in)
	checkList(t, faultFields(t, err), []string{
		"row 2, column Beloppsgräns negative_limit",
		"row 3, column Beloppsgräns negative_limit",
		"row 3, column Vidaredelegering invalid_boolean",
		"row 3, column Endast brådskande invalid_boolean",
		"row 3, column Principiell invalid_boolean",
	})
}

func TestReadCSVEncodingAndSyntax(t *testing.T) {
	in := csvHeaderLine + "\n" +
		"A1;A;x\xff;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n" +
		"A2;A;\"x\"y;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n" +
		"A3;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n"
	_, err := readCSVString(in)
	checkList(t, faultFields(t, err), []string{
		"row 2, column Ärende invalid_encoding",
		"row 3 invalid_csv",
	})
}

func TestReadCSVRowNumbers(t *testing.T) {
	in := "\n" + csvHeaderLine + "\n" +
		"A1;A;\"två\nrader\";;Chef;;;;Nämnd;Nej;Nej;;Nej\n" + // row 2, lines 3-4
		"\n\n" + // rows 3 and 4: blank
		"A2;A;x;;Chef;;;;Nämnd;Nej;Nej;;Nej\r\n" + // row 5
		"  \n" + // row 6: blank
		"A3;A;\"x\ny\nz\";;Chef;;;;Nämnd;Nej;Nej;;Nej\n" + // row 7
		"A4;A;x;;Chef;;;;Nämnd;Nej;Nej;;Nej\n" + // row 8
		"\n" +
		"A5;A;\"x\"y;;Chef;;;;Nämnd;Nej;Nej;;Nej\n" // row 10: syntax error
	checkList(t, faultFields(t, readCSVErr(in)), []string{
		"row 2, column Delegat unknown_role",
		"row 5, column Delegat unknown_role",
		"row 7, column Delegat unknown_role",
		"row 8, column Delegat unknown_role",
		"row 10 invalid_csv",
	})
}

func TestReadCSVUnnamedColumns(t *testing.T) {
	in := csvHeaderLine + ";\n" +
		"A1;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej;oj\n" +
		"A2;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n" +
		"A3;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej;;;\n" +
		"A4;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej;;;x\n"
	_, err := readCSVString(in)
	checkList(t, faultFields(t, err), []string{
		"row 2, column 14 unnamed_column",
		"row 5 wrong_column_count",
	})
}

func TestReadCSVTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(csvHeaderLine + "\n")
	for range 1000 {
		b.WriteString("A1;A;x;;Chef;;-1 kr;;;;;;\n") // duplicate code, unknown role, negative limit, report to
	}
	got := faultFields(t, readCSVErr(b.String()))
	if len(got) != MaxImportErrors+1 || got[0] != "row 2, column Delegat unknown_role" || got[MaxImportErrors] != " too_many_errors" {
		t.Errorf("%d fields: %v … %v", len(got), got[0], got[len(got)-1])
	}
}

func readCSVErr(s string) error { _, err := readCSVString(s); return err }

func TestReadCSVTooLarge(t *testing.T) {
	row := "A1;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n"
	var b strings.Builder
	b.WriteString(csvHeaderLine + "\n")
	for b.Len() <= MaxImportBytes {
		b.WriteString(row)
	}
	_, err := readCSVString(b.String())
	if !errors.Is(err, ErrImportTooLarge) || fault.From(err).Kind != fault.TooLarge {
		t.Errorf("over 1 MiB: %v", err)
	}

	b.Reset()
	b.WriteString(csvHeaderLine + "\n")
	for i := 0; i <= MaxImportRows; i++ {
		b.WriteString(row)
	}
	if b.Len() > MaxImportBytes {
		t.Fatal("test rows too long")
	}
	if _, err := readCSVString(b.String()); !errors.Is(err, ErrImportTooLarge) {
		t.Errorf("%d rows: %v", MaxImportRows+1, err)
	}
}

func TestReadCSVExactlyMaxRows(t *testing.T) {
	var b strings.Builder
	b.WriteString(csvHeaderLine + "\n")
	for i := range MaxImportRows {
		fmt.Fprintf(&b, "A%d.%d;A;x;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n", i/1000+1, i%1000)
	}
	ps, err := readCSVString(b.String())
	if err != nil || len(ps) != MaxImportRows {
		t.Errorf("%d rows: %d points, %v", MaxImportRows, len(ps), err)
	}
}

func FuzzReadCSV(f *testing.F) {
	if data, err := os.ReadFile("testdata/itn-v1.csv"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(csvHeaderLine + "\nA16;A;x;;Ordförande;Vice ordförande, Ledamot;5 pbb;;Nämnd;Ja;Nej;principiell;Nej\n"))
	f.Add([]byte(csvHeaderLine + "\n\"A\"\"1\";;\"=1\n2\";;;;;;;;;;\n"))
	f.Add([]byte("\uFEFF" + csvHeaderLine + ";;\r\n'=A1;A;'-x;;;;;;;;;;\r\n"))
	f.Add([]byte("Kod;Kod\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ReadCSV(bytes.NewReader(data))
		if err != nil {
			if ps != nil {
				t.Fatal("points returned with an error")
			}
			var fe *fault.Error
			if !errors.As(err, &fe) {
				t.Fatalf("not a fault: %v", err)
			}
			return
		}
		if fes := ValidatePoints(ps); fes != nil {
			t.Fatalf("ReadCSV returned invalid points: %v", fes)
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, ps); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCSV(&b)
		if err != nil {
			t.Fatalf("ReadCSV(WriteCSV(points)): %v\n%q", err, b.String())
		}
		if !reflect.DeepEqual(again, ps) {
			t.Fatalf("round trip:\n%+v\n%+v", again, ps)
		}
	})
}
