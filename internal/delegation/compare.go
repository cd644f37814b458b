package delegation

import (
	"slices"
)

// ChangeKind says how a point differs between two versions.
type ChangeKind string

// The kinds of PointChange.
const (
	PointAdded   ChangeKind = "added"   // in the new version only
	PointRemoved ChangeKind = "removed" // in the old version only
	PointChanged ChangeKind = "changed" // in both, with different content
)

// PointChange is one point that differs between two versions of a
// delegationsordning: the point as it was (nil when added), as it is
// (nil when removed), and the names of the fields that changed (the
// Point's JSON names, in the struct's order).
type PointChange struct {
	Code   string
	Kind   ChangeKind
	Old    *Point
	New    *Point
	Fields []string
}

// Compare lists the points that differ between the old and the new
// version, in the new version's order followed by the removed points in
// the old version's order. Equal points are left out.
func Compare(old, new []Point) []PointChange {
	var out []PointChange
	find := func(ps []Point, code string) *Point {
		i := slices.IndexFunc(ps, func(p Point) bool { return p.Code == code })
		if i < 0 {
			return nil
		}
		return &ps[i]
	}
	for i := range new {
		n := &new[i]
		o := find(old, n.Code)
		if o == nil {
			out = append(out, PointChange{Code: n.Code, Kind: PointAdded, New: n})
			continue
		}
		if fs := changedFields(*o, *n); len(fs) > 0 {
			out = append(out, PointChange{Code: n.Code, Kind: PointChanged, Old: o, New: n, Fields: fs})
		}
	}
	for i := range old {
		if find(new, old[i].Code) == nil {
			out = append(out, PointChange{Code: old[i].Code, Kind: PointRemoved, Old: &old[i]})
		}
	}
	return out
}

// changedFields names the fields in which a and b differ.
func changedFields(a, b Point) []string {
	var fs []string
	add := func(name string, differ bool) {
		if differ {
			fs = append(fs, name)
		}
	}
	add("section", a.Section != b.Section)
	add("matter", a.Matter != b.Matter)
	add("legal_basis", a.LegalBasis != b.LegalBasis)
	add("delegate", a.Delegate != b.Delegate)
	add("substitutes", !slices.Equal(a.Substitutes, b.Substitutes))
	add("limit", FormatLimit(a.Limit) != FormatLimit(b.Limit))
	add("conditions", a.Conditions != b.Conditions)
	add("report_to", a.ReportTo != b.ReportTo)
	add("subdelegation_allowed", a.SubdelegationAllowed != b.SubdelegationAllowed)
	add("urgent_only", a.UrgentOnly != b.UrgentOnly)
	add("excluded", !slices.Equal(a.Excluded, b.Excluded))
	add("principle", a.Principle != b.Principle)
	return fs
}
