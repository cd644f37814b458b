package delegation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

func digestJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
