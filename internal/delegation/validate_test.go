package delegation

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// fieldList renders field errors as "field code" lines for comparison.
func fieldList(fes []fault.FieldError) []string {
	out := make([]string, len(fes))
	for i, fe := range fes {
		out[i] = fe.Field + " " + fe.Code
	}
	return out
}

// faultFields returns the fields of a validation_failed fault.
func faultFields(t *testing.T, err error) []string {
	t.Helper()
	var f *fault.Error
	if !errors.As(err, &f) || f.Code != "validation_failed" || f.Kind != fault.Unprocessable {
		t.Fatalf("want an Unprocessable validation_failed fault, got %v", err)
	}
	return fieldList(f.Fields)
}

func checkList(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func goodPoint(code string) Point {
	return Point{Code: code, Matter: "Avtal", Delegate: "ordforande", ReportTo: ReportBoard}
}

func TestValidPointCode(t *testing.T) {
	for code, want := range map[string]bool{
		"A16": true, "A.16": true, "M.15.4": true, "B3": true, "ÅÄÖ1": true, "AB.1.2.3": true,
		"a16": false, "A": false, "16": false, "A1234": false, "ABCD1": false, "A..16": false,
		"A16.": false, "A 16": false, "A.16.1234": false, "": false, "A١٦": false,
	} {
		if got := ValidPointCode(code); got != want {
			t.Errorf("ValidPointCode(%q) = %v", code, got)
		}
	}
}

func TestValidatePointsGood(t *testing.T) {
	ps := []Point{
		goodPoint("A16"),
		{Code: "B.3", Matter: "Upphandling", Delegate: "forvaltningschef", Substitutes: []string{"handlaggare", "sekreterare"},
			Limit: &Limit{PBBCents: 500}, ReportTo: ReportManager, SubdelegationAllowed: true},
		{Code: "C1", Matter: "Brådskande", Delegate: "ordforande", Substitutes: []string{"vice_ordforande", "ledamot"},
			ReportTo: ReportBoard, UrgentOnly: true, Excluded: []Category{CatGoals, CatPrinciple}},
		{Code: "M.15.4", Matter: "Yttrande", Delegate: "ersattare", Limit: &Limit{Ore: 1}, ReportTo: ReportNone},
	}
	if fes := ValidatePoints(ps); fes != nil {
		t.Errorf("ValidatePoints: %v", fieldList(fes))
	}
	if fes := ValidatePoints(nil); fes != nil {
		t.Errorf("ValidatePoints(nil): %v", fes)
	}
}

func TestValidatePointsReportsEveryProblem(t *testing.T) {
	ps := []Point{
		{}, // 0: everything missing
		{Code: "a16", Matter: " ", // 1
			Delegate: "revisor", Substitutes: []string{"admin", "", "chef"},
			Limit: &Limit{Ore: -1}, ReportTo: "kommunstyrelsen", Excluded: []Category{"mal_inriktning", "okand"}},
		goodPoint("A16"),  // 2
		goodPoint("A.16"), // 3: same as A16
		{Code: "B3", Matter: "x", Delegate: "forvaltningschef", // 4
			Substitutes: []string{"forvaltningschef", "handlaggare", "handlaggare"},
			Limit:       &Limit{Ore: 5, PBBCents: 5}, ReportTo: ReportNone},
		{Code: "B4", Matter: "x", Delegate: "forvaltningschef", Limit: &Limit{}, ReportTo: ReportNone}, // 5
		{Code: "C1", Matter: "x", Delegate: "forvaltningschef", Substitutes: []string{"ordforande", "sekreterare"}, // 6
			ReportTo: ReportBoard, UrgentOnly: true},
		{Code: "C2", Matter: "x", Delegate: "vice_ordforande", ReportTo: ReportBoard, UrgentOnly: true, // 7: fine
			Substitutes: []string{"ledamot"}},
		{Code: "B4", Matter: "x", Delegate: "ledamot", ReportTo: ReportBoard, Limit: &Limit{Ore: MaxLimitOre + 1}},  // 8
		{Code: "A16", Matter: "x", Delegate: "ledamot", ReportTo: ReportBoard, Limit: &Limit{PBBCents: -5, Ore: 7}}, // 9
	}
	checkList(t, fieldList(ValidatePoints(ps)), []string{
		"/points/0/code required",
		"/points/0/matter required",
		"/points/0/delegate required",
		"/points/0/report_to invalid_report_to",
		"/points/1/code invalid_point_code",
		"/points/1/matter required",
		"/points/1/delegate unknown_role",
		"/points/1/substitutes/0 unknown_role",
		"/points/1/substitutes/1 required",
		"/points/1/substitutes/2 unknown_role",
		"/points/1/limit negative_limit",
		"/points/1/report_to invalid_report_to",
		"/points/1/excluded/1 unknown_category",
		"/points/3/code duplicate_code",
		"/points/4/substitutes/0 substitute_is_delegate",
		"/points/4/substitutes/2 duplicate_substitute",
		"/points/4/limit invalid_limit",
		"/points/5/limit invalid_limit",
		"/points/6/delegate urgent_only_with_delegate_employee",
		"/points/6/substitutes/1 urgent_only_with_delegate_employee",
		"/points/8/code duplicate_code",
		"/points/8/limit limit_too_large",
		"/points/9/code duplicate_code",
		"/points/9/limit negative_limit",
	})
}

func TestOrderValidate(t *testing.T) {
	good := Order{Board: "ITN", Number: 1, ValidFrom: platform.MustParseDate("2026-01-01"),
		UrgentDeciders: []string{"ordforande", "vice_ordforande"}, Points: []Point{goodPoint("A16")}}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}

	bad := Order{Number: 0, UrgentDeciders: []string{"ordforande", "forvaltningschef", "chef", "", "ordforande"}}
	checkList(t, faultFields(t, bad.Validate()), []string{
		"/board required",
		"/number invalid_number",
		"/valid_from required",
		"/urgent_deciders/1 invalid_urgent_decider",
		"/urgent_deciders/2 unknown_role",
		"/urgent_deciders/3 required",
		"/urgent_deciders/4 duplicate_urgent_decider",
		"/points required",
	})

	withBadPoint := good
	withBadPoint.Points = []Point{goodPoint("A16"), {Code: "A16", Matter: "x", Delegate: "admin", ReportTo: ReportBoard}}
	err := withBadPoint.Validate()
	checkList(t, faultFields(t, err), []string{"/points/1/code duplicate_code", "/points/1/delegate unknown_role"})
	if !errors.Is(err, ErrInvalidOrder) {
		t.Error("the fault should match ErrInvalidOrder")
	}
}

func TestDelegableAndElectedRoles(t *testing.T) {
	var delegable, elected []string
	for _, r := range []string{"handlaggare", "ordforande", "vice_ordforande", "sekreterare", "forvaltningschef",
		"ledamot", "ersattare", "revisor", "admin", "x", ""} {
		if DelegableRole(r) {
			delegable = append(delegable, r)
		}
		if ElectedRole(r) {
			elected = append(elected, r)
		}
	}
	checkList(t, delegable, []string{"handlaggare", "ordforande", "vice_ordforande", "sekreterare", "forvaltningschef", "ledamot", "ersattare"})
	checkList(t, elected, []string{"ordforande", "vice_ordforande", "ledamot"})
}
