package delegation

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
)

// pointCodePattern is the form of a point code: one to three section
// letters, an optional dot and a number, optionally with sub-numbers:
// "A16", "A.16", "M.15.4".
var pointCodePattern = regexp.MustCompile(`^[A-ZÅÄÖ]{1,3}\.?\d{1,3}(\.\d{1,3})*$`)

// ValidPointCode reports whether code has the form of a point code, such as
// "A16", "A.16" or "M.15.4".
func ValidPointCode(code string) bool { return pointCodePattern.MatchString(code) }

// pointKey is the identity of a code for duplicate detection: the optional
// dot after the section letters does not make a new code ("A.16" = "A16").
func pointKey(code string) string {
	i := strings.IndexFunc(code, func(r rune) bool { return r == '.' || r >= '0' && r <= '9' })
	if i > 0 && code[i] == '.' {
		return code[:i] + code[i+1:]
	}
	return code
}

// DelegableRole reports whether role may hold a delegation or be a
// substitute: any known role except revisor and admin.
func DelegableRole(role string) bool {
	r := identity.Role(role)
	return r.Valid() && r != identity.RoleRevisor && r != identity.RoleAdmin
}

// ElectedRole reports whether role is an elected member who may decide
// urgent matters on the board's behalf (KL 6:39): ordförande, vice
// ordförande or ledamot.
func ElectedRole(role string) bool {
	switch identity.Role(role) {
	case identity.RoleOrdforande, identity.RoleViceOrdforande, identity.RoleLedamot:
		return true
	}
	return false
}

// Validate checks an order version: board, number (≥ 1), valid_from, the
// title and adoption reference (one line each, internal/fieldtext), the
// urgent deciders (each an elected member, KL 6:39) and every point (see
// ValidatePoints). It returns nil or an Unprocessable "validation_failed"
// fault listing every problem with JSON-pointer paths ("/points/3/delegate").
func (o *Order) Validate() error {
	return orderFields(o).Err(fault.Unprocessable)
}

// orderFields returns every problem of o.
func orderFields(o *Order) fault.Fields {
	var fs fault.Fields
	if strings.TrimSpace(o.Board) == "" {
		fs.Add("/board", "required")
	}
	if o.Number < 1 {
		fs.Add("/number", "invalid_number")
	}
	if o.ValidFrom.IsZero() {
		fs.Add("/valid_from", "required")
	}
	fieldtext.Line(&fs, "/title", o.Title)
	fieldtext.Line(&fs, "/adopted_ref", o.AdoptedRef)
	for i, r := range o.UrgentDeciders {
		path := fmt.Sprintf("/urgent_deciders/%d", i)
		switch {
		case r == "":
			fs.Add(path, "required")
		case !identity.Role(r).Valid():
			fs.Add(path, "unknown_role")
		case !ElectedRole(r):
			fs.Add(path, "invalid_urgent_decider")
		case slices.Contains(o.UrgentDeciders[:i], r):
			fs.Add(path, "duplicate_urgent_decider")
		}
	}
	if len(o.Points) == 0 {
		fs.Add("/points", "required")
	}
	fs = append(fs, ValidatePoints(o.Points)...)
	return fs
}

// ValidatePoints checks the points of an order and returns every problem
// (nil when there is none), each with a path such as "/points/3/delegate"
// and one of the codes:
//
//   - required: code, matter or delegate is empty (or an empty substitute);
//   - control_characters: the matter or conditions carry a control
//     character (but a line break or tab) or a bidirectional formatting
//     character, the section or legal basis any control character;
//   - invalid_point_code: the code is not like "A16", "A.16" or "M.15.4";
//   - duplicate_code: an earlier point has the same code ("A.16" = "A16");
//   - unknown_role: the delegate or a substitute is not a role that may
//     hold delegation (revisor and admin may not);
//   - substitute_is_delegate, duplicate_substitute;
//   - negative_limit, invalid_limit: both Ore and PBBCents set, or neither;
//   - limit_too_large: over MaxLimitOre or MaxLimitPBBCents;
//   - invalid_report_to: not namnd, forvaltningschef or ingen;
//   - unknown_category: an excluded category that is not a KL 6:38 one;
//   - urgent_only_with_delegate_employee: an urgent-only point whose
//     delegate or substitute is not ordförande, vice ordförande or ledamot
//     (only elected members decide urgent matters, KL 6:39).
func ValidatePoints(points []Point) []fault.FieldError {
	var fs fault.Fields
	seen := make(map[string]int, len(points))
	for i, p := range points {
		at := func(field string) string { return fmt.Sprintf("/points/%d/%s", i, field) }

		switch {
		case p.Code == "":
			fs.Add(at("code"), "required")
		case !ValidPointCode(p.Code):
			fs.Add(at("code"), "invalid_point_code")
		default:
			if first, dup := seen[pointKey(p.Code)]; dup {
				fs = append(fs, fault.FieldError{Field: at("code"), Code: "duplicate_code",
					Detail: fmt.Sprintf("%s is also point %d", p.Code, first)})
			} else {
				seen[pointKey(p.Code)] = i
			}
		}
		if strings.TrimSpace(p.Matter) == "" {
			fs.Add(at("matter"), "required")
		}
		fieldtext.Block(&fs, at("matter"), p.Matter)
		fieldtext.Line(&fs, at("section"), p.Section)
		fieldtext.Line(&fs, at("legal_basis"), p.LegalBasis)
		fieldtext.Block(&fs, at("conditions"), p.Conditions)

		switch {
		case p.Delegate == "":
			fs.Add(at("delegate"), "required")
		case !DelegableRole(p.Delegate):
			fs.Add(at("delegate"), "unknown_role")
		case p.UrgentOnly && !ElectedRole(p.Delegate):
			fs.Add(at("delegate"), "urgent_only_with_delegate_employee")
		}
		for j, s := range p.Substitutes {
			path := fmt.Sprintf("/points/%d/substitutes/%d", i, j)
			switch {
			case s == "":
				fs.Add(path, "required")
			case !DelegableRole(s):
				fs.Add(path, "unknown_role")
			case s == p.Delegate:
				fs.Add(path, "substitute_is_delegate")
			case slices.Contains(p.Substitutes[:j], s):
				fs.Add(path, "duplicate_substitute")
			case p.UrgentOnly && !ElectedRole(s):
				fs.Add(path, "urgent_only_with_delegate_employee")
			}
		}

		if l := p.Limit; l != nil {
			switch {
			case l.Ore < 0 || l.PBBCents < 0:
				fs.Add(at("limit"), "negative_limit")
			case (l.Ore != 0) == (l.PBBCents != 0):
				fs.Add(at("limit"), "invalid_limit")
			case l.Ore > MaxLimitOre || l.PBBCents > MaxLimitPBBCents:
				fs.Add(at("limit"), "limit_too_large")
			}
		}

		switch p.ReportTo {
		case ReportBoard, ReportManager, ReportNone:
		default:
			fs.Add(at("report_to"), "invalid_report_to")
		}

		for j, c := range p.Excluded {
			if !slices.Contains(Categories, c) {
				fs.Add(fmt.Sprintf("/points/%d/excluded/%d", i, j), "unknown_category")
			}
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return fs
}
