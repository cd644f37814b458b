package app

import "runtime/debug"

// softwareVersion is Samstyr's version as the build recorded it (the
// module version, or "(devel)" for a build from a checkout), written into
// the packages delivered to the e-archive.
func softwareVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
