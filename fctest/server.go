package fctest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	fctransport "github.com/fcsdk/fcsdk/internal/transport"
)

// call is one request being executed by a route handler.
type call struct {
	s       *Sim
	method  string
	path    string
	ids     []string // path parameters in order
	form    *form
	now     time.Time
	reqID   string
	idemKey string
	// acting is the Stripe-Account header: the connected account the
	// request acts as, "" for the platform (see connect.go).
	acting string
}

// simResponse is what the simulator answers before it is put on a wire.
type simResponse struct {
	status int
	header http.Header
	body   []byte
	drop   bool
	delay  time.Duration
}

func jsonResponse(status int, v any) *simResponse {
	b, err := json.Marshal(v)
	if err != nil {
		// Only simulator bugs get here; answer like Stripe's 500.
		return errorResponse(serverError(http.StatusInternalServerError))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return &simResponse{status: status, header: h, body: b}
}

func errorResponse(e *apiError) *simResponse {
	r := jsonResponse(e.Status, e.envelope())
	if e.ShouldRetry != "" {
		r.header.Set("Stripe-Should-Retry", e.ShouldRetry)
	}
	if e.RetryAfterSec > 0 {
		r.header.Set("Retry-After", strconv.Itoa(e.RetryAfterSec))
	}
	return r
}

// apiKey extracts the secret key from a Bearer or Basic Authorization
// header.
func apiKey(h http.Header) string {
	a := h.Get("Authorization")
	switch {
	case strings.HasPrefix(a, "Bearer "):
		return strings.TrimSpace(strings.TrimPrefix(a, "Bearer "))
	case strings.HasPrefix(a, "Basic "):
		raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "Basic "))
		if err != nil {
			return ""
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user
	}
	return ""
}

// handle runs one API request through authentication, the rate limit,
// fault injection, idempotency and the route handler. It returns a nil
// response only when the request's context ended during an injected
// pre-commit delay (the request then had no effect).
func (s *Sim) handle(r *http.Request, body []byte, bodyErr error) *simResponse {
	method, path := r.Method, r.URL.Path
	idemKey := ""
	if method == http.MethodPost {
		idemKey = r.Header.Get("Idempotency-Key")
	}

	s.mu.Lock()
	now := s.now()
	s.runDueLocked(now) // steps scheduled with zero delay
	reqID := "req_" + s.randChars(14)
	rec := RequestRecord{Method: method, Path: path, RequestID: reqID, IdempotencyKey: idemKey, At: now, StripeAccount: r.Header.Get("Stripe-Account")}
	s.stats.requests++
	resp, fault, latency := s.admitLocked(r, now, &rec)
	if resp == nil && fault == FaultSlowBeforeCommit {
		s.mu.Unlock()
		err := sleepCtx(r.Context(), latency)
		s.mu.Lock()
		if err != nil {
			rec.Status = 0
			rec.Canceled = true
			s.log.add(rec)
			s.mu.Unlock()
			return nil
		}
		now = s.now()
	}
	if resp == nil {
		resp = s.handleCommitted(r, body, bodyErr, now, reqID, idemKey, &rec)
		switch fault {
		case FaultServerErrorAfterCommit:
			resp = errorResponse(serverError(http.StatusInternalServerError))
		case FaultUnavailableAfterCommit:
			resp = errorResponse(serverError(http.StatusServiceUnavailable))
		case FaultDropAfterCommit:
			resp = &simResponse{header: http.Header{}, drop: true}
		case FaultSlowResponse:
			resp.delay = latency
		}
	}

	resp.header.Set("Request-Id", reqID)
	// Tells an SDK client that this server runs on simulated time, so that
	// one built without the simulator's clock fails at once (fincon's
	// SimulatorClockHeader) instead of polling a refresh on the wall clock.
	resp.header.Set(ClockHeader, s.now().UTC().Format(time.RFC3339Nano))
	if v := r.Header.Get("Stripe-Version"); v != "" {
		resp.header.Set("Stripe-Version", v)
	} else {
		resp.header.Set("Stripe-Version", defaultEventAPIVersion)
	}
	if idemKey != "" {
		resp.header.Set("Idempotency-Key", idemKey)
	}
	rec.Status = resp.status
	if resp.drop {
		rec.Status = 0
	}
	rec.Dropped = resp.drop
	s.stats.byStatus[rec.Status]++
	s.log.add(rec)
	s.mu.Unlock()

	s.flushWebhooks()
	return resp
}

// randChars returns n characters from the id alphabet without recording an
// object; callers hold s.mu.
func (s *Sim) randChars(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[s.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

// admitLocked authenticates, rate-limits and draws a fault. It returns an
// early response, or nil and the fault to apply around execution.
func (s *Sim) admitLocked(r *http.Request, now time.Time, rec *RequestRecord) (*simResponse, FaultKind, time.Duration) {
	method, path := r.Method, r.URL.Path
	if key := apiKey(r.Header); !strings.HasPrefix(key, "sk_test_") || len(key) <= len("sk_test_") {
		s.stats.unauthorized++
		return errorResponse(authError()), "", 0
	}
	if s.limiter != nil {
		if ok, wait := s.limiter.take(s.limiterNow(now)); !ok {
			s.stats.rateLimited++
			rec.RateLimited = true
			ra := 0
			if !s.limiter.cfg.OmitRetryAfter {
				ra = max(int((wait+time.Second-1)/time.Second), 1)
			}
			return errorResponse(rateLimitError(ra)), "", 0
		}
	}
	if s.faults == nil {
		return nil, "", 0
	}
	fault, latency := s.faults.decide(method, path)
	if fault == "" {
		return nil, "", 0
	}
	s.stats.faults[fault]++
	rec.Fault = fault
	switch fault {
	case FaultServerErrorBeforeCommit:
		return errorResponse(serverError(http.StatusInternalServerError)), fault, 0
	case FaultUnavailableBeforeCommit:
		return errorResponse(serverError(http.StatusServiceUnavailable)), fault, 0
	case FaultLockTimeout:
		return errorResponse(lockTimeoutError()), fault, 0
	case FaultIdempotencyKeyInUse:
		return errorResponse(keyInUseError()), fault, 0
	case FaultRateLimit:
		s.stats.rateLimited++
		rec.RateLimited = true
		return errorResponse(rateLimitError(1)), fault, 0
	case FaultDropBeforeCommit:
		return &simResponse{header: http.Header{}, drop: true}, fault, 0
	}
	return nil, fault, latency
}

// handleCommitted parses, applies idempotency and executes the request.
// Callers hold s.mu; it may release it while an idempotent request is in
// flight (test hook only).
func (s *Sim) handleCommitted(r *http.Request, body []byte, bodyErr error, now time.Time, reqID, idemKey string, rec *RequestRecord) *simResponse {
	method, path := r.Method, r.URL.Path
	if bodyErr != nil {
		return errorResponse(invalidRequest("", "The request body could not be read."))
	}
	rt, ids, _ := match(method, path)
	if rt == nil {
		return errorResponse(unrecognizedURL(method, path))
	}
	acting := r.Header.Get("Stripe-Account")
	if aerr := s.checkStripeAccountLocked(acting); aerr != nil {
		return errorResponse(aerr)
	}
	raw := r.URL.RawQuery
	if method == http.MethodPost {
		raw = string(body)
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return errorResponse(invalidRequest("", "Invalid request: the parameters could not be decoded."))
	}
	f, err := formFromValues(vals)
	if err != nil {
		return errorResponse(invalidRequest("", "Invalid request: malformed parameter name."))
	}
	for _, k := range f.keys() {
		if k != "expand" && !contains(rt.allowed, k) {
			return errorResponse(unknownParam(k))
		}
	}

	var entry *idemEntry
	if idemKey != "" {
		if len(idemKey) > fctransport.MaxIdempotencyKeyLen {
			return errorResponse(invalidRequest("", "Idempotency-Key must be at most %d characters long.", fctransport.MaxIdempotencyKeyLen))
		}
		scope := apiKey(r.Header) + "\x00" + acting + "\x00" + idemKey
		fp := method + " " + path + "?" + vals.Encode()
		e, replay, aerr := s.idemBegin(scope, fp, now, reqID)
		if aerr != nil {
			if aerr.Code == codeIdempotencyKeyInUse {
				s.stats.keyInUse++
			} else {
				s.stats.idempotencyErrors++
			}
			return errorResponse(aerr)
		}
		if replay != nil {
			s.stats.replays++
			rec.Replayed = true
			return replay
		}
		entry = e
		if h := s.testHookExecuting; h != nil {
			s.mu.Unlock()
			h()
			s.mu.Lock()
			now = s.now()
		}
	}

	c := &call{s: s, method: method, path: path, ids: ids, form: f, now: now, reqID: reqID, idemKey: idemKey, acting: acting}
	obj, aerr := rt.h(c)
	var resp *simResponse
	if aerr != nil {
		resp = errorResponse(aerr)
	} else {
		resp = jsonResponse(http.StatusOK, obj)
	}
	if entry != nil {
		s.idemFinish(entry, resp)
	}
	return resp
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
