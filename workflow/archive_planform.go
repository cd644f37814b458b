package workflow

import (
	"io"
	"mime/multipart"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/retention"
)

// ParsePlanForm reads a plan import from a multipart form (the API and
// the web UI both take it this way): the CSV file "file" and the optional
// fields "title" and "adopted_ref".
func ParsePlanForm(form *multipart.Form) (PlanImport, []byte, error) {
	get := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := PlanImport{Title: get("title"), AdoptedRef: get("adopted_ref")}
	files := form.File["file"]
	if len(files) != 1 {
		return in, nil, fault.Fields{{Field: "/file", Code: "required"}}.Err(fault.Unprocessable)
	}
	f, err := files[0].Open()
	if err != nil {
		return in, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, retention.MaxImportBytes+1))
	return in, data, err
}
