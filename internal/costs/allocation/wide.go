package allocation

import (
	"math/big"
	"math/bits"
)

// wide is a signed 128-bit accumulator (two's complement, hi:lo), so
// that Check can sum int64 amounts without overflow.
type wide struct {
	hi int64
	lo uint64
}

// signHi is the high word of x sign-extended to 128 bits.
func signHi(x int64) int64 { return x >> 63 }

// add adds x to w.
func (w *wide) add(x int64) {
	lo, carry := bits.Add64(w.lo, uint64(x), 0)
	w.lo = lo
	w.hi += signHi(x) + int64(carry)
}

// sub subtracts x from w.
func (w *wide) sub(x int64) {
	lo, borrow := bits.Sub64(w.lo, uint64(x), 0)
	w.lo = lo
	w.hi -= signHi(x) + int64(borrow)
}

// is reports whether w equals x.
func (w wide) is(x int64) bool { return w.hi == signHi(x) && w.lo == uint64(x) }

// String writes w in decimal.
func (w wide) String() string {
	v := new(big.Int).SetInt64(w.hi)
	v.Lsh(v, 64)
	v.Add(v, new(big.Int).SetUint64(w.lo))
	return v.String()
}
