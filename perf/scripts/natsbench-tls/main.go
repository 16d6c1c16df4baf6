// natsbench-tls: ../../shared/bench/natsbench with one addition, -tlsca: every connection then runs TLS
// (nats-server 2.9 style: plaintext INFO, then the handshake), trusting that CA. Used by tls-compare.py.
// natsbench: a neutral NATS load generator built on the official Go client.
// Modes:
//   pub     N publishers, no subscribers: ingest rate
//   pubsub  P publishers -> S subscribers on one subject: delivered rate
//   latency request/reply round trips through the server: percentiles
// Prints one summary line per run: key=value pairs.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "natsbench:", err)
		os.Exit(1)
	}
}

var tlsCA = flag.String("tlsca", "", "CA file: connect with TLS, trusting it")

func connect(url string) *nats.Conn {
	opts := []nats.Option{nats.ReconnectBufSize(-1), nats.MaxReconnects(0), nats.FlusherTimeout(30 * time.Second)}
	if *tlsCA != "" {
		opts = append(opts, nats.RootCAs(*tlsCA), nats.Secure())
	}
	nc, err := nats.Connect(url, opts...)
	must(err)
	return nc
}

func main() {
	url := flag.String("s", "nats://127.0.0.1:4222", "server url (publishers, requesters)")
	subURL := flag.String("sub-s", "", "server url for subscribers/responders (default: -s); another cluster node measures routing")
	mode := flag.String("mode", "pubsub", "pub | pubsub | latency")
	n := flag.Int("n", 1000000, "messages per publisher (latency: round trips)")
	size := flag.Int("size", 16, "payload bytes")
	np := flag.Int("np", 1, "publishers")
	ns := flag.Int("ns", 1, "subscribers")
	subj := flag.String("subj", "bench.foo", "subject")
	warm := flag.Int("warm", 2000, "latency: warm-up round trips")
	flag.Parse()

	if *subURL == "" {
		*subURL = *url
	}
	payload := make([]byte, *size)
	switch *mode {
	case "pub", "pubsub":
		var subs []*nats.Conn
		total := int64(*n) * int64(*np)
		var wg sync.WaitGroup
		var got int64
		ns := *ns
		if *mode == "pub" {
			ns = 0
		}
		for i := 0; i < ns; i++ {
			nc := connect(*subURL)
			subs = append(subs, nc)
			var cnt int64
			wg.Add(1)
			sub, err := nc.Subscribe(*subj, func(m *nats.Msg) {
				cnt++
				atomic.AddInt64(&got, 1)
				if cnt == total {
					wg.Done()
				}
			})
			must(err)
			must(sub.SetPendingLimits(-1, -1))
			must(nc.Flush())
		}
		if *subURL != *url {
			time.Sleep(500 * time.Millisecond) // let interest cross the route
		}
		start := time.Now()
		var pw sync.WaitGroup
		for p := 0; p < *np; p++ {
			pw.Add(1)
			go func() {
				defer pw.Done()
				nc := connect(*url)
				defer nc.Close()
				for i := 0; i < *n; i++ {
					if err := nc.Publish(*subj, payload); err != nil {
						must(err)
					}
				}
				must(nc.FlushTimeout(60 * time.Second))
			}()
		}
		pw.Wait()
		pubEnd := time.Since(start)
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(120 * time.Second):
			fmt.Fprintf(os.Stderr, "natsbench: timeout, delivered %d of %d\n", atomic.LoadInt64(&got), total*int64(ns))
			os.Exit(2)
		}
		el := time.Since(start)
		delivered := total * int64(ns)
		fmt.Printf("mode=%s np=%d ns=%d size=%d pub_msgs=%d pub_rate=%.0f delivered=%d deliver_rate=%.0f elapsed_s=%.3f\n",
			*mode, *np, ns, *size, total, float64(total)/pubEnd.Seconds(), delivered,
			float64(delivered)/el.Seconds(), el.Seconds())
		for _, s := range subs {
			s.Close()
		}
	case "latency":
		rnc := connect(*subURL)
		defer rnc.Close()
		_, err := rnc.Subscribe(*subj, func(m *nats.Msg) { m.Respond(m.Data) })
		must(err)
		must(rnc.Flush())
		if *subURL != *url {
			time.Sleep(500 * time.Millisecond)
		}
		nc := connect(*url)
		defer nc.Close()
		for i := 0; i < *warm; i++ {
			_, err := nc.Request(*subj, payload, 5*time.Second)
			must(err)
		}
		lat := make([]time.Duration, *n)
		start := time.Now()
		for i := 0; i < *n; i++ {
			t0 := time.Now()
			_, err := nc.Request(*subj, payload, 5*time.Second)
			must(err)
			lat[i] = time.Since(t0)
		}
		el := time.Since(start)
		sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
		q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Nanoseconds()) / 1000 }
		fmt.Printf("mode=latency size=%d n=%d rtt_per_s=%.0f p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n",
			*size, *n, float64(*n)/el.Seconds(), q(0.5), q(0.9), q(0.99), q(0.999), q(1.0))
	default:
		must(fmt.Errorf("unknown mode %q", *mode))
	}
}
