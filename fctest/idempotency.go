package fctest

import (
	"net/http"
	"time"
)

// Idempotency rules, as Stripe applies them to POST requests carrying an
// Idempotency-Key header (keys are scoped to the API key):
//
//   - the first request with a key executes; if it succeeds (2xx) or fails
//     after executing with a 402, its response is stored for
//     [IdempotencyKeyTTL] of simulated time;
//   - a later request with the same key, method, path and parameters gets
//     the stored response again, with the header Idempotent-Replayed: true
//     and Original-Request naming the first request;
//   - the same key with other parameters (or another endpoint) gets a 400
//     idempotency_error;
//   - the same key while the first request is still executing gets a 409
//     idempotency_key_in_use;
//   - validation and other 4xx/5xx failures are not stored, so a corrected
//     retry with the same key executes.
const (
	// IdempotencyKeyTTL is how long a stored idempotent response is kept.
	IdempotencyKeyTTL = 24 * time.Hour
)

type idemEntry struct {
	fingerprint string
	created     time.Time
	reqID       string
	inFlight    bool
	status      int
	header      http.Header
	body        []byte
	scope       string
}

// idemBegin looks the key up. It returns a new in-flight entry to execute
// under, or a replayed response, or an error response. Callers hold s.mu.
func (s *Sim) idemBegin(scope, fingerprint string, now time.Time, reqID string) (*idemEntry, *simResponse, *apiError) {
	if e, ok := s.idem[scope]; ok {
		if !e.inFlight && now.Sub(e.created) >= IdempotencyKeyTTL {
			delete(s.idem, scope)
		} else {
			if e.fingerprint != fingerprint {
				return nil, nil, idempotencyMismatchError()
			}
			if e.inFlight {
				return nil, nil, keyInUseError()
			}
			h := e.header.Clone()
			h.Set("Idempotent-Replayed", "true")
			h.Set("Original-Request", e.reqID)
			body := append([]byte(nil), e.body...)
			return nil, &simResponse{status: e.status, header: h, body: body}, nil
		}
	}
	e := &idemEntry{fingerprint: fingerprint, created: now, reqID: reqID, inFlight: true, scope: scope}
	s.idem[scope] = e
	return e, nil, nil
}

// idemFinish stores a response worth replaying, or forgets the key.
// Callers hold s.mu.
func (s *Sim) idemFinish(e *idemEntry, resp *simResponse) {
	if resp.status >= 400 && resp.status != http.StatusPaymentRequired {
		delete(s.idem, e.scope)
		return
	}
	e.inFlight = false
	e.status = resp.status
	e.header = resp.header.Clone()
	e.body = append([]byte(nil), resp.body...)
}
