// Package archtest holds the architecture tests: which packages may import
// what, and that every package and exported identifier is documented.
package archtest
