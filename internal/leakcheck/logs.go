package leakcheck

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
)

// Logs is an slog.Handler that renders every record, at every level, with
// both slog's text and JSON handlers into one buffer, so that values are
// seen exactly as a production handler would print them. Make one with
// [NewLogs]; it is safe for concurrent use, and handlers derived with
// WithAttrs or WithGroup write to the same buffer.
type Logs struct {
	shared *logsBuffer
	text   slog.Handler
	json   slog.Handler
}

// logsBuffer is what a Logs and the handlers derived from it share.
type logsBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	records int
}

func (b *logsBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// NewLogs returns an empty Logs handler at debug level.
func NewLogs() *Logs {
	l := &Logs{shared: &logsBuffer{}}
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	l.text, l.json = slog.NewTextHandler(l.shared, opts), slog.NewJSONHandler(l.shared, opts)
	return l
}

// Enabled implements slog.Handler: every level is enabled.
func (l *Logs) Enabled(context.Context, slog.Level) bool { return true }

// Handle implements slog.Handler: it writes r as a text line and as a JSON
// line.
func (l *Logs) Handle(ctx context.Context, r slog.Record) error {
	l.shared.mu.Lock()
	l.shared.records++
	l.shared.mu.Unlock()
	if err := l.text.Handle(ctx, r.Clone()); err != nil {
		return err
	}
	return l.json.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (l *Logs) WithAttrs(as []slog.Attr) slog.Handler {
	d := *l
	d.text, d.json = l.text.WithAttrs(as), l.json.WithAttrs(as)
	return &d
}

// WithGroup implements slog.Handler.
func (l *Logs) WithGroup(name string) slog.Handler {
	d := *l
	d.text, d.json = l.text.WithGroup(name), l.json.WithGroup(name)
	return &d
}

// String returns every line written so far.
func (l *Logs) String() string {
	l.shared.mu.Lock()
	defer l.shared.mu.Unlock()
	return l.shared.buf.String()
}

// Records returns how many records were handled.
func (l *Logs) Records() int {
	l.shared.mu.Lock()
	defer l.shared.mu.Unlock()
	return l.shared.records
}
