package fault

import (
	"errors"
	"fmt"
	"testing"
)

func TestIsMatchesByCode(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", ErrNotFound.WithDetail("case %s", "x"))
	if !errors.Is(err, ErrNotFound) {
		t.Error("wrapped not_found is not ErrNotFound")
	}
	if errors.Is(err, ErrVersionConflict) {
		t.Error("not_found matched version_conflict")
	}
	if f := From(errors.New("boom")); f.Kind != Internal || f.Code != "internal" {
		t.Errorf("From(plain) = %+v", f)
	}
	var fs Fields
	if fs.Err(Unprocessable) != nil {
		t.Error("empty Fields gave an error")
	}
	fs.Add("/title", "required")
	if f := From(fs.Err(Unprocessable)); f.Kind != Unprocessable || len(f.Fields) != 1 {
		t.Errorf("Fields.Err = %+v", f)
	}
}
