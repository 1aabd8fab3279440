package leakcheck

import "testing"

// Check ends a leak test. It harvests the bodies rs recorded (nil for
// none), adds what logs wrote (nil for none) as the exhibit "log lines",
// and fails tb for every kind of kinds without a value to look for
// ([Secrets.Missing]), for a failed [Secrets.SelfCheck] and for every
// [Leak] in the exhibits; a scan that cannot run ([ErrNoSecrets],
// [ErrNoExhibits]) is fatal. It then logs how much it looked at.
func (s *Secrets) Check(tb testing.TB, rs *Responses, logs *Logs, ex []Exhibit, kinds ...string) {
	tb.Helper()
	var bodies []string
	if rs != nil {
		bodies = rs.Bodies()
	}
	harvested := s.Harvest(bodies...)
	records, logBytes := 0, 0
	if logs != nil {
		text := logs.String()
		records, logBytes = logs.Records(), len(text)
		ex = append(ex, Exhibit{Where: "log lines", Text: text})
	}
	for _, k := range s.Missing(kinds...) {
		tb.Errorf("no %s to look for: the test would prove nothing", k)
	}
	leaks, err := s.Scan(ex)
	if err != nil {
		tb.Fatal(err)
		return
	}
	if err := s.SelfCheck(); err != nil {
		tb.Errorf("the detector would miss planted secrets: %v", err)
	}
	for _, l := range leaks {
		tb.Error(l)
	}
	tb.Logf("looked for %d secret values (%d harvested from %d responses) in %d log records (%d bytes) and %d printed values and errors: %d leaks",
		s.Len(), harvested, len(bodies), records, logBytes, len(ex), len(leaks))
}
