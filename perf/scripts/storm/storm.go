// Connection storm against any NATS server (docs/reliability.md, "Many connections").
//
// Starts the server given as arguments on a free loopback port (adds -p PORT -a 127.0.0.1), waits for its INFO and
// SETTLE seconds, then opens CONNS raw-socket clients as fast as WORKERS dialers can, each sending
// CONNECT + SUB storm.<i> + PING; the storm time runs until the last PONG. Meanwhile a fresh probe client connects
// every 100 ms (CONNECT + PING, timed to its PONG): the server must serve it during the storm. Then one publisher sends
// one message to each subject and the delivery time runs until every client has its MSG. RSS (VmRSS and the peak,
// VmHWM) is read after delivery and again AFTER seconds later.
//
//	ulimit -n 25000; CONNS=10000 go run perf/scripts/storm/storm.go ./jnatsd      # or: ... nats-server
//
// Raw sockets and goroutines: the Go runtime's poller keeps the client's own CPU small on a 2-core box.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func envInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			return n
		}
	}
	return def
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func procStatus(pid int, key string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+":") {
			f := strings.Fields(l)
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return -1
}

// cpuSeconds is the process's user + system CPU time so far (clock ticks of 10 ms).
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	u, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return float64(u+st) / 100
}

// waitInfo waits for the server's INFO (./jnatsd execs java, so the child's pid is the server's).
func waitInfo(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			buf := make([]byte, 4)
			_, err = c.Read(buf)
			c.Close()
			if err == nil && string(buf) == "INFO" {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no INFO from %s", addr)
}

// probe connects a fresh client and returns the time from dial to the PONG of its CONNECT + PING.
func probe(addr string) (time.Duration, error) {
	t0 := time.Now()
	c, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	if _, err = r.ReadString('\n'); err != nil {
		return 0, err
	}
	if _, err = c.Write([]byte("CONNECT {\"verbose\":false}\r\nPING\r\n")); err != nil {
		return 0, err
	}
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			return 0, err
		}
		if strings.HasPrefix(l, "PONG") {
			return time.Since(t0), nil
		}
	}
}

func main() {
	conns := envInt("CONNS", 10000)
	workers := envInt("WORKERS", 50)
	settle := envInt("SETTLE", 5)
	after := envInt("AFTER", 5)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: storm SERVER-COMMAND [ARGS...]")
		os.Exit(2)
	}
	port := freePort()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := append(os.Args[2:], "-p", strconv.Itoa(port), "-a", "127.0.0.1")
	cmd := exec.Command(os.Args[1], args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	if err := waitInfo(addr, 60*time.Second); err != nil {
		fmt.Println(err)
		return
	}
	time.Sleep(time.Duration(settle) * time.Second)
	pid := cmd.Process.Pid
	rssBefore := procStatus(pid, "VmRSS")

	var ponged, delivered, failed int64
	var pongWg, msgWg sync.WaitGroup
	pongWg.Add(conns)
	msgWg.Add(conns)
	sockets := make([]net.Conn, conns)
	reader := func(i int, c net.Conn) {
		r := bufio.NewReaderSize(c, 512)
		gotPong := false
		for {
			l, err := r.ReadSlice('\n')
			if err != nil {
				if !gotPong {
					atomic.AddInt64(&failed, 1)
					pongWg.Done()
				}
				msgWg.Done()
				return
			}
			if !gotPong && bytes.HasPrefix(l, []byte("PONG")) {
				gotPong = true
				atomic.AddInt64(&ponged, 1)
				pongWg.Done()
			} else if bytes.HasPrefix(l, []byte("MSG ")) {
				r.Discard(7) // "hello\r\n"
				atomic.AddInt64(&delivered, 1)
				msgWg.Done()
				// stay open, idle, until the end
				r.ReadSlice('\n')
				return
			} else if bytes.HasPrefix(l, []byte("PING")) {
				c.Write([]byte("PONG\r\n"))
			}
		}
	}

	var probes []time.Duration
	var probeErrs int
	stormDone := make(chan struct{})
	probeDone := make(chan struct{})
	go func() {
		defer close(probeDone)
		for {
			select {
			case <-stormDone:
				return
			default:
			}
			d, err := probe(addr)
			if err != nil {
				probeErrs++
			} else {
				probes = append(probes, d)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()

	cpu0 := cpuSeconds(pid)
	t0 := time.Now()
	var next int64 = -1
	var dialWg sync.WaitGroup
	for w := 0; w < workers; w++ {
		dialWg.Add(1)
		go func() {
			defer dialWg.Done()
			for {
				i := int(atomic.AddInt64(&next, 1))
				if i >= conns {
					return
				}
				c, err := net.DialTimeout("tcp", addr, 60*time.Second)
				if err != nil {
					atomic.AddInt64(&failed, 1)
					pongWg.Done()
					msgWg.Done()
					continue
				}
				sockets[i] = c
				c.Write([]byte(fmt.Sprintf("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB storm.%d %d\r\nPING\r\n", i, i)))
				go reader(i, c)
			}
		}()
	}
	dialWg.Wait()
	pongWg.Wait()
	storm := time.Since(t0)
	cpuStorm := cpuSeconds(pid) - cpu0
	close(stormDone)
	<-probeDone
	rssStorm := procStatus(pid, "VmRSS")

	pub, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	pr := bufio.NewReader(pub)
	pr.ReadString('\n')
	pub.Write([]byte("CONNECT {\"verbose\":false}\r\nPING\r\n"))
	pr.ReadString('\n')
	var out bytes.Buffer
	for i := 0; i < conns; i++ {
		fmt.Fprintf(&out, "PUB storm.%d 5\r\nhello\r\n", i)
	}
	out.WriteString("PING\r\n")
	cpu1 := cpuSeconds(pid)
	t1 := time.Now()
	pub.Write(out.Bytes())
	msgWg.Wait()
	delivery := time.Since(t1)
	cpuDelivery := cpuSeconds(pid) - cpu1
	rssDelivered := procStatus(pid, "VmRSS")
	time.Sleep(time.Duration(after) * time.Second)
	rssAfter := procStatus(pid, "VmRSS")
	hwm := procStatus(pid, "VmHWM")

	sort.Slice(probes, func(a, b int) bool { return probes[a] < probes[b] })
	p50, pmax := time.Duration(0), time.Duration(0)
	if len(probes) > 0 {
		p50 = probes[len(probes)/2]
		pmax = probes[len(probes)-1]
	}
	fmt.Printf("conns=%d ponged=%d delivered=%d failed=%d storm=%.2fs delivery=%.3fs "+
		"server_cpu_storm=%.2fs server_cpu_delivery=%.2fs "+
		"probes=%d probe_errors=%d probe_p50=%.1fms probe_max=%.1fms "+
		"rss_before=%dMB rss_storm=%dMB rss_delivered=%dMB rss_after=%dMB rss_peak=%dMB\n",
		conns, ponged, delivered, failed, storm.Seconds(), delivery.Seconds(), cpuStorm, cpuDelivery,
		len(probes), probeErrs, float64(p50.Microseconds())/1000, float64(pmax.Microseconds())/1000,
		rssBefore, rssStorm, rssDelivered, rssAfter, hwm)
	for _, c := range sockets {
		if c != nil {
			c.Close()
		}
	}
	pub.Close()
}
