package repo

import "github.com/samstyr/samstyr/internal/store"

// Collection names.
const (
	CollUsers       = "users"
	CollCredentials = "credentials"
	CollThrottles   = "throttles"
	CollBoards      = "boards"
)

// Migrations is the schema, oldest first. Append; never edit a released
// entry (its version is recorded in stores that applied it).
var Migrations = []store.Migration{
	{
		Version:     1,
		Description: "identity and boards",
		Collections: []store.Collection{
			{Name: CollUsers, Indexes: []store.Index{{Name: "username", Fields: []string{"username"}, Unique: true}}},
			{Name: CollCredentials, Indexes: []store.Index{{Name: "user", Fields: []string{"user_id", "kind"}}}},
			{Name: CollThrottles},
			{Name: CollBoards},
		},
	},
}
