package identity_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
)

// TestPasswordProblem is the password rule on examples (NIST SP 800-63B:
// length, common passwords with Swedish ones, the user's own names).
func TestPasswordProblem(t *testing.T) {
	for _, c := range []struct {
		password, username, name, want string
	}{
		{"kort-lösen", "", "", "password_too_short"},
		{"elva-tecken", "", "", "password_too_short"},
		{"åäöåäöåäöåä", "", "", "password_too_short"}, // 11 characters, 22 bytes
		{string(make([]byte, 257)), "", "", "password_too_long"},
		{"Lösenord1234", "", "", "password_common"},
		{"Sommar2024!!", "", "", "password_common"},
		{"sommarsommar", "", "", "password_common"},
		{"P@ssw0rd2024!", "", "", "password_common"},
		{"qwertyuiopå1", "", "", "password_common"},
		{"123456789012", "", "", "password_common"},
		{"aaaaaaaaaaaa", "", "", "password_common"},
		{"abcabcabcabc", "", "", "password_common"},
		{"Välkommen123!", "", "", "password_common"},
		{"jagälskardig!", "", "", "password_common"},
		{"Stockholm-2026", "", "", "password_common"},
		{"Hejsan hejsan", "", "", "password_common"},
		{"iloveyou2026", "", "", "password_common"},
		{"ordforande2026", "ordforande", "Anna Lindqvist", "password_contains_name"},
		{"Anna Lindqvist 1", "ordforande", "Anna Lindqvist", "password_contains_name"},
		{"annalindqvist!!", "alind", "Anna Lindqvist", "password_contains_name"},
		{"utomstaende-lösen", "utomstaende", "Per Utomstående", "password_contains_name"},
		{"Samstyr-2026!", "", "", "password_contains_name"},
		{"bo.karlsson-99", "bo.karlsson", "Bo Karlsson", "password_contains_name"},
		// Acceptable: at least one part that is neither common nor the user's.
		{"sommar-fjällräv-2024", "", "", ""},
		{"Anna tycker om kaffe", "ordforande", "Anna Lindqvist", ""},
		{"korrekt häst batteri klammer", "", "", ""},
		{"demo-lösenord-1", "ordforande", "Anna Lindqvist", "password_common"},
		{"demo-fjällräv-1", "ordforande", "Anna Lindqvist", ""},
		{"ab12cd34ef56", "", "", ""},
		{"gemensam-demo-1", "revisor", "Eva Revisor", ""},
		{"rätt-lösenord", "anna", "Test anna", ""},
		{"policytabell-lösenord", "x", "y", ""},
		{"xK9#mQ2$vL7!", "", "", ""},
	} {
		if got := identity.PasswordProblem(c.password, c.username, c.name); got != c.want {
			t.Errorf("PasswordProblem(%q, %q, %q) = %q, want %q", c.password, c.username, c.name, got, c.want)
		}
	}
}
