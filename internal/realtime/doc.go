// Package realtime holds the one rule for tests that measure wall-clock
// rates: they need the CPU to themselves. .ci/run runs them first, alone,
// then runs the whole suite with [MeasuredAloneEnv] set, and those tests
// call [SkipIfMeasuredAlone] so that a loaded run does not measure them a
// second time. Every other test uses fake clocks or testing/synctest and
// never needs this.
package realtime
