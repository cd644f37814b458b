package store

import (
	"encoding/json"
	"fmt"
)

// Encode marshals a document body (encoding/json).
func Encode(v any) (json.RawMessage, error) { return json.Marshal(v) }

// Decode unmarshals the record's body into v.
func (r Record) Decode(v any) error {
	if err := json.Unmarshal(r.Data, v); err != nil {
		return fmt.Errorf("store: decode %s: %w", r.ID, err)
	}
	return nil
}
