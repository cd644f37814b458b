package csvcell

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// Rows yields the data records that follow the header (already read from
// cr), each with its row as a spreadsheet shows it: the header is row 1, a
// cell with line breaks stays one row, and blank lines count. Blank
// records are skipped. A syntax error is recorded in errs as invalid_csv
// on its row and ends the records: after one (an open quote swallows the
// rest) the reader cannot find the next record reliably.
func Rows(cr *csv.Reader, header []string, errs *Errors) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		row, lastLine := 1, recordEnd(cr, header)
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) && pe.StartLine > lastLine {
					row += pe.StartLine - lastLine
				} else {
					row++
				}
				errs.Add(row, "", "invalid_csv", Detail(err))
				return
			}
			start, _ := cr.FieldPos(0)
			row += start - lastLine
			lastLine = recordEnd(cr, rec)
			if allEmpty(rec) {
				continue
			}
			if !yield(row, rec) {
				return
			}
		}
	}
}

// Detail describes a CSV reading error for the invalid_csv problem.
func Detail(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err.Error()
}

// recordEnd returns the line on which the record just read ends: where
// its last field starts plus the line breaks inside that field.
func recordEnd(cr *csv.Reader, rec []string) int {
	if len(rec) == 0 {
		return 0
	}
	line, _ := cr.FieldPos(len(rec) - 1)
	return line + strings.Count(rec[len(rec)-1], "\n")
}

func allEmpty(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
