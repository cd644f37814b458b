package platform

import "time"

// LocalTime writes an instant for people: Stockholm's wall-clock time to
// the minute, "2026-03-02 09:30" (the zero time is ""). Every page, PDF
// and export shows times with it; the API writes ISO 8601 with an offset
// (time.RFC3339 in Stockholm, see APITime).
func LocalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Stockholm).Format("2006-01-02 15:04")
}

// APITime writes an instant for the API: ISO 8601 with Stockholm's offset,
// "2026-03-02T09:30:00+01:00".
func APITime(t time.Time) string { return t.In(Stockholm).Format(time.RFC3339) }
