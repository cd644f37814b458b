package i18n

// Label is the Swedish word people see for a domain code: group names the
// kind of code ("state", "role", "event", "outcome", ...), code is the
// value stored (e.g. "under_beredning"). The catalog is the one table of
// these labels for every page, PDF and export; TestEveryDomainCodeHasALabel
// checks that each constant of the domain packages has one. A code
// without a label comes back as "group.code", which the browser tests'
// text check reports.
func Label(group, code string) string { return T(Swedish, group+"."+code) }

// HasLabel reports whether code has a label in group.
func HasLabel(group, code string) bool { return Has(group + "." + code) }
