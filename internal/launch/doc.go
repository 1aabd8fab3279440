// Package launch runs a server binary for tests: it finds the binary (an
// environment variable, then PATH, then known directories), starts it with
// its output captured for error messages, waits until it is ready, and stops
// it. [Binary.Report] turns a start error into the test's outcome: a missing
// binary skips the test with the command that installs it, unless the CI
// environment variable is non-empty, in which case the test fails; any other
// error fails it.
//
// Packages internal/stripemock and internal/redisserver build on it; tests
// use those, not this package. It also holds the rule for tests that
// measure wall-clock rates ([SkipIfMeasuredAlone]): .ci/run runs them
// alone first, then the whole suite with [MeasuredAloneEnv] set.
package launch
