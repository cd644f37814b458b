package deadline

import "github.com/samstyr/samstyr/internal/platform"

// IsWorkingDay reports whether d is a vardag on which the authority is
// expected to work: not a lördag, söndag, allmän helgdag, midsommarafton,
// julafton or nyårsafton (the days IsNonWorkingForDeadline names).
func IsWorkingDay(d platform.Date) bool {
	_, non := IsNonWorkingForDeadline(d)
	return !non
}

// NextWorkingDay returns the first working day after d.
func NextWorkingDay(d platform.Date) platform.Date { return AdjustForward(d.AddDays(1)) }

// WorkingDaysBetween counts the working days after from up to and
// including to (0 when to is not after from): how many working days a
// matter received on from has waited by the end of to.
func WorkingDaysBetween(from, to platform.Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
