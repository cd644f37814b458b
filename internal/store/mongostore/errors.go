package mongostore

import (
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/samstyr/samstyr/internal/store"
)

// codeNamespaceExists is MongoDB's error code for creating a collection
// that already exists (FerretDB uses the same code).
const codeNamespaceExists = 48

// isDuplicate reports whether err is a unique-index violation. MongoDB
// reports E11000 for inserts and updates alike. FerretDB 1.24 does so for
// inserts, but a violation caused by an update (or by building a unique
// index over duplicates) comes back as InternalError (code 1) whose
// message carries the SQL backend's text: SQLite's "UNIQUE constraint
// failed" or PostgreSQL's "duplicate key value violates unique constraint".
func isDuplicate(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var se mongo.ServerError
	return errors.As(err, &se) &&
		(se.HasErrorMessage("UNIQUE constraint failed") || se.HasErrorMessage("duplicate key value violates unique constraint"))
}

// isWriteConflict reports whether a single-document write lost a race
// and changed nothing, so the same write may simply be tried again:
// MongoDB's WriteConflict (code 112) and, from FerretDB on PostgreSQL, a
// serialization failure (SQLSTATE 40001) when two clients update one
// document at once.
func isWriteConflict(err error) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && (se.HasErrorCode(112) || se.HasErrorMessage("SQLSTATE 40001"))
}

// isRefused reports whether the server refused a command outright (an
// ok:0 answer that is no unique-index violation), so it changed nothing.
// A write-concern error is not a refusal: such a write was applied on the
// primary and only its replication is unconfirmed.
func isRefused(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && !isDuplicate(err)
}

// isNamespaceExists reports whether err says the collection already exists.
func isNamespaceExists(err error) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(codeNamespaceExists)
}

// wrapErr adds context to a driver error. A unique violation becomes
// store.ErrDuplicate, with the driver's text kept for the log but not
// matchable, so callers branch only on the store's sentinels. Everything
// else (network, timeouts, context cancellation) is wrapped as it is.
func wrapErr(op, what string, err error) error {
	if isDuplicate(err) {
		return fmt.Errorf("mongostore: %s %s: %w (%v)", op, what, store.ErrDuplicate, err)
	}
	return fmt.Errorf("mongostore: %s %s: %w", op, what, err)
}

// checkColl refuses collection names the kernel does not allow, which keeps
// system.* and other reserved namespaces out of reach, and the name of the
// backend's own counter collection.
func checkColl(coll string) error {
	if !store.ValidName(coll) {
		return fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	if coll == sequencesCollection {
		return fmt.Errorf("%w: collection name %q is reserved for sequences", store.ErrInvalidQuery, coll)
	}
	return nil
}
