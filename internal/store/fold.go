package store

import "strings"

// Fold returns the form of s that case-insensitive search compares: lower
// case (Unicode-aware, so "ÄRENDE" folds to "ärende") with runs of white
// space collapsed. Domain packages store Fold(title) beside the title and
// search it with OpContains on both backends.
func Fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
