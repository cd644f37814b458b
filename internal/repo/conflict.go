package repo

import (
	"errors"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/store"
)

// conflictOnDup turns a duplicate-key error of a racing insert into a
// version conflict, which callers already retry.
func conflictOnDup(err error) error {
	if errors.Is(err, store.ErrDuplicate) {
		return fault.ErrVersionConflict.WithDetail("%v", err)
	}
	return err
}
