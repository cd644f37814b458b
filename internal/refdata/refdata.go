// Package refdata holds the reference data an administrator maintains:
// the prisbasbelopp of each year (which converts delegation limits
// written in prisbasbelopp to kronor) and the classification scheme
// (klassificeringsstruktur: the ärendegrupper a case is registered in).
// Each table is one document with its record chain (adminlog); values are
// corrected, never silently replaced, and a missing year is a named
// refusal (reference_value_missing) instead of a hidden default.
package refdata

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Document ids of the tables.
const (
	PrisbasbeloppID  = "prisbasbelopp"
	ClassificationID = "classification"
)

// YearValue is one year's prisbasbelopp in öre, with its source (e.g. the
// SFS that decided it) and who entered it when.
type YearValue struct {
	Year   int       `json:"year"`
	Ore    int64     `json:"ore"`
	Source string    `json:"source,omitempty"`
	SetBy  string    `json:"set_by"`
	SetAt  time.Time `json:"set_at"`
}

// Prisbasbelopp is the table of prisbasbelopp per year.
type Prisbasbelopp struct {
	Values  []YearValue  `json:"values"`
	Log     adminlog.Log `json:"log,omitempty"`
	Version int64        `json:"-"`
}

// ChainID is the id of the table's record chain.
func (p Prisbasbelopp) ChainID() string { return adminlog.ChainID("reference", PrisbasbeloppID) }

// pbbState is what the records vouch for: each year's value and source.
type pbbState struct {
	Year   int    `json:"year"`
	Ore    int64  `json:"ore"`
	Source string `json:"source,omitempty"`
}

// StateDigest is the digest of the table ("" when it is empty and
// unrecorded).
func (p Prisbasbelopp) StateDigest() string {
	if len(p.Values) == 0 && len(p.Log) == 0 {
		return ""
	}
	return adminlog.StateDigest(p.state())
}

func (p Prisbasbelopp) state() []pbbState {
	out := []pbbState{}
	for _, v := range p.Values {
		out = append(out, pbbState{v.Year, v.Ore, v.Source})
	}
	return out
}

// Table returns the values as a year → öre map (the form the delegation
// limits convert with).
func (p Prisbasbelopp) Table() map[int]int64 {
	t := make(map[int]int64, len(p.Values))
	for _, v := range p.Values {
		t[v.Year] = v.Ore
	}
	return t
}

// Value returns the year's value.
func (p Prisbasbelopp) Value(year int) (YearValue, bool) {
	i := slices.IndexFunc(p.Values, func(v YearValue) bool { return v.Year == year })
	if i < 0 {
		return YearValue{}, false
	}
	return p.Values[i], true
}

// Bounds of a prisbasbelopp and its year.
const (
	MinYear = 1960
	MaxYear = 2200
	MaxOre  = 100_000_000 // 1 000 000 kr: far above any real value
	// MaxSource bounds the source text (characters).
	MaxSource = 300
)

// Actions recorded in the tables' chains.
const (
	ActionValueSet     = "value_set"
	ActionValueChanged = "value_corrected"
	ActionClassAdded   = "class_added"
	ActionClassChanged = "class_changed"
)

// Set enters or corrects the value of a year, with its record.
func (p *Prisbasbelopp) Set(actor string, at time.Time, year int, ore int64, source, note string) error {
	var fs fault.Fields
	if year < MinYear || year > MaxYear {
		fs.Add("/year", "invalid_year")
	}
	if ore <= 0 || ore > MaxOre {
		fs.Add("/ore", "invalid_amount")
	}
	source = strings.TrimSpace(source)
	if utf8.RuneCountInString(source) > MaxSource {
		fs.Add("/source", "too_long")
	}
	fieldtext.Line(&fs, "/source", source)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	v := YearValue{Year: year, Ore: ore, Source: source, SetBy: actor, SetAt: at.UTC()}
	action, before := ActionValueSet, ""
	if old, ok := p.Value(year); ok {
		if old.Ore == ore && old.Source == source {
			return nil // nothing changes
		}
		action, before = ActionValueChanged, adminlog.JSON(pbbState{old.Year, old.Ore, old.Source})
		p.Values[slices.IndexFunc(p.Values, func(x YearValue) bool { return x.Year == year })] = v
	} else {
		p.Values = append(p.Values, v)
		slices.SortFunc(p.Values, func(a, b YearValue) int { return a.Year - b.Year })
	}
	p.Log.Append(p.ChainID(), adminlog.Record{At: at, Actor: actor, Action: action, Ref: fmt.Sprint(year), Before: before,
		After: adminlog.JSON(pbbState{year, ore, source}), Note: note, State: adminlog.StateDigest(p.state())})
	return nil
}

// ErrValueMissing is the refusal of a computation that needs a reference
// value nobody entered: it names the value and the year.
var ErrValueMissing = fault.New(fault.Unprocessable, "reference_value_missing")

// Missing returns the reference_value_missing fault for the prisbasbelopp
// of year, telling what to enter and where.
func Missing(year int) error {
	f := ErrValueMissing.WithDetail("the prisbasbelopp of %d is not entered: an administrator enters it under Administration, Referensdata (PUT /api/v1/reference/prisbasbelopp/%d)", year, year)
	f.Extra = map[string]any{"value": PrisbasbeloppID, "year": year}
	f.Fields = []fault.FieldError{{Field: fmt.Sprintf("prisbasbelopp/%d", year), Code: ErrValueMissing.Code}}
	return f
}

// Warning is a notice about reference data that will be needed soon.
type Warning struct {
	Code  string `json:"code"`
	Value string `json:"value"`
	Year  int    `json:"year"`
	Text  string `json:"text"`
}

// WarnFrom is the day of the year from which next year's missing value is
// warned about: 1 November (the government decides the next
// prisbasbelopp in the autumn).
var WarnFrom = struct {
	Month time.Month
	Day   int
}{time.November, 1}

// Warnings lists what is missing on date today: this year's prisbasbelopp
// at any time, and next year's from WarnFrom.
func (p Prisbasbelopp) Warnings(today platform.Date) []Warning {
	var out []Warning
	if _, ok := p.Value(today.Year); !ok {
		out = append(out, Warning{Code: "reference_value_missing", Value: PrisbasbeloppID, Year: today.Year,
			Text: fmt.Sprintf("Prisbasbeloppet för %d saknas: beloppsgränser i prisbasbelopp kan inte prövas. Ange det under Administration › Referensdata.", today.Year)})
	}
	from := platform.Date{Year: today.Year, Month: WarnFrom.Month, Day: WarnFrom.Day}
	if !today.Before(from) {
		if _, ok := p.Value(today.Year + 1); !ok {
			out = append(out, Warning{Code: "reference_value_due", Value: PrisbasbeloppID, Year: today.Year + 1,
				Text: fmt.Sprintf("Prisbasbeloppet för %d är inte inlagt. Ange det före den 1 januari, annars prövas inga beloppsgränser i prisbasbelopp från årsskiftet.", today.Year+1)})
		}
	}
	return out
}

// Class is an ärendegrupp of the classification scheme. It is retired,
// never removed (registered cases name it).
type Class struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Retired bool   `json:"retired,omitempty"`
}

// Label is how a case records its class: "code name".
func (c Class) Label() string { return c.Code + " " + c.Name }

// Classification is the klassificeringsstruktur.
type Classification struct {
	Classes []Class      `json:"classes"`
	Log     adminlog.Log `json:"log,omitempty"`
	Version int64        `json:"-"`
}

// ChainID is the id of the scheme's record chain.
func (c Classification) ChainID() string { return adminlog.ChainID("reference", ClassificationID) }

// StateDigest is the digest of the scheme ("" when empty and unrecorded).
func (c Classification) StateDigest() string {
	if len(c.Classes) == 0 && len(c.Log) == 0 {
		return ""
	}
	return adminlog.StateDigest(c.classes())
}

func (c Classification) classes() []Class {
	if c.Classes == nil {
		return []Class{}
	}
	return c.Classes
}

// classCode is a class code: digits and capital letters in up to four
// dot-separated parts ("1.2.3", "A16", "KS 3.1" is not one).
var classCode = regexp.MustCompile(`^[0-9A-ZÅÄÖ]{1,10}(\.[0-9A-ZÅÄÖ]{1,10}){0,3}$`)

// ValidClassCode reports whether s is a class code.
func ValidClassCode(s string) bool { return classCode.MatchString(s) }

// Class returns the class with the given code.
func (c Classification) Class(code string) (Class, bool) {
	i := slices.IndexFunc(c.Classes, func(x Class) bool { return x.Code == code })
	if i < 0 {
		return Class{}, false
	}
	return c.Classes[i], true
}

// Resolve finds the class a registration names: by its code or by its
// label ("code name"); retired classes are not offered to new cases.
func (c Classification) Resolve(s string) (Class, bool) {
	s = strings.TrimSpace(s)
	code, _, _ := strings.Cut(s, " ")
	x, ok := c.Class(code)
	if !ok || x.Retired || (s != x.Code && s != x.Label()) {
		return Class{}, false
	}
	return x, true
}

// MaxClassName bounds a class name (characters).
const MaxClassName = 200

// Put adds a class or changes an existing one's name or retirement, with
// its record.
func (c *Classification) Put(actor string, at time.Time, x Class, note string) error {
	x.Code, x.Name = strings.TrimSpace(x.Code), strings.TrimSpace(x.Name)
	var fs fault.Fields
	if !ValidClassCode(x.Code) {
		fs.Add("/code", "invalid_class_code")
	}
	switch n := utf8.RuneCountInString(x.Name); {
	case n == 0:
		fs.Add("/name", "required")
	case n > MaxClassName:
		fs.Add("/name", "too_long")
	}
	fieldtext.Line(&fs, "/name", x.Name)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	action, before := ActionClassAdded, ""
	if old, ok := c.Class(x.Code); ok {
		if old == x {
			return nil
		}
		action, before = ActionClassChanged, adminlog.JSON(old)
		c.Classes[slices.IndexFunc(c.Classes, func(y Class) bool { return y.Code == x.Code })] = x
	} else {
		c.Classes = append(c.Classes, x)
		slices.SortFunc(c.Classes, func(a, b Class) int { return strings.Compare(a.Code, b.Code) })
	}
	c.Log.Append(c.ChainID(), adminlog.Record{At: at, Actor: actor, Action: action, Ref: x.Code, Before: before,
		After: adminlog.JSON(x), Note: note, State: adminlog.StateDigest(c.classes())})
	return nil
}

// Storer is what the reference data need from storage. Get* return an
// empty table with Version 0 when none is stored; Put* insert (Version 0)
// or update version-guarded.
type Storer interface {
	GetPrisbasbelopp(ctx context.Context) (Prisbasbelopp, error)
	PutPrisbasbelopp(ctx context.Context, p Prisbasbelopp) (Prisbasbelopp, error)
	GetClassification(ctx context.Context) (Classification, error)
	PutClassification(ctx context.Context, c Classification) (Classification, error)
}
