// Package httpx is the HTTP plumbing shared by the JSON API and the web UI:
// RFC 9457 problem documents, request ids, access logs, Prometheus
// metrics, panic recovery and security headers, as Gin middleware.
package httpx

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
)

// ProblemType is the base of the problem "type" URIs; the code follows.
const ProblemType = "https://samstyr.se/problems/"

// Problem is an RFC 9457 problem document with Samstyr's stable code.
type Problem struct {
	Type      string             `json:"type"`
	Title     string             `json:"title"`
	Status    int                `json:"status"`
	Code      string             `json:"code"`
	Detail    string             `json:"detail,omitempty"`
	Instance  string             `json:"instance,omitempty"`
	RequestID string             `json:"request_id,omitempty"`
	Errors    []ProblemFieldItem `json:"errors,omitempty"`
	Extra     map[string]any     `json:"-"`
}

// ProblemFieldItem is one bad field, with its translated message.
type ProblemFieldItem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Detail  string `json:"detail,omitempty"`
}

// Status maps a fault kind to its HTTP status. This is the only place
// where that mapping is written.
func Status(k fault.Kind) int {
	switch k {
	case fault.Invalid:
		return http.StatusBadRequest
	case fault.Unauthenticated:
		return http.StatusUnauthorized
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict:
		return http.StatusConflict
	case fault.Unprocessable:
		return http.StatusUnprocessableEntity
	case fault.TooMany:
		return http.StatusTooManyRequests
	case fault.TooLarge:
		return http.StatusRequestEntityTooLarge
	case fault.UnsupportedType:
		return http.StatusUnsupportedMediaType
	case fault.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case fault.PreconditionRequired:
		return http.StatusPreconditionRequired
	}
	return http.StatusInternalServerError
}

// NewProblem builds the problem document for err in lang. Internal errors
// keep their text out of the document (it is logged instead).
func NewProblem(err error, lang string) Problem {
	f := fault.From(err)
	p := Problem{Type: ProblemType + f.Code, Title: i18n.T(lang, f.Code), Status: Status(f.Kind), Code: f.Code, Extra: f.Extra}
	if f.Kind != fault.Internal {
		p.Detail = f.Detail
	}
	for _, fe := range f.Fields {
		p.Errors = append(p.Errors, ProblemFieldItem{Field: fe.Field, Code: fe.Code, Message: i18n.T(lang, fe.Code), Detail: fe.Detail})
	}
	return p
}

// AbortWithProblem writes err as application/problem+json and stops the
// handler chain. 5xx errors are logged with their full text; client
// errors at debug level.
func AbortWithProblem(c *gin.Context, log *slog.Logger, err error) {
	if ClientGone(c, log, err) {
		return
	}
	lang := i18n.Negotiate(c.GetHeader("Accept-Language"))
	p := NewProblem(err, lang)
	p.Instance = c.Request.URL.Path
	p.RequestID = platform.RequestID(c.Request.Context())
	f := fault.From(err)
	if p.Status >= 500 {
		log.ErrorContext(c.Request.Context(), "request failed", "err", err.Error(), "path", c.Request.URL.Path)
	} else {
		log.DebugContext(c.Request.Context(), "client error", "code", p.Code, "detail", f.Detail)
	}
	if f.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(f.RetryAfter.Seconds()+0.999)))
	}
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="samstyr"`)
	}
	body := map[string]any{"type": p.Type, "title": p.Title, "status": p.Status, "code": p.Code}
	if p.Detail != "" {
		body["detail"] = p.Detail
	}
	body["instance"] = p.Instance
	if p.RequestID != "" {
		body["request_id"] = p.RequestID
	}
	if len(p.Errors) > 0 {
		body["errors"] = p.Errors
	}
	for k, v := range p.Extra {
		if _, taken := body[k]; !taken {
			body[k] = v
		}
	}
	c.Abort()
	c.Header("Content-Type", "application/problem+json; charset=utf-8")
	c.Header("Content-Language", lang)
	c.Status(p.Status)
	c.Writer.WriteHeaderNow()
	_ = jsonEncode(c.Writer, body)
}

// IsClientFault reports whether err is a fault a client caused (4xx).
func IsClientFault(err error) bool {
	var f *fault.Error
	return errors.As(err, &f) && f.Kind != fault.Internal
}
