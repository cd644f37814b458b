package csvcell

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/fault"
)

// Errors collects the validation errors of a CSV file, each named by its
// cell (Field), and reports them sorted by row and then by the column's
// place in the header: the row-by-row list an import answers with.
type Errors struct {
	header []string
	list   []cellError
	seen   map[[2]string]bool // cell and code already recorded
	cells  map[string]bool    // cells with an error
}

type cellError struct {
	row, col int // col: index in the header; -1 for a whole row or an unknown column
	fe       fault.FieldError
}

// NewErrors returns an empty collector for a file with the given header.
func NewErrors(header []string) *Errors {
	return &Errors{header: header, seen: map[[2]string]bool{}, cells: map[string]bool{}}
}

// Add records one error of a cell (column "" for the whole row), once per
// cell and code.
func (e *Errors) Add(row int, column, code, detail string) {
	field := Field(row, column)
	if e.seen[[2]string{field, code}] {
		return
	}
	e.seen[[2]string{field, code}] = true
	e.cells[field] = true
	e.list = append(e.list, cellError{row, slices.Index(e.header, column), fault.FieldError{Field: field, Code: code, Detail: detail}})
}

// Len is the number of errors recorded.
func (e *Errors) Len() int { return len(e.list) }

// Has reports whether the cell already has an error.
func (e *Errors) Has(row int, column string) bool { return e.cells[Field(row, column)] }

// Err returns nil, or the Unprocessable fault listing the first max errors
// by row and column (and a too_many_errors entry when there were more).
func (e *Errors) Err(max int) error {
	if len(e.list) == 0 {
		return nil
	}
	slices.SortStableFunc(e.list, func(a, b cellError) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	n := min(len(e.list), max)
	fs := make(fault.Fields, n, n+1)
	for i, x := range e.list[:n] {
		fs[i] = x.fe
	}
	if len(e.list) > n {
		fs = append(fs, fault.FieldError{Code: "too_many_errors", Detail: fmt.Sprintf("only the first %d problems are listed", max)})
	}
	return fs.Err(fault.Unprocessable)
}
