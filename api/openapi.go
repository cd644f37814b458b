package api

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
)

//go:embed openapi.yaml
var specYAML []byte

// Spec is the loaded OpenAPI document, the one source of truth for the
// API's routes, authentication requirements and request schemas.
type Spec struct {
	Doc    *openapi3.T
	JSON   []byte
	router routers.Router
}

// LoadSpec parses and validates the embedded OpenAPI document.
func LoadSpec() (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specYAML)
	if err != nil {
		return nil, fmt.Errorf("api: openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml invalid: %w", err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	// Requests are validated against a view of the document that reports
	// itself as OpenAPI 3.0, so kin-openapi checks them with its own
	// validator. For a 3.1 document it would instead build and compile a
	// JSON Schema 2020-12 validator for every parameter and body on every
	// request: about a fifth of the server's CPU in `samstyr bench`. Its
	// own validator knows the 3.1 keywords this document uses in requests
	// (type lists with "null", const); TestValidationKeeps31Keywords
	// checks them. The view itself is checked by the 3.1 rules, as the
	// document is.
	view := *doc
	view.OpenAPI = "3.0.3"
	r, err := legacyrouter.NewRouter(&view, openapi3.IsOpenAPI31OrLater())
	if err != nil {
		return nil, fmt.Errorf("api: openapi router: %w", err)
	}
	return &Spec{Doc: doc, JSON: js, router: r}, nil
}

// Faults of request validation.
var (
	errRouteNotFound    = fault.New(fault.NotFound, "route_not_found")
	errMethodNotAllowed = fault.New(fault.MethodNotAllowed, "method_not_allowed")
	errBodyTooLarge     = fault.New(fault.TooLarge, "body_too_large")
	errUnsupportedType  = fault.New(fault.UnsupportedType, "unsupported_media_type")
	errMalformedJSON    = fault.New(fault.Invalid, "malformed_json")
	errUnknownField     = fault.New(fault.Invalid, "unknown_field")
	errInvalidRequest   = fault.New(fault.Invalid, "invalid_request")
	errInvalidParameter = fault.New(fault.Invalid, "invalid_parameter")
)

// validate is the middleware that checks each API request against the
// document before any handler runs: the route exists, the caller is
// authenticated where the operation demands it, the body is within the
// size limit, of a declared content type, well-formed JSON without unknown
// fields, and every parameter and field matches its schema.
func (s *Server) validate() gin.HandlerFunc {
	return func(c *gin.Context) {
		req := c.Request
		route, params, err := s.spec.router.FindRoute(req)
		if err != nil {
			var re *routers.RouteError
			if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
				s.abort(c, errMethodNotAllowed.WithDetail("%s %s", req.Method, req.URL.Path))
				return
			}
			s.abort(c, errRouteNotFound.WithDetail("%s %s", req.Method, req.URL.Path))
			return
		}
		if needsAuth(route) {
			if err := s.authenticate(c); err != nil {
				s.abort(c, err)
				return
			}
		}
		multipartBody := false
		if rb := route.Operation.RequestBody; rb != nil && rb.Value != nil {
			mt, err := s.checkBody(c, rb.Value)
			if err != nil {
				s.abort(c, err)
				return
			}
			// Only JSON bodies are checked against their schema here;
			// uploads, CSV and YAML are parsed (and every row checked) by
			// their handlers.
			multipartBody = mt != "" && mt != "application/json"
		}
		// Multipart bodies (file uploads) are checked by their handler;
		// their parameters still are checked here.
		in := &openapi3filter.RequestValidationInput{Request: c.Request, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
				ExcludeRequestBody: multipartBody}}
		if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
			s.abort(c, requestFault(err))
			return
		}
		c.Next()
	}
}

func needsAuth(route *routers.Route) bool {
	sec := route.Operation.Security
	if sec == nil {
		sec = &route.Spec.Security
	}
	return len(*sec) > 0
}

// checkBody checks the content type, reads the body within its size limit
// (uploads get the larger upload limit), checks JSON syntax, and puts the
// body back for the schema check and the handler. It returns the media
// type.
func (s *Server) checkBody(c *gin.Context, rb *openapi3.RequestBody) (string, error) {
	mt, _, ctErr := mime.ParseMediaType(c.GetHeader("Content-Type"))
	limit := s.maxBody
	if mt == "multipart/form-data" && ctErr == nil {
		limit = s.maxUpload + 1<<20 // room for the form's other fields
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, limit+1))
	if err != nil {
		return "", errInvalidRequest.WithDetail("reading body: %v", err)
	}
	if int64(len(body)) > limit {
		return "", errBodyTooLarge.WithDetail("limit is %d bytes", limit)
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 && !rb.Required {
		return "", nil
	}
	if ctErr != nil || rb.Content.Get(mt) == nil {
		return "", errUnsupportedType.WithDetail("want one of %s", strings.Join(contentTypes(rb), ", "))
	}
	if mt == "application/json" && !json.Valid(body) {
		return "", errMalformedJSON
	}
	return mt, nil
}

func contentTypes(rb *openapi3.RequestBody) []string {
	var out []string
	for k := range rb.Content {
		out = append(out, k)
	}
	return out
}

// unknownProp finds the property name in the validators' two wordings of
// an additionalProperties failure.
var unknownProp = regexp.MustCompile(`property "([^"]+)" is unsupported|additional properties '([^']+)' not allowed`)

// requestFault turns a kin-openapi validation error into a client fault
// naming the field.
func requestFault(err error) error {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return errInvalidRequest.WithDetail("%v", err)
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		if _, after, ok := strings.Cut(se.Reason, "\n- at "); ok {
			se.Reason = after // drop the validator's "jsonschema validation failed with <uri>" line
		}
		ptr := "/" + strings.Join(se.JSONPointer(), "/")
		base := errInvalidRequest
		code := "invalid_value"
		if m := unknownProp.FindStringSubmatch(se.Reason); se.SchemaField == "additionalProperties" || m != nil {
			base, code = errUnknownField, "unknown_field"
			if m != nil {
				ptr = strings.TrimSuffix(ptr, "/") + "/" + m[1] + m[2]
			}
		} else if se.SchemaField == "required" {
			code = "required"
		}
		f := base.WithDetail("%s", se.Reason)
		if re.Parameter != nil {
			f = errInvalidParameter.WithDetail("%s: %s", re.Parameter.Name, se.Reason)
			ptr = re.Parameter.In + "/" + re.Parameter.Name
		}
		f.Fields = []fault.FieldError{{Field: ptr, Code: code, Detail: se.Reason}}
		return f
	}
	if re.Parameter != nil {
		f := errInvalidParameter.WithDetail("%s: %v", re.Parameter.Name, re.Err)
		f.Fields = []fault.FieldError{{Field: re.Parameter.In + "/" + re.Parameter.Name, Code: "invalid_value"}}
		return f
	}
	return errInvalidRequest.WithDetail("%s", re.Error())
}
