// Package platform is what every part of Samstyr stands on and no part
// owns: civil dates in Europe/Stockholm (Date), the injectable clock
// (Clock), record ids and secrets (NewID, Secret, Digest) and the
// structured logs that carry the request id (NewLogger). It imports
// nothing of Samstyr's, so every package may import it.
//
// The typed configuration is its own package, internal/config: it knows
// the domain's roles (the OIDC group → role mapping), and the identity
// package those come from itself builds on platform.
package platform
