package textdiff

import "math"

const (
	// defaultBudget bounds the total work (diagonal visits, snake steps
	// and dynamic-programming cells) spent on one diff. Past it, remaining
	// changed regions are reported as wholly replaced.
	defaultBudget = 50_000_000

	// dpCells is the largest subproblem (old length × new length) that is
	// solved by the quadratic LCS table when Myers' search is slower than
	// the table would be. The table uses uint16 cells, which is enough
	// because min(n, m) <= sqrt(dpCells) < 65536.
	dpCells = 4_000_000
)

// differ computes which elements of a are deleted and which elements of b
// are inserted, using Myers' linear-space O(ND) algorithm (as in GNU diff)
// with a bounded LCS table for small, hard subproblems.
type differ struct {
	a, b   []int
	del    []bool // del[i]: a[i] is deleted
	ins    []bool // ins[j]: b[j] is inserted
	fd, bd []int  // furthest x per diagonal k = x-y, forward and backward, at index k+off
	off    int
	budget int
	table  int // largest subproblem for the LCS table; dpCells except in tests
}

// diff returns the deletion marks for a and the insertion marks for b of a
// minimal edit script (minimal unless the work budget runs out).
func diff(a, b []int, budget int) (del, ins []bool) {
	return diffTable(a, b, budget, dpCells)
}

// diffTable is diff with the LCS table limited to subproblems of at most
// table cells (0: Myers only).
func diffTable(a, b []int, budget, table int) (del, ins []bool) {
	n, m := len(a), len(b)
	d := &differ{
		a: a, b: b,
		del: make([]bool, n), ins: make([]bool, m),
		fd: make([]int, n+m+3), bd: make([]int, n+m+3),
		off:    m + 1,
		budget: budget,
		table:  table,
	}
	d.compare(0, n, 0, m)
	return d.del, d.ins
}

// compare marks a minimal script for a[xoff:xlim] → b[yoff:ylim].
func (d *differ) compare(xoff, xlim, yoff, ylim int) {
	a, b := d.a, d.b
	for xoff < xlim && yoff < ylim && a[xoff] == b[yoff] {
		xoff++
		yoff++
	}
	for xoff < xlim && yoff < ylim && a[xlim-1] == b[ylim-1] {
		xlim--
		ylim--
	}
	switch {
	case xoff == xlim:
		for j := yoff; j < ylim; j++ {
			d.ins[j] = true
		}
		return
	case yoff == ylim:
		for i := xoff; i < xlim; i++ {
			d.del[i] = true
		}
		return
	}

	cells := (xlim - xoff) * (ylim - yoff)
	limit := d.budget
	small := cells <= d.table
	if small {
		limit = min(limit, cells)
	}
	x, y, ok := d.diag(xoff, xlim, yoff, ylim, limit)
	if ok && (x == xoff && y == yoff || x == xlim && y == ylim) {
		ok = false // no progress; cannot happen, but never recurse forever
	}
	if !ok {
		if small && d.budget >= cells {
			d.budget -= cells
			d.lcsTable(xoff, xlim, yoff, ylim)
		} else {
			d.replace(xoff, xlim, yoff, ylim)
		}
		return
	}
	d.compare(xoff, x, yoff, y)
	d.compare(x, xlim, y, ylim)
}

// replace marks all of a[xoff:xlim] deleted and b[yoff:ylim] inserted.
func (d *differ) replace(xoff, xlim, yoff, ylim int) {
	for i := xoff; i < xlim; i++ {
		d.del[i] = true
	}
	for j := yoff; j < ylim; j++ {
		d.ins[j] = true
	}
}

// diag finds a point (x, y) on a minimal edit path through
// a[xoff:xlim] × b[yoff:ylim] that splits it into two parts of smaller
// cost, by searching from both corners for the middle snake. The ranges
// must be non-empty and must not share a common prefix or suffix. It gives
// up (ok false) after limit units of work, which it subtracts from the
// budget.
func (d *differ) diag(xoff, xlim, yoff, ylim, limit int) (x, y int, ok bool) {
	a, b, o := d.a, d.b, d.off
	fd, bd := d.fd, d.bd
	dmin, dmax := xoff-ylim, xlim-yoff
	fmid, bmid := xoff-yoff, xlim-ylim
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0
	fd[fmid+o] = xoff
	bd[bmid+o] = xlim
	work := 0
	defer func() { d.budget -= work }()

	for {
		// Forward: extend the furthest-reaching D-paths from (xoff, yoff).
		if fmin > dmin {
			fmin--
			fd[fmin-1+o] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fd[fmax+1+o] = -1
		} else {
			fmax--
		}
		for k := fmax; k >= fmin; k -= 2 {
			tlo, thi := fd[k-1+o], fd[k+1+o]
			x := thi
			if tlo >= thi {
				x = tlo + 1
			}
			y := x - k
			x0 := x
			for x < xlim && y < ylim && a[x] == b[y] {
				x++
				y++
			}
			work += 1 + x - x0
			fd[k+o] = x
			if odd && bmin <= k && k <= bmax && bd[k+o] <= x {
				return x, y, true
			}
		}

		// Backward: extend the furthest-reaching D-paths from (xlim, ylim).
		if bmin > dmin {
			bmin--
			bd[bmin-1+o] = math.MaxInt
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bd[bmax+1+o] = math.MaxInt
		} else {
			bmax--
		}
		for k := bmax; k >= bmin; k -= 2 {
			tlo, thi := bd[k-1+o], bd[k+1+o]
			x := thi - 1
			if tlo < thi {
				x = tlo
			}
			y := x - k
			x0 := x
			for x > xoff && y > yoff && a[x-1] == b[y-1] {
				x--
				y--
			}
			work += 1 + x0 - x
			bd[k+o] = x
			if !odd && fmin <= k && k <= fmax && x <= fd[k+o] {
				return x, y, true
			}
		}

		if work > limit {
			return 0, 0, false
		}
	}
}

// lcsTable marks a minimal script for a[xoff:xlim] → b[yoff:ylim] from a
// table of suffix LCS lengths. The caller ensures the table is at most
// dpCells (plus one row and column) in size.
func (d *differ) lcsTable(xoff, xlim, yoff, ylim int) {
	a, b := d.a[xoff:xlim], d.b[yoff:ylim]
	n, m := len(a), len(b)
	w := m + 1
	// t[i*w+j] = length of the LCS of a[i:] and b[j:].
	t := make([]uint16, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			case t[(i+1)*w+j] >= t[i*w+j+1]:
				t[i*w+j] = t[(i+1)*w+j]
			default:
				t[i*w+j] = t[i*w+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			d.del[xoff+i] = true
			i++
		default:
			d.ins[yoff+j] = true
			j++
		}
	}
	for ; i < n; i++ {
		d.del[xoff+i] = true
	}
	for ; j < m; j++ {
		d.ins[yoff+j] = true
	}
}
