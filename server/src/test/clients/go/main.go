// Command check runs the client interop scenario with the official NATS Go client (nats.go) against
// the servers given as arguments: URL of node 1, URL of node 2 of a 2-node cluster. It prints one line
// per check ("ok <check>") and exits 1 on the first failure ("FAIL <check>: <why>"). Before the
// reconnect check it prints READY-FOR-KILL and waits (bounded) until the test has stopped node 1 and
// the client has reconnected to node 2. Run by GoClientInteropIT.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

const timeout = 5 * time.Second

func fail(check string, format string, args ...interface{}) {
	fmt.Printf("FAIL %s: %s\n", check, fmt.Sprintf(format, args...))
	os.Exit(1)
}

func ok(check string) {
	fmt.Printf("ok %s\n", check)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Println("usage: check NODE1_URL NODE2_URL")
		os.Exit(2)
	}
	url1, url2 := os.Args[1], os.Args[2]
	reconnected := make(chan string, 4)
	nc, err := nats.Connect(url1+","+url2, nats.DontRandomize(), nats.MaxReconnects(-1),
		nats.ReconnectWait(100*time.Millisecond), nats.Timeout(timeout),
		nats.ReconnectHandler(func(c *nats.Conn) { reconnected <- c.ConnectedUrl() }))
	if err != nil {
		fail("connect", "%v", err)
	}
	defer nc.Close()
	if nc.ConnectedUrl() != url1 {
		fail("connect", "connected to %s, not %s", nc.ConnectedUrl(), url1)
	}
	ok("connect")
	wildcards(nc)
	queue(nc)
	request(nc)
	headers(nc)
	noResponders(nc)
	reconnect(nc, url2, reconnected)
}

func wildcards(nc *nats.Conn) {
	star, _ := nc.SubscribeSync("a.*")
	gt, _ := nc.SubscribeSync("a.>")
	must("wildcards", nc.Flush())
	must("wildcards", nc.Publish("a.b", []byte("1")))
	must("wildcards", nc.Publish("a.b.c", []byte("2")))
	must("wildcards", nc.Flush())
	expect(star, "a.b")
	expect(gt, "a.b", "a.b.c")
	star.Unsubscribe()
	gt.Unsubscribe()
	ok("wildcards")
}

// expect reads the given subjects in order, then checks nothing else arrives.
func expect(sub *nats.Subscription, subjects ...string) {
	for _, s := range subjects {
		m, err := sub.NextMsg(timeout)
		if err != nil {
			fail("wildcards", "%s: waiting for %s: %v", sub.Subject, s, err)
		}
		if m.Subject != s {
			fail("wildcards", "%s got %s, want %s", sub.Subject, m.Subject, s)
		}
	}
	if m, err := sub.NextMsg(200 * time.Millisecond); err == nil {
		fail("wildcards", "%s got an extra message on %s", sub.Subject, m.Subject)
	}
}

func queue(nc *nats.Conn) {
	const n = 100
	seen := make(chan string, 2*n)
	for i := 0; i < 2; i++ {
		_, err := nc.QueueSubscribe("q.work", "workers", func(m *nats.Msg) { seen <- string(m.Data) })
		must("queue", err)
	}
	must("queue", nc.Flush())
	for i := 0; i < n; i++ {
		must("queue", nc.Publish("q.work", []byte(fmt.Sprintf("m%d", i))))
	}
	must("queue", nc.Flush())
	got := map[string]int{}
	deadline := time.After(timeout)
	for len(got) < n {
		select {
		case s := <-seen:
			got[s]++
		case <-deadline:
			fail("queue", "%d of %d messages arrived", len(got), n)
		}
	}
	time.Sleep(200 * time.Millisecond)
	for len(seen) > 0 {
		got[<-seen]++
	}
	for k, v := range got {
		if v != 1 {
			fail("queue", "%s delivered %d times", k, v)
		}
	}
	ok("queue")
}

func request(nc *nats.Conn) {
	sub, err := nc.Subscribe("svc.echo", func(m *nats.Msg) { m.Respond(append([]byte("re:"), m.Data...)) })
	must("request", err)
	must("request", nc.Flush())
	reply, err := nc.Request("svc.echo", []byte("q"), timeout)
	must("request", err)
	if string(reply.Data) != "re:q" {
		fail("request", "reply %q", reply.Data)
	}
	sub.Unsubscribe()
	ok("request")
}

func headers(nc *nats.Conn) {
	sub, err := nc.SubscribeSync("h.test")
	must("headers", err)
	must("headers", nc.Flush())
	msg := nats.NewMsg("h.test")
	msg.Header.Set("X-Check", "one")
	msg.Header.Add("X-Multi", "a")
	msg.Header.Add("X-Multi", "b")
	msg.Data = []byte("body")
	must("headers", nc.PublishMsg(msg))
	m, err := sub.NextMsg(timeout)
	must("headers", err)
	if m.Header.Get("X-Check") != "one" || strings.Join(m.Header.Values("X-Multi"), ",") != "a,b" ||
		string(m.Data) != "body" {
		fail("headers", "got headers %v body %q", m.Header, m.Data)
	}
	sub.Unsubscribe()
	ok("headers")
}

func noResponders(nc *nats.Conn) {
	start := time.Now()
	_, err := nc.Request("nobody.home", []byte("q"), timeout)
	elapsed := time.Since(start)
	if !errors.Is(err, nats.ErrNoResponders) {
		fail("no-responders", "got %v after %v, want %v", err, elapsed, nats.ErrNoResponders)
	}
	if elapsed > 2*time.Second {
		fail("no-responders", "took %v", elapsed)
	}
	ok("no-responders")
}

func reconnect(nc *nats.Conn, url2 string, reconnected chan string) {
	sub, err := nc.SubscribeSync("r.after")
	must("reconnect", err)
	must("reconnect", nc.Flush())
	fmt.Println("READY-FOR-KILL")
	select {
	case u := <-reconnected:
		if u != url2 {
			fail("reconnect", "reconnected to %s, not %s", u, url2)
		}
	case <-time.After(30 * time.Second):
		fail("reconnect", "no reconnect within 30s (status %v)", nc.Status())
	}
	// The subscription made on node 1 is replayed on node 2.
	must("reconnect", nc.Publish("r.after", []byte("again")))
	m, err := sub.NextMsg(timeout)
	must("reconnect", err)
	if string(m.Data) != "again" {
		fail("reconnect", "got %q", m.Data)
	}
	ok("reconnect")
}

func must(check string, err error) {
	if err != nil {
		fail(check, "%v", err)
	}
}
