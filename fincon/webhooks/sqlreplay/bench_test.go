package sqlreplay_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisreplay"
	"github.com/fcsdk/fcsdk/fincon/webhooks/sqlreplay"
	"github.com/fcsdk/fcsdk/internal/redisserver"
)

// BenchmarkReplayEvent measures what each ReplayStore costs per event —
// the Handler's Claim then Complete of a new id — on the in-process
// MemoryStore, Redis, SQLite and PostgreSQL. Compare them as ratios
// against memory:
//
//	for i in 1 2 3 4 5; do go test -run '^$' -bench ReplayEvent -benchmem -count 1 ./fincon/webhooks/sqlreplay/; done > replay.txt
//	benchstat -col /store replay.txt
func BenchmarkReplayEvent(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) webhooks.ReplayStore
	}{
		{"memory", func(*testing.B) webhooks.ReplayStore {
			return webhooks.NewMemoryStore(webhooks.DefaultReplayCapacity, webhooks.DefaultReplayTTL)
		}},
		{"redis", func(b *testing.B) webhooks.ReplayStore {
			srv := redisserver.Start(b)
			if srv == nil {
				b.SkipNow()
			}
			rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
			b.Cleanup(func() { rdb.Close() })
			s, err := redisreplay.New(rdb)
			if err != nil {
				b.Fatal(err)
			}
			return s
		}},
	}
	for _, d := range dialects {
		stores = append(stores, struct {
			name string
			open func(b *testing.B) webhooks.ReplayStore
		}{string(d), func(b *testing.B) webhooks.ReplayStore {
			s, err := sqlreplay.New(setupTB(b, d), d)
			if err != nil {
				b.Fatal(err)
			}
			return s
		}})
	}
	ctx := context.Background()
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			s := st.open(b)
			ids := make([]string, b.N)
			for i := range ids {
				ids[i] = fmt.Sprintf("evt_%s_%09d", st.name, i)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for _, id := range ids {
				if c, err := s.Claim(ctx, id); c != webhooks.Claimed || err != nil {
					b.Fatalf("Claim(%s) = %v, %v", id, c, err)
				}
				if err := s.Complete(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
