package workflow

import (
	"io"
	"mime/multipart"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// ParseDocumentForm reads a handling's metadata and file from a multipart
// form (the API and the web UI both take a handling this way). With a
// sekretessmarkering (secrecy_reference), the parts of the description in
// double brackets are the secret ones the public e-diarium masks.
func ParseDocumentForm(form *multipart.Form) (NewDocument, []byte, error) {
	var fs fault.Fields
	get := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	d := NewDocument{Direction: cases.Direction(get("direction")), Party: get("party"), Description: get("description")}
	if v := get("date"); v != "" {
		date, err := platform.ParseDate(v)
		if err != nil {
			fs.Add("/date", "invalid_date")
		}
		d.Date = date
	}
	if ref := get("secrecy_reference"); ref != "" {
		date, err := platform.ParseDate(get("secrecy_date"))
		if err != nil {
			fs.Add("/secrecy_date", "invalid_date")
		}
		d.Secrecy = &cases.Secrecy{Reference: ref, Date: date}
		// With a sekretessmarkering, the description's secret parts are
		// typed in double brackets: "Läkarintyg för [[Anna Andersson]]".
		desc, parts, err := public.ParseMarked("/description", d.Description)
		if err != nil {
			fs = append(fs, fault.From(err).Fields...)
		}
		d.Description, d.Secrecy.Parts = desc, parts
	}
	files := form.File["file"]
	if len(files) != 1 {
		fs.Add("/file", "required")
		return d, nil, fs.Err(fault.Unprocessable)
	}
	d.FileName = files[0].Filename
	f, err := files[0].Open()
	if err != nil {
		return d, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return d, nil, err
	}
	return d, data, fs.Err(fault.Unprocessable)
}
