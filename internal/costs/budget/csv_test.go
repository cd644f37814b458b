package budget

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
)

const (
	borgholm   = "0885"
	morbylanga = "0840"
)

var (
	members     = []string{borgholm, morbylanga}
	memberNames = map[string]string{
		"Borgholm": borgholm, "Borgholms kommun": borgholm,
		"Mörbylånga": morbylanga, "Mörbylånga kommun": morbylanga,
	}
)

func tkr(n int64) int64 { return n * 100_000 }

// seed2025 is testdata/itn-2025.csv: the Årsbudget and Årsprognos columns
// of the seed's "Totala intäkter och kostnader sammanställt" and of the
// political costs of the IT-nämnd (seed lines 413–476), in whole tkr as the
// seed prints them. Budget rows that are 0 in the seed are left out. The
// seed's "Intäkter Mörbylånga och kommunala bolag" is one row there and so
// one contribution here.
var seed2025 = []Line{
	{2025, TypeBudget, "Personalkostnader", "", KindShared, "", tkr(10_197), ""},
	{2025, TypeBudget, "Lokalkostnader", "", KindShared, "", tkr(175), ""},
	{2025, TypeBudget, "Telefoni", "", KindShared, "", tkr(1_150), ""},
	{2025, TypeBudget, "System och program", "", KindShared, "", tkr(4_447), ""},
	{2025, TypeBudget, "Övriga kostnader", "", KindShared, "", tkr(1_839), ""},
	{2025, TypeBudget, "Intäkter Borgholms kommun", "", KindContribution, borgholm, tkr(-10_778), ""},
	{2025, TypeBudget, "Intäkter Mörbylånga och kommunala bolag", "", KindContribution, morbylanga, tkr(-7_030), ""},
	{2025, TypeForecast, "Inköp till Lager", "", KindShared, "", tkr(8_216), ""},
	{2025, TypeForecast, "Personalkostnader", "", KindShared, "", tkr(9_880), ""},
	{2025, TypeForecast, "Lokalkostnader", "", KindShared, "", tkr(143), ""},
	{2025, TypeForecast, "Telefoni", "", KindShared, "", tkr(1_268), ""},
	{2025, TypeForecast, "System och program", "", KindShared, "", tkr(5_241), ""},
	{2025, TypeForecast, "Övriga kostnader", "", KindShared, "", tkr(2_100), ""},
	{2025, TypeForecast, "Övriga intäkter", "", KindShared, "", tkr(-8_221), ""},
	{2025, TypeForecast, "Intäkter Borgholms kommun", "", KindContribution, borgholm, tkr(-11_504), ""},
	{2025, TypeForecast, "Intäkter Mörbylånga och kommunala bolag", "", KindContribution, morbylanga, tkr(-6_954), ""},
	{2025, TypeForecast, "Personalkostnader", "", KindPolitical, borgholm, tkr(160), "Nämndsarvoden"},
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCSVSeed(t *testing.T) {
	lines, err := ReadCSV(bytes.NewReader(readFile(t, "testdata/itn-2025.csv")), 2025, members, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lines, seed2025) {
		t.Fatalf("lines differ:\ngot  %v\nwant %v", lines, seed2025)
	}

	// The seed's sums: Årsbudget "Summa kostnader" 17 808 tkr, balanced by
	// the contributions ("Total" 0); Årsprognos "Summa kostnader" 26 849
	// and 160 tkr of arvoden. (The seed rounds each row to whole tkr, so
	// the rows sum to 26 848.)
	sum := func(typ LineType, kind Kind, positive bool) int64 {
		var s int64
		for _, l := range lines {
			if l.Type == typ && l.Kind == kind && (l.AmountOre > 0) == positive {
				s += l.AmountOre
			}
		}
		return s
	}
	if got := sum(TypeBudget, KindShared, true); got != tkr(17_808) {
		t.Errorf("budget shared costs %s, want 17 808 tkr", money.Format(got))
	}
	if got := sum(TypeBudget, KindContribution, false); got != tkr(-17_808) {
		t.Errorf("budget contributions %s, want -17 808 tkr", money.Format(got))
	}
	if got := sum(TypeForecast, KindShared, true); got != tkr(26_848) {
		t.Errorf("forecast shared costs %s, want 26 848 tkr", money.Format(got))
	}
	if got := sum(TypeForecast, KindPolitical, true); got != tkr(160) {
		t.Errorf("forecast political costs %s, want 160 tkr", money.Format(got))
	}

	// The same file with member names instead of codes.
	named := strings.NewReplacer(";0885;", ";Borgholm;", ";0840;", ";mörbylånga  KOMMUN;").
		Replace(string(readFile(t, "testdata/itn-2025.csv")))
	lines, err = ReadCSV(strings.NewReader(named), 2025, members, memberNames)
	if err != nil || !reflect.DeepEqual(lines, seed2025) {
		t.Errorf("with names: %v\n%v", err, lines)
	}
}

// A file as a spreadsheet might save it: a byte order mark, CRLF, columns
// in another order and of other case, the optional År column, names,
// decimals of tkr, a minus sign, units in the cells, no-break spaces, a
// guarded formula-like text, quotes, a blank row and empty trailing cells.
func TestReadCSVSpreadsheetFile(t *testing.T) {
	in := "\uFEFFår;BELOPP;enhet;typ;slag;kommun;kategori;it-objekt;anteckning;;\r\n" +
		"2025;8 216,3;tkr;Prognos;Gemensam;;Inköp till Lager;;;;\r\n" +
		"2025;\u22128\u00a0220,6;tkr;prognos;gemensam;;Övriga intäkter;;\"Kommunala bolag; avtal A16\";;\r\n" +
		";;;;;;;;;;\r\n" +
		"2025;-11 504,2 tkr;;Prognos;Medlemsavgift;Borgholm;Intäkter Borgholms kommun;;;;\r\n" +
		"2025;-6 953,8;TKR;forecast;contribution;0840;Intäkter Mörbylånga och kommunala bolag;;;;\r\n" +
		"2025;160 000;;Prognos;Politisk;BORGHOLMS KOMMUN;Personalkostnader;;Nämndsarvoden;;\r\n" +
		"2025;12,50 kr;kr;Utfall;Direkt;0840;'-Licenser;Skolplattform;\"Rad 1\nRad 2\";;\r\n"
	want := []Line{
		{2025, TypeForecast, "Inköp till Lager", "", KindShared, "", 821_630_000, ""},
		{2025, TypeForecast, "Övriga intäkter", "", KindShared, "", -822_060_000, "Kommunala bolag; avtal A16"},
		{2025, TypeForecast, "Intäkter Borgholms kommun", "", KindContribution, borgholm, -1_150_420_000, ""},
		{2025, TypeForecast, "Intäkter Mörbylånga och kommunala bolag", "", KindContribution, morbylanga, -695_380_000, ""},
		{2025, TypeForecast, "Personalkostnader", "", KindPolitical, borgholm, 16_000_000, "Nämndsarvoden"},
		{2025, TypeOutcome, "-Licenser", "Skolplattform", KindDirect, morbylanga, 1250, "Rad 1\nRad 2"},
	}
	lines, err := ReadCSV(strings.NewReader(in), 2025, members, memberNames)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lines, want) {
		t.Fatalf("lines differ:\ngot  %+v\nwant %+v", lines, want)
	}
}

func TestReadCSVEmptyFileWithHeader(t *testing.T) {
	lines, err := ReadCSV(strings.NewReader(strings.Join(CSVHeader, ";")+"\n"), 2025, members, nil)
	if err != nil || lines == nil || len(lines) != 0 {
		t.Errorf("ReadCSV(header only) = %v, %v; want an empty list", lines, err)
	}
}

const header = "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\n"

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // "field: code"
	}{{
		name: "wrong headers",
		in:   "Typ;Kategori;IT-objekt;Slag;Kommun;Summa;Enhet;Anteckning;typ;;Ar\nBudget;x;;Gemensam;;1;kr;;Budget;;\n",
		want: []string{
			"row 1, column Summa: invalid_header", // unknown
			"row 1, column 10: invalid_header",    // a column without a name before a named one
			"row 1, column Ar: invalid_header",
			"row 1, column Typ: invalid_header",    // repeated
			"row 1, column Belopp: invalid_header", // missing
		},
	}, {
		name: "empty file",
		in:   "",
		want: []string{
			"row 1, column Typ: invalid_header", "row 1, column Kategori: invalid_header",
			"row 1, column IT-objekt: invalid_header", "row 1, column Slag: invalid_header",
			"row 1, column Kommun: invalid_header", "row 1, column Belopp: invalid_header",
			"row 1, column Enhet: invalid_header", "row 1, column Anteckning: invalid_header",
		},
	}, {
		name: "bad cells",
		in: header +
			"Prognos;Personalkostnader;;Gemensam;;9 880;tkr;\n" + // row 2 is good
			"Prognos;Personalkostnader;;Politisk;;160;tkr;Nämndsarvoden\n" + // Politisk without Kommun
			"Prognos;Telefoni;;Gemensam;Borgholm;1 268;tkr;\n" + // Gemensam with Kommun
			"Prognos;Medlemsavgift;;Medlemsavgift;Kalmar;-100;tkr;\n" + // unknown member
			"Budget;Telefoni;;Gemensam;;12,5,0;kr;\n" + // bad amount
			"Plan;Telefoni;;Gemensam;;1 150;tkr;\n" + // wrong Typ
			"Årsbudget;;;Kostnad;0999;1,234;kr;\n" + // every cell of a row
			"Budget;Telefoni;;Direkt;0840;;mkr;\n" + // empty amount, bad unit
			"Budget;Telefoni;;Direkt;0840;1.5;Mkr;\n" + // bad amount with a bad unit
			"Budget;Telefoni;;Direkt;0840;1,234;Mkr;\n" + // could be tkr: only the unit is bad
			"Budget;Telefoni;;Direkt;0840;9 999 999 999 999 999;tkr;\n" +
			"Budget;Telefoni;;Direkt;0840;12 kr;tkr;\n" +
			";;;;;;;\n" + // blank: skipped, but counted
			"Budget;Telefoni;;Gemensam;;1;kr\n" + // one cell short
			"Budget;Telefoni;;Gemensam;;1;kr;;x\n", // a value under no header
		want: []string{
			"row 3, column Kommun: required",
			"row 4, column Kommun: member_not_allowed",
			"row 5, column Kommun: unknown_member",
			"row 6, column Belopp: invalid_amount",
			"row 7, column Typ: invalid_type",
			"row 8, column Typ: invalid_type",
			"row 8, column Kategori: required",
			"row 8, column Slag: invalid_kind",
			"row 8, column Kommun: unknown_member",
			"row 8, column Belopp: too_many_decimals",
			"row 9, column Belopp: required",
			"row 9, column Enhet: invalid_unit",
			"row 10, column Belopp: invalid_amount",
			"row 10, column Enhet: invalid_unit",
			"row 11, column Enhet: invalid_unit",
			"row 12, column Belopp: amount_too_large",
			"row 13, column Belopp: invalid_unit",
			"row 15: wrong_column_count",
			"row 16: wrong_column_count",
		},
	}, {
		name: "year column",
		in: "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning;År\n" +
			"Budget;Telefoni;;Gemensam;;1;kr;;2025\n" +
			"Budget;Telefoni;;Gemensam;;1;kr;;2024\n" +
			"Budget;Telefoni;;Gemensam;;1;kr;;\n" +
			"Budget;Telefoni;;Gemensam;;1;kr;;tjugo\n",
		want: []string{
			"row 3, column År: wrong_year",
			"row 4, column År: required",
			"row 5, column År: wrong_year",
		},
	}, {
		name: "texts",
		in: header +
			"Budget;" + strings.Repeat("x", MaxCategoryLen+1) + ";;Gemensam;;1;kr;\n" +
			"Budget;a\x01b;" + strings.Repeat("å", MaxITObjectLen+1) + ";Gemensam;;1;kr;\"tab\there\"\n" +
			"Budget;\xff;;Gemensam;;1;kr;\n",
		want: []string{
			"row 2, column Kategori: too_long",
			"row 3, column Kategori: invalid_value",
			"row 3, column IT-objekt: too_long",
			"row 3, column Anteckning: invalid_value",
			"row 4, column Kategori: invalid_encoding",
		},
	}, {
		name: "quotes",
		in:   header + "Budget;Telefoni;;Gemensam;;1;kr;\n" + "Budget;\"Tele\"foni;;Gemensam;;1;kr;\n",
		want: []string{"row 3: invalid_csv"},
	}, {
		name: "too many rows",
		in:   header + strings.Repeat("Budget;Telefoni;;Gemensam;;1;kr;\n", MaxImportRows+1),
		want: []string{": too_large"},
	}, {
		name: "too many bytes",
		in:   header + "Budget;Telefoni;;Gemensam;;1;kr;" + strings.Repeat("x", MaxImportBytes) + "\n",
		want: []string{": too_large"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			lines, err := ReadCSV(strings.NewReader(c.in), 2025, members, memberNames)
			if lines != nil {
				t.Errorf("lines = %v, want nil", lines)
			}
			f := fault.From(err)
			if f.Kind != fault.Unprocessable || f.Code != "validation_failed" {
				t.Fatalf("err = %v, want an Unprocessable validation_failed fault", err)
			}
			got := make([]string, len(f.Fields))
			for i, fe := range f.Fields {
				got[i] = fe.Field + ": " + fe.Code
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("fields:\ngot  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestReadCSVListsAtMostMaxImportErrors(t *testing.T) {
	in := header + strings.Repeat("Plan;Telefoni;;Gemensam;;1;kr;\n", MaxImportErrors+5)
	_, err := ReadCSV(strings.NewReader(in), 2025, members, nil)
	fs := fault.From(err).Fields
	if len(fs) != MaxImportErrors+1 || fs[MaxImportErrors].Code != "too_many_errors" ||
		fs[MaxImportErrors-1].Field != fmt.Sprintf("row %d, column Typ", MaxImportErrors+1) {
		t.Errorf("%d fields, last %v", len(fs), fs[len(fs)-1])
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadCSVReturnsReadErrors(t *testing.T) {
	if _, err := ReadCSV(failingReader{}, 2025, members, nil); err == nil || err.Error() != "disk on fire" {
		t.Errorf("err = %v", err)
	}
}

func TestWriteCSV(t *testing.T) {
	lines := []Line{
		{2025, TypeForecast, "Övriga intäkter", "", KindShared, "", -822_060_000, ""},
		{2025, TypeForecast, "Personalkostnader", "", KindPolitical, borgholm, 16_000_000, "Nämndsarvoden"},
		{2025, TypeOutcome, "=1+1", "Skola; 1:a", KindDirect, morbylanga, 1, "\"citat\"\nrad 2"},
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, lines, map[string]string{"Borgholm": borgholm, "Borgholms kommun": borgholm}); err != nil {
		t.Fatal(err)
	}
	want := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\n" +
		"Prognos;Övriga intäkter;;Gemensam;;-8220600,00;kr;\n" +
		"Prognos;Personalkostnader;;Politisk;Borgholm;160000,00;kr;Nämndsarvoden\n" +
		"Utfall;'=1+1;\"Skola; 1:a\";Direkt;0840;0,01;kr;\"\"\"citat\"\"\nrad 2\"\n"
	if b.String() != want {
		t.Errorf("WriteCSV:\ngot  %q\nwant %q", b.String(), want)
	}
}

func TestRoundTrip(t *testing.T) {
	lines := append(cloneLines(seed2025),
		Line{2025, TypeOutcome, "=HYPERLINK(\"x\")", "'+Objekt", KindDirect, morbylanga, -1, "@anteckning\nrad två"},
		Line{2025, TypeOutcome, "'quoted", "-", KindContribution, borgholm, MaxAmountOre, "\"; ;\""},
		Line{2025, TypeBudget, "Licenser", "Skolplattform", KindDirect, borgholm, -MaxAmountOre, ""},
	)
	for _, names := range []map[string]string{nil, memberNames} {
		var b bytes.Buffer
		if err := WriteCSV(&b, lines, names); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCSV(&b, 2025, members, names)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, lines) {
			t.Errorf("round trip (names %v):\ngot  %+v\nwant %+v", names, got, lines)
		}
	}
}

func cloneLines(l []Line) []Line { return append([]Line(nil), l...) }

func TestValidateLinesPaths(t *testing.T) {
	fs := ValidateLines([]Line{
		seed2025[0],
		{Year: 2024, Type: "plan", Kind: "", Member: "", AmountOre: MaxAmountOre + 1},
	}, 2025, members)
	var got []string
	for _, fe := range fs {
		got = append(got, fe.Field+": "+fe.Code)
	}
	want := []string{
		"/lines/1/year: wrong_year", "/lines/1/type: invalid_type", "/lines/1/category: required",
		"/lines/1/kind: required", "/lines/1/amount_ore: amount_too_large",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(readFile(f, "testdata/itn-2025.csv"))
	f.Add([]byte(header + "Budget;Telefoni;;Gemensam;;12,5,0;kr;\n"))
	f.Add([]byte("\uFEFFÅr;Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning;;\r\n" +
		"2025;Prognos;'=x;\"a\nb\";Politisk;Borgholm;\u22128\u00a0220,6 tkr;;\"\"\"\";;\r\n"))
	f.Add([]byte(header + "Budget;\"Tele\"foni;;Gemensam;;1;kr;\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines, err := ReadCSV(bytes.NewReader(in), 2025, members, memberNames)
		if err != nil {
			f := fault.From(err)
			if lines != nil || f.Kind != fault.Unprocessable || f.Code != "validation_failed" || len(f.Fields) == 0 {
				t.Fatalf("lines %v, err %v", lines, err)
			}
			return
		}
		if len(ValidateLines(lines, 2025, members)) != 0 {
			t.Fatalf("ReadCSV returned invalid lines %+v", lines)
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, lines, memberNames); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(&b, 2025, members, memberNames)
		if err != nil || !reflect.DeepEqual(back, lines) {
			t.Fatalf("round trip: %v\nread    %+v\nwrote   %q\nre-read %+v", err, lines, b.String(), back)
		}
	})
}
