package fctest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxBodyBytes caps request bodies; larger ones get a 400.
const maxBodyBytes = 1 << 20

// ErrConnectionDropped is returned by the in-memory transport when a
// dropped-connection fault fires; errors.Is also matches
// syscall.ECONNRESET, like a real reset. Over a real socket the server
// closes the connection instead and the client sees its own I/O error.
var ErrConnectionDropped = errors.New("fctest: connection dropped by simulated server")

type droppedError struct{}

func (droppedError) Error() string   { return "fctest: connection reset by peer (simulated drop)" }
func (droppedError) Timeout() bool   { return false }
func (droppedError) Temporary() bool { return true }
func (droppedError) Is(target error) bool {
	return target == ErrConnectionDropped || target == syscall.ECONNRESET
}

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

type handlerFunc func(c *call) (any, *apiError)

type route struct {
	method  string
	pattern []string // "*" captures a path segment
	allowed []string // accepted top-level parameters besides expand
	h       handlerFunc
}

var routes = []route{
	{http.MethodPost, seg("customers"), []string{"name", "email", "phone", "description", "metadata", "address"}, handleCreateCustomer},
	{http.MethodGet, seg("customers", "*"), nil, handleGetCustomer},

	{http.MethodPost, seg("financial_connections", "sessions"), []string{"account_holder", "permissions", "prefetch", "filters", "return_url"}, handleCreateSession},
	{http.MethodGet, seg("financial_connections", "sessions", "*"), nil, handleGetSession},

	{http.MethodGet, seg("financial_connections", "accounts"), []string{"account_holder", "session", "limit", "starting_after", "ending_before"}, handleListAccounts},
	{http.MethodGet, seg("financial_connections", "accounts", "*"), nil, handleGetAccount},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "disconnect"), nil, handleDisconnect},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "refresh"), []string{"features"}, handleRefresh},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "subscribe"), []string{"features"}, handleSubscribe},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "unsubscribe"), []string{"features"}, handleUnsubscribe},
	{http.MethodGet, seg("financial_connections", "accounts", "*", "owners"), []string{"ownership", "limit", "starting_after", "ending_before"}, handleListOwners},

	{http.MethodGet, seg("financial_connections", "transactions"), []string{"account", "transacted_at", "transaction_refresh", "limit", "starting_after", "ending_before"}, handleListTransactions},
	{http.MethodGet, seg("financial_connections", "transactions", "*"), nil, handleGetTransaction},

	{http.MethodPost, seg("payment_intents"), piCreateParams, handleCreatePaymentIntent},
	{http.MethodGet, seg("payment_intents", "*"), []string{"client_secret"}, handleGetPaymentIntent},
	{http.MethodPost, seg("payment_intents", "*", "confirm"), piConfirmParams, handleConfirmPaymentIntent},
	{http.MethodPost, seg("payment_intents", "*", "cancel"), []string{"cancellation_reason"}, handleCancelPaymentIntent},

	{http.MethodPost, seg("setup_intents"), siCreateParams, handleCreateSetupIntent},
	{http.MethodGet, seg("setup_intents", "*"), []string{"client_secret"}, handleGetSetupIntent},
	{http.MethodPost, seg("setup_intents", "*", "confirm"), siConfirmParams, handleConfirmSetupIntent},
	{http.MethodPost, seg("setup_intents", "*", "cancel"), []string{"cancellation_reason"}, handleCancelSetupIntent},

	{http.MethodGet, seg("payment_methods"), []string{"customer", "type", "limit", "starting_after", "ending_before"}, handleListPaymentMethods},
	{http.MethodGet, seg("payment_methods", "*"), nil, handleGetPaymentMethod},
	{http.MethodGet, seg("mandates", "*"), nil, handleGetMandate},
	{http.MethodPost, seg("checkout", "sessions"), csCreateParams, handleCreateCheckoutSession},
	{http.MethodGet, seg("checkout", "sessions", "*"), nil, handleGetCheckoutSession},

	{http.MethodPost, seg("payment_intents", "*", "verify_microdeposits"), []string{"amounts", "descriptor_code", "client_secret"}, handleVerifyPIMicrodeposits},
	{http.MethodPost, seg("setup_intents", "*", "verify_microdeposits"), []string{"amounts", "descriptor_code", "client_secret"}, handleVerifySIMicrodeposits},
	{http.MethodPost, seg("refunds"), refundCreateParams, handleCreateRefund},
	{http.MethodGet, seg("refunds"), []string{"payment_intent", "charge", "limit", "starting_after", "ending_before"}, handleListRefunds},
	{http.MethodGet, seg("refunds", "*"), nil, handleGetRefund},
	{http.MethodGet, seg("charges", "*"), nil, handleGetCharge},
}

func seg(parts ...string) []string { return append([]string{"v1"}, parts...) }

// match finds the route for method and path and its path parameters.
func match(method, path string) (*route, []string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	pathKnown := false
	for i := range routes {
		r := &routes[i]
		if len(r.pattern) != len(parts) {
			continue
		}
		var ids []string
		ok := true
		for j, p := range r.pattern {
			if p == "*" {
				if parts[j] == "" {
					ok = false
					break
				}
				ids = append(ids, parts[j])
				continue
			}
			if p != parts[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if r.method == method {
			return r, ids, true
		}
	}
	return nil, nil, pathKnown
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
		if len(idemKey) > maxIdempotencyKeyLen {
			return errorResponse(invalidRequest("", "Idempotency-Key must be at most %d characters long.", maxIdempotencyKeyLen))
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

// Transport returns an in-memory http.RoundTripper that serves requests
// from the simulator without sockets, whatever their host. It honours the
// request's context: a cancelled request returns the context's error, also
// while an injected latency is pending.
func (s *Sim) Transport() http.RoundTripper { return transport{s} }

type transport struct{ s *Sim }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	body, bodyErr := readBody(req.Body)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp := t.s.handle(req, body, bodyErr)
	if resp == nil {
		return nil, ctx.Err()
	}
	if resp.delay > 0 {
		if err := sleepCtx(ctx, resp.delay); err != nil {
			return nil, err
		}
	}
	if resp.drop {
		return nil, droppedError{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &http.Response{
		Status:        strconv.Itoa(resp.status) + " " + http.StatusText(resp.status),
		StatusCode:    resp.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        resp.header,
		Body:          io.NopCloser(bytes.NewReader(resp.body)),
		ContentLength: int64(len(resp.body)),
		Request:       req,
	}, nil
}

func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBodyBytes {
		return nil, errors.New("fctest: request body too large")
	}
	return b, nil
}

// sleepCtx waits d of real time (fake time inside a testing/synctest
// bubble) or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ServeHTTP serves the simulated API over a real connection, so a *Sim can
// be mounted in any http.Server. Dropped-connection faults abort the
// connection without a response.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, bodyErr := readBody(r.Body)
	resp := s.handle(r, body, bodyErr)
	if resp == nil {
		return
	}
	if resp.delay > 0 {
		if err := sleepCtx(r.Context(), resp.delay); err != nil {
			return
		}
	}
	if resp.drop {
		panic(http.ErrAbortHandler)
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// Serve starts an httptest server on 127.0.0.1 (a free port) serving the
// simulator and returns its base URL and a function that stops it. Call
// stop when done, typically with t.Cleanup(stop).
func (s *Sim) Serve() (baseURL string, stop func()) {
	srv := httptest.NewServer(s)
	return srv.URL, srv.Close
}
