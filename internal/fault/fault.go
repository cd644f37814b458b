// Package fault is the vocabulary of errors that reach a user: each has a
// kind (which decides the HTTP status in one place, api/problem.go) and a
// stable code, which is also the key of its Swedish and English text in
// internal/i18n. Domain packages return faults; transports translate them.
package fault

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind classifies a fault the way a client must react to it.
type Kind int

// The kinds of fault.
const (
	Internal             Kind = iota // a bug or an unavailable store: 500, details only in the log
	Invalid                          // malformed request: 400
	Unauthenticated                  // no or bad credentials: 401
	Forbidden                        // authenticated but not allowed: 403
	NotFound                         // no such resource: 404
	Conflict                         // stale version or state: 409
	Unprocessable                    // well-formed but breaks a domain rule: 422
	TooMany                          // throttled: 429
	TooLarge                         // request body too large: 413
	UnsupportedType                  // wrong content type: 415
	MethodNotAllowed                 // route exists, method does not: 405
	PreconditionRequired             // If-Match missing: 428
)

// FieldError names one bad field (a JSON pointer or a "row 3, column x"
// path) and the code of what is wrong with it.
type FieldError struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

// Error is a fault. Two faults match with errors.Is when their codes match.
type Error struct {
	Kind   Kind
	Code   string
	Detail string // optional English detail for logs and problem+json "detail"
	Fields []FieldError
	// RetryAfter is set on TooMany faults.
	RetryAfter time.Duration
	// Extra is copied into the problem document (e.g. current_version).
	Extra map[string]any
}

// New returns a fault of the given kind and code.
func New(kind Kind, code string) *Error { return &Error{Kind: kind, Code: code} }

// Newf returns a fault with a formatted detail.
func Newf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Error returns the code, the detail and the bad fields, for logs.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Code)
	}
	return b.String()
}

// Is matches faults by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// WithDetail returns a copy of e with a detail text.
func (e *Error) WithDetail(format string, args ...any) *Error {
	c := *e
	c.Detail = fmt.Sprintf(format, args...)
	return &c
}

// From returns the fault inside err, or an Internal fault wrapping it.
func From(err error) *Error {
	var f *Error
	if errors.As(err, &f) {
		return f
	}
	return &Error{Kind: Internal, Code: "internal", Detail: err.Error()}
}

// Fields collects field errors and turns them into one Unprocessable (or
// Invalid) fault.
type Fields []FieldError

// Add records a bad field.
func (fs *Fields) Add(field, code string) { *fs = append(*fs, FieldError{Field: field, Code: code}) }

// Err returns nil when nothing was recorded, else a fault of kind with code
// "validation_failed" listing the fields.
func (fs Fields) Err(kind Kind) error {
	if len(fs) == 0 {
		return nil
	}
	return &Error{Kind: kind, Code: "validation_failed", Fields: fs}
}

// Common faults shared by several packages.
var (
	ErrNotFound        = New(NotFound, "not_found")
	ErrVersionConflict = New(Conflict, "version_conflict")
	ErrForbidden       = New(Forbidden, "forbidden")
)
