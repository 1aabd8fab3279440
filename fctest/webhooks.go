package fctest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// defaultEventAPIVersion is the API version stamped on events and echoed
// in Stripe-Version: the one the linked stripe-go speaks.
const defaultEventAPIVersion = stripe.APIVersion

// Event types the simulator emits.
const (
	EventAccountCreated               = "financial_connections.account.created"
	EventAccountDeactivated           = "financial_connections.account.deactivated"
	EventAccountReactivated           = "financial_connections.account.reactivated"
	EventAccountDisconnected          = "financial_connections.account.disconnected"
	EventAccountRefreshedBalance      = "financial_connections.account.refreshed_balance"
	EventAccountRefreshedOwnership    = "financial_connections.account.refreshed_ownership"
	EventAccountRefreshedTransactions = "financial_connections.account.refreshed_transactions"
	EventPaymentIntentProcessing      = "payment_intent.processing"
	EventPaymentIntentSucceeded       = "payment_intent.succeeded"
	EventPaymentIntentPaymentFailed   = "payment_intent.payment_failed"
	EventPaymentIntentCanceled        = "payment_intent.canceled"
	EventSetupIntentSucceeded         = "setup_intent.succeeded"
)

type event struct {
	id      string
	typ     string
	created time.Time
	payload []byte
}

// EventRecord is an event the simulator emitted, with the exact JSON
// payload it delivers.
type EventRecord struct {
	ID      string
	Type    string
	Created time.Time
	Payload []byte
}

// Delivery records one attempt to deliver an event.
type Delivery struct {
	EventID    string
	Type       string
	StatusCode int   // 0 if the request failed
	Err        error // transport error delivering to a URL
	Signature  string
}

type webhookTarget struct {
	handler http.Handler
	url     string
	secret  string
	client  *http.Client
}

func (t webhookTarget) enabled() bool { return t.handler != nil || t.url != "" }

type eventJSON struct {
	ID         string `json:"id"`
	Object     string `json:"object"`
	Account    string `json:"account,omitempty"`
	APIVersion string `json:"api_version"`
	Created    int64  `json:"created"`
	Data       struct {
		Object any `json:"object"`
	} `json:"data"`
	Livemode        bool   `json:"livemode"`
	PendingWebhooks int64  `json:"pending_webhooks"`
	Request         reqRef `json:"request"`
	Type            string `json:"type"`
}

type reqRef struct {
	ID             *string `json:"id"`
	IdempotencyKey *string `json:"idempotency_key"`
}

// emitLocked records an event whose data.object is obj as of now, queued
// for delivery. c is the API call that caused it, or nil for lifecycle
// steps. Callers hold s.mu.
func (s *Sim) emitLocked(typ string, obj any, at time.Time, c *call) {
	ev := &event{id: s.newID("evt_"), typ: typ, created: at}
	j := eventJSON{ID: ev.id, Object: "event", APIVersion: s.eventAPIVersion, Created: at.Unix(), Type: typ}
	j.Data.Object = obj
	if s.hook.enabled() {
		j.PendingWebhooks = 1
	}
	if c != nil {
		j.Request = reqRef{ID: strPtr(c.reqID), IdempotencyKey: strPtr(c.idemKey)}
	}
	b, err := json.Marshal(j)
	if err != nil {
		return
	}
	ev.payload = b
	s.events = append(s.events, ev)
	s.stats.events++
	if s.hook.enabled() {
		s.outbox = append(s.outbox, ev)
	}
}

// SignPayload returns a Stripe-Signature header value for payload signed
// with secret at t: "t=<unix>,v1=<hex HMAC-SHA256(secret, t.payload)>".
func SignPayload(payload []byte, secret string, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(payload)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// flushWebhooks delivers queued events in order. Only one goroutine
// delivers at a time; a flush that finds another one running leaves its
// events to it, so a webhook handler may call back into the simulator.
func (s *Sim) flushWebhooks() {
	for {
		if !s.deliverMu.TryLock() {
			return
		}
		for {
			s.mu.Lock()
			batch := s.outbox
			s.outbox = nil
			target, sigNow := s.hook, s.sigNow
			s.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			for _, ev := range batch {
				d := deliver(target, ev, sigNow())
				s.mu.Lock()
				s.deliveries = append(s.deliveries, d)
				s.mu.Unlock()
			}
		}
		s.deliverMu.Unlock()
		s.mu.Lock()
		empty := len(s.outbox) == 0
		s.mu.Unlock()
		if empty {
			return
		}
	}
}

func deliver(t webhookTarget, ev *event, now time.Time) Delivery {
	sig := SignPayload(ev.payload, t.secret, now)
	d := Delivery{EventID: ev.id, Type: ev.typ, Signature: sig}
	switch {
	case t.handler != nil:
		req, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(ev.payload))
		if err != nil {
			d.Err = err
			return d
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Stripe-Signature", sig)
		req.Header.Set("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
		rec := httptest.NewRecorder()
		t.handler.ServeHTTP(rec, req)
		d.StatusCode = rec.Code
	case t.url != "":
		req, err := http.NewRequest(http.MethodPost, t.url, bytes.NewReader(ev.payload))
		if err != nil {
			d.Err = err
			return d
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Stripe-Signature", sig)
		client := t.client
		if client == nil {
			client = &http.Client{Timeout: 10 * time.Second}
		}
		resp, err := client.Do(req)
		if err != nil {
			d.Err = err
			return d
		}
		resp.Body.Close()
		d.StatusCode = resp.StatusCode
	}
	return d
}

// SetWebhookHandler delivers events emitted from now on to h, in-process,
// signed with secret. A nil h stops delivery.
func (s *Sim) SetWebhookHandler(h http.Handler, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = webhookTarget{handler: h, secret: secret}
}

// SetWebhookURL delivers events emitted from now on by POSTing them to url
// with client (nil for a client with a 10 s timeout), signed with secret.
// An empty url stops delivery.
func (s *Sim) SetWebhookURL(url, secret string, client *http.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = webhookTarget{url: url, secret: secret, client: client}
}

// Events returns every event emitted so far, oldest first.
func (s *Sim) Events() []EventRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]EventRecord, len(s.events))
	for i, e := range s.events {
		out[i] = EventRecord{ID: e.id, Type: e.typ, Created: e.created, Payload: append([]byte(nil), e.payload...)}
	}
	return out
}

// EventsOfType returns the emitted events of type typ, oldest first.
func (s *Sim) EventsOfType(typ string) []EventRecord {
	var out []EventRecord
	for _, e := range s.Events() {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// Deliveries returns every delivery attempt so far, in order.
func (s *Sim) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// ResendEvent delivers an already emitted event again, with a fresh
// signature, as Stripe does when it retries; receivers should recognise
// the event id.
func (s *Sim) ResendEvent(id string) error {
	s.mu.Lock()
	var found *event
	for _, e := range s.events {
		if e.id == id {
			found = e
		}
	}
	if found == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: event %q", ErrNotFound, id)
	}
	if !s.hook.enabled() {
		s.mu.Unlock()
		return fmt.Errorf("fctest: no webhook handler or URL configured")
	}
	s.outbox = append(s.outbox, found)
	s.mu.Unlock()
	s.flushWebhooks()
	return nil
}
