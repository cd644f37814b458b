package identity

import (
	"bufio"
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password length limits, in characters. NIST SP 800-63B asks verifiers to
// accept long passphrases and to refuse short, common and context-specific
// ones rather than impose composition rules.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

//go:embed common_passwords.txt
var commonPasswordsText string

// commonWords are the entries of common_passwords.txt.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[fold(w)] = true
		}
	}
	return m
}()

// sequences are keyboard rows and the alphabet: any three or more letters
// or digits of one of them in a row (either way) are no secret.
var sequences = []string{"qwertyuiopa", "asdfghjkloa", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "1234567890123456789012345678901234567890"}

// PasswordProblem returns what is wrong with password as the password of
// the user username called name ("" for either when not known), or "" if
// nothing is. This is the one password rule, for every way a password is
// set (NIST SP 800-63B):
//
//   - password_too_short / password_too_long: fewer than 12 or more than
//     256 characters;
//   - password_contains_name, password_common: its parts (its runs of
//     letters and of digits; "@", "$" and digits between letters read as
//     the letters they stand for) are all trivial and one at least is
//     common — a common password word (common_passwords.txt, with Swedish
//     ones) or two of them run together, a repetition, a run along a
//     keyboard row, the alphabet or the digits — or is the username, a
//     part of the name or "samstyr" (then password_contains_name); short
//     parts (at most four digits or two letters) are filler. A part that
//     is neither makes it acceptable ("sommar-fjällräv-2024" is,
//     "Sommar2024!!" and "ordforande-2026" are not).
func PasswordProblem(password, username, name string) string {
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		return "password_too_short"
	case n > MaxPasswordLength:
		return "password_too_long"
	}
	context := map[string]bool{"samstyr": true}
	dict := map[string]bool{} // common words and the context's
	for _, s := range []string{username, name} {
		for _, w := range words(fold(s)) {
			if utf8.RuneCountInString(w) >= 2 {
				context[w] = true
			}
		}
	}
	for w := range commonWords {
		dict[w] = true
	}
	for w := range context {
		dict[w] = true
	}
	problem := ""
	for _, variant := range []string{fold(password), unleet(fold(password))} {
		usesContext, trivial, hit := false, true, false
		for _, w := range words(variant) {
			switch short, common := weak(w, dict); {
			case context[w] || common:
				hit = true
			case !short:
				trivial = false
			}
			for c := range context {
				if strings.Contains(w, c) && (len(c) >= 3 || c == w) {
					usesContext = true
				}
			}
		}
		if joined := strings.Join(words(variant), ""); commonWords[joined] {
			trivial, hit = true, true
		}
		if trivial && hit {
			if usesContext {
				return "password_contains_name"
			}
			problem = "password_common"
		}
	}
	return problem
}

// fold lower-cases s and folds å, ä and ö (and other accented Latin
// letters) to their base letter, so "Lösenord" compares as "losenord".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'à', 'á', 'â', 'ã':
			r = 'a'
		case 'ö', 'ø', 'ò', 'ó', 'ô', 'õ':
			r = 'o'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'ü', 'ú', 'ù', 'û':
			r = 'u'
		case 'í', 'ì', 'î', 'ï':
			r = 'i'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unleet reads "@" as a, "$" as s, and a digit between two letters as the
// letter it looks like ("p@ssw0rd" is "password").
func unleet(s string) string {
	rs := []rune(s)
	look := map[rune]rune{'0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g'}
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = r
		switch {
		case r == '@':
			out[i] = 'a'
		case r == '$':
			out[i] = 's'
		case look[r] != 0 && i > 0 && i < len(rs)-1 && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]):
			out[i] = look[r]
		}
	}
	return string(out)
}

// words splits s into its maximal runs of letters and of digits.
func words(s string) []string {
	var out []string
	var cur []rune
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur, kind = cur[:0], 0
	}
	for _, r := range s {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			flush()
		}
		if k != 0 {
			cur = append(cur, r)
			kind = k
		}
	}
	flush()
	return out
}

// weak reports whether one run of a password is short (at most four
// digits or two letters: filler, if not a secret) or common (a word of
// dict or two of them run together, a repetition, a run along a keyboard
// row, the alphabet or the digits).
func weak(w string, dict map[string]bool) (short, common bool) {
	n := utf8.RuneCountInString(w)
	digits := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	short = (digits && n <= 4) || (!digits && n <= 2)
	common = dict[w] || splitsInto(w, dict, 2) || (n >= 2 && repeated(w)) || inSequence(w)
	return short, common
}

// splitsInto reports whether w is at most max words of dict (each of at
// least three characters) run together.
func splitsInto(w string, dict map[string]bool, max int) bool {
	if max == 0 {
		return w == ""
	}
	for i := 3; i <= len(w); i++ {
		if dict[w[:i]] && (i == len(w) || splitsInto(w[i:], dict, max-1)) {
			return true
		}
	}
	return false
}

// repeated reports whether w is one shorter unit repeated ("aaaa",
// "abcabc", "sommarsommar").
func repeated(w string) bool {
	for u := 1; u <= len(w)/2; u++ {
		if len(w)%u == 0 && strings.Repeat(w[:u], len(w)/u) == w {
			return true
		}
	}
	return false
}

// inSequence reports whether w (three or more characters) runs along a
// keyboard row, the alphabet or the digits, forwards or backwards.
func inSequence(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, s := range sequences {
		if strings.Contains(s, w) || strings.Contains(reverse(s), w) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
