package cases

import (
	"fmt"
	"regexp"
	"strconv"
)

// The sequence number has no leading zero: "ITN 2026/01" is not the
// canonical text of any diarienummer, and lookups compare the text.
var dnrPattern = regexp.MustCompile(`^([A-ZÅÄÖ]{2,10}) (\d{4})/([1-9]\d{0,8})$`)

// FormatNumber builds a diarienummer: "{PREFIX} {YEAR}/{SEQ}", e.g.
// "ITN 2026/14".
func FormatNumber(board string, year int, seq int64) string {
	return fmt.Sprintf("%s %04d/%d", board, year, seq)
}

// ParseNumber splits a diarienummer into board, year and sequence number.
func ParseNumber(s string) (board string, year int, seq int64, err error) {
	m := dnrPattern.FindStringSubmatch(s)
	if m == nil {
		return "", 0, 0, fmt.Errorf("cases: %q is not a diarienummer like \"ITN 2026/14\"", s)
	}
	year, _ = strconv.Atoi(m[2])
	seq, _ = strconv.ParseInt(m[3], 10, 64)
	if seq == 0 || year < 1900 {
		return "", 0, 0, fmt.Errorf("cases: %q is not a diarienummer", s)
	}
	return m[1], year, seq, nil
}
