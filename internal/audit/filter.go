package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Filter selects decisions. Zero fields do not filter; pointers are
// three-valued (unset, true, false).
type Filter struct {
	Boards       []string // the boards the reader may see (nil = all); set by the caller, not the query
	Board        string
	From, To     platform.Date // decided on, inclusive
	Kind         string
	Decider      string
	Role         string
	PointCode    string
	AmountMin    *int64
	AmountMax    *int64
	BudgetImpact *bool
	Signed       *bool
	Reported     *bool
	Compliant    *bool
	Text         string
	SortBy       string // "decided_at" (default) or "amount"
	Asc          bool   // default newest or largest first
	// BudgetYear selects the decisions whose budget impact affects that
	// year (0: any); the budget report sets it, not the query. Left out of
	// a cursor's fingerprint when 0, so the other searches' cursors stay
	// as they were.
	BudgetYear int `json:",omitempty"`
}

// params are the query parameters Filter understands (plus cursor, limit
// and format, which the caller handles).
var params = []string{"board", "from", "to", "kind", "decider", "role", "point_code", "amount_min", "amount_max",
	"budget_impact", "signed", "reported", "compliant", "q", "sort", "order", "cursor", "limit", "format"}

// Faults of filter parsing.
var (
	ErrUnknownFilter = fault.New(fault.Invalid, "unknown_filter")
	ErrInvalidFilter = fault.New(fault.Invalid, "invalid_filter")
	ErrInvertedRange = fault.New(fault.Invalid, "inverted_range")
	ErrInvalidCursor = fault.New(fault.Invalid, "invalid_cursor")
)

// ParseFilter reads a filter from query parameters. Unknown parameters,
// bad values and inverted ranges are 400s naming the parameter.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	for k := range q {
		if !contains(params, k) {
			return f, ErrUnknownFilter.WithDetail("%q", k)
		}
	}
	bad := func(name string) error {
		e := ErrInvalidFilter.WithDetail("%s", name)
		e.Fields = []fault.FieldError{{Field: "query/" + name, Code: "invalid_value"}}
		return e
	}
	f.Board, f.Kind, f.Decider, f.Role, f.PointCode = q.Get("board"), q.Get("kind"), q.Get("decider"), q.Get("role"), q.Get("point_code")
	f.Text = strings.TrimSpace(q.Get("q"))
	if len(f.Text) > 200 {
		return f, bad("q")
	}
	if f.Kind != "" && f.Kind != "delegation" && f.Kind != "urgent" {
		return f, bad("kind")
	}
	for _, d := range []struct {
		name string
		dst  *platform.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(d.name); v != "" {
			p, err := platform.ParseDate(v)
			if err != nil {
				return f, bad(d.name)
			}
			*d.dst = p
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, ErrInvertedRange.WithDetail("to %s is before from %s", f.To, f.From)
	}
	for _, a := range []struct {
		name string
		dst  **int64
	}{{"amount_min", &f.AmountMin}, {"amount_max", &f.AmountMax}} {
		if v := q.Get(a.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return f, bad(a.name)
			}
			*a.dst = &n
		}
	}
	if f.AmountMin != nil && f.AmountMax != nil && *f.AmountMax < *f.AmountMin {
		return f, ErrInvertedRange.WithDetail("amount_max is below amount_min")
	}
	for _, b := range []struct {
		name string
		dst  **bool
	}{{"budget_impact", &f.BudgetImpact}, {"signed", &f.Signed}, {"reported", &f.Reported}, {"compliant", &f.Compliant}} {
		if v := q.Get(b.name); v != "" {
			x, err := strconv.ParseBool(v)
			if err != nil {
				return f, bad(b.name)
			}
			*b.dst = &x
		}
	}
	switch q.Get("sort") {
	case "", "decided_at":
		f.SortBy = "decided_at"
	case "amount":
		f.SortBy = "amount"
	default:
		return f, bad("sort")
	}
	switch q.Get("order") {
	case "", "desc":
	case "asc":
		f.Asc = true
	default:
		return f, bad("order")
	}
	return f, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Cursor is a keyset position: the sort value and id of the last row of
// the previous page.
type Cursor struct {
	Key int64  `json:"k"`
	ID  string `json:"i"`
	Tag string `json:"t"` // the filter the cursor belongs to
}

// tag fingerprints the filter, so a cursor cannot be replayed with other
// filters.
func (f Filter) tag() string {
	b, _ := json.Marshal(f)
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:8])
}

// EncodeCursor signs a position with the server secret; clients get an
// opaque string.
func EncodeCursor(secret []byte, f Filter, c Cursor) string {
	c.Tag = f.tag()
	b, _ := json.Marshal(c)
	mac := hmac.New(sha256.New, secret)
	mac.Write(b)
	return base64.RawURLEncoding.EncodeToString(b) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// DecodeCursor checks a cursor's signature and that it belongs to f.
func DecodeCursor(secret []byte, f Filter, s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	body, sig, ok := strings.Cut(s, ".")
	b, err1 := base64.RawURLEncoding.DecodeString(body)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil {
		return nil, ErrInvalidCursor
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(b)
	if !hmac.Equal(got, mac.Sum(nil)[:16]) {
		return nil, ErrInvalidCursor.WithDetail("signature")
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Tag != f.tag() {
		return nil, ErrInvalidCursor.WithDetail("the cursor belongs to other filters")
	}
	return &c, nil
}

// Describe lists the filter for the query log.
func Describe(q url.Values) map[string]string {
	out := map[string]string{}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != "cursor" {
			out[k] = q.Get(k)
		}
	}
	return out
}
