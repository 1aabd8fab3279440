package fctest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func doRaw(t *testing.T, s *Sim, method, path string, form url.Values, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	req.Header.Set("Authorization", "Bearer sk_test_x")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := s.Transport().RoundTrip(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestIdempotencyKeyInUse holds the first request in flight and sends the
// same key meanwhile: the second gets 409 idempotency_key_in_use, and the
// first completes normally.
func TestIdempotencyKeyInUse(t *testing.T) {
	t.Parallel()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.testHookExecuting = func() {
		once.Do(func() {
			close(entered)
			<-release
		})
	}
	form := url.Values{"name": {"Jenny"}}
	var wg sync.WaitGroup
	var firstStatus int
	wg.Add(1)
	go func() {
		defer wg.Done()
		firstStatus, _ = doRaw(t, s, http.MethodPost, "/v1/customers", form, "same")
	}()
	<-entered
	status, body := doRaw(t, s, http.MethodPost, "/v1/customers", form, "same")
	close(release)
	wg.Wait()
	if status != http.StatusConflict || !strings.Contains(body, `"code":"idempotency_key_in_use"`) {
		t.Fatalf("concurrent: %d %s", status, body)
	}
	if firstStatus != http.StatusOK {
		t.Fatalf("first: %d", firstStatus)
	}
	if st := s.Stats(); st.KeyInUse != 1 || st.Created["customer"] != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Once the first is done, the key replays.
	s.testHookExecuting = nil
	status, _ = doRaw(t, s, http.MethodPost, "/v1/customers", form, "same")
	if status != http.StatusOK || s.Stats().IdempotentReplays != 1 {
		t.Fatalf("after: %d %+v", status, s.Stats())
	}
}
