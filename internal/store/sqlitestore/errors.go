package sqlitestore

import (
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/samstyr/samstyr/internal/store"
)

// mapErr turns SQLite constraint errors into store.ErrDuplicate.
func mapErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", store.ErrDuplicate, err)
		}
	}
	return err
}

// isNoTable reports whether err says the collection's table does not exist.
func isNoTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
