package platform

import "time"

// Ticker starts a signal every d, as time.NewTicker does, and returns its
// channel and the function that stops it. The background jobs take one,
// so a test drives them tick by tick instead of waiting for real time.
type Ticker func(d time.Duration) (c <-chan time.Time, stop func())

// SystemTicker is the real one: time.NewTicker.
func SystemTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}
