package repo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/store"
)

// roleStampID is the meta record whose version is the role stamp.
const roleStampID = "role_stamp"

// RoleStamps reads the role stamp: a number that every write of a user
// (with its role assignments) or of a vidaredelegering raises, in this
// process or any other on the same store. An instance that caches role
// indexes compares it with the stamp its cache was built at (one read by
// id per check). It is the version of one record in the meta collection.
type RoleStamps struct{ b store.Backend }

// NewRoleStamps returns the role stamp of b.
func NewRoleStamps(b store.Backend) RoleStamps { return RoleStamps{b} }

// RoleStamp returns the current stamp (0 before the first write).
func (r RoleStamps) RoleStamp(ctx context.Context) (int64, error) {
	rec, err := r.b.Get(ctx, store.MetaCollection, roleStampID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return rec.Version, nil
}

// bumpRoleStamp raises the stamp after a write its readers must see. The
// stamp is read after that write, so a lost race (another writer raised
// it in between) also raised it after the write, and is enough.
func bumpRoleStamp(ctx context.Context, b store.Backend) error {
	body := json.RawMessage(`{}`)
	rec, err := b.Get(ctx, store.MetaCollection, roleStampID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		_, err = b.Insert(ctx, store.MetaCollection, roleStampID, body)
		if errors.Is(err, store.ErrDuplicate) {
			err = nil
		}
	case err == nil:
		_, err = b.Update(ctx, store.MetaCollection, roleStampID, rec.Version, body)
		if errors.Is(err, store.ErrConflict) {
			err = nil
		}
	}
	if err != nil {
		return fmt.Errorf("repo: raise the role stamp: %w", err)
	}
	return nil
}
