package memopdf

// Fonts returns the embedded DejaVu Sans regular and bold TrueType fonts,
// for other packages that draw PDFs with the same faces (the masked
// copies of internal/redact). The slices must not be modified.
func Fonts() (regular, bold []byte) { return fontRegular, fontBold }
