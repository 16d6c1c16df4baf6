// One slow consumer among many fast ones (docs/reliability.md, "Slow consumers").
//
// Starts the server given as arguments (adds -c CONFIG -p PORT -a 127.0.0.1; the config sets max_pending to
// MAX_PENDING bytes, default 1 MB, and nothing else), with SUBS fast raw-socket subscribers on one subject. Two runs
// of SECONDS each, one publisher sending SIZE-byte messages as fast as the server takes them: first without, then
// with one more subscriber that never reads (4 KB receive buffer). Prints each run's per-subscriber rate (the
// slowest and the median fast subscriber), whether the slow one was cut, what it read before EOF (an -ERR or not)
// and the server's slow-consumer log line.
//
//	go run perf/scripts/slowconsumer/slowconsumer.go ./jnatsd        # or: ... nats-server
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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
		if n, err := strconv.Atoi(v); err == nil {
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

func dial(addr string) (net.Conn, *bufio.Reader) {
	for i := 0; i < 600; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			r := bufio.NewReaderSize(c, 64*1024)
			l, err := r.ReadString('\n')
			if err == nil && strings.HasPrefix(l, "INFO") {
				return c, r
			}
			c.Close()
		}
		time.Sleep(50 * time.Millisecond)
	}
	panic("no INFO from " + addr)
}

// sync sends PING and reads up to the PONG, counting MSGs on the way.
func subscribe(addr, subject string) (net.Conn, *bufio.Reader) {
	c, r := dial(addr)
	c.Write([]byte("CONNECT {\"verbose\":false}\r\nSUB " + subject + " 1\r\nPING\r\n"))
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			panic(err)
		}
		if strings.HasPrefix(l, "PONG") {
			return c, r
		}
	}
}

type fast struct {
	c     net.Conn
	r     *bufio.Reader
	count int64
}

// read counts MSGs until the connection closes; each MSG's payload is skipped by its size.
func (f *fast) read(size int, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		l, err := f.r.ReadSlice('\n')
		if err != nil {
			return
		}
		if bytes.HasPrefix(l, []byte("MSG ")) {
			f.r.Discard(size + 2)
			atomic.AddInt64(&f.count, 1)
		} else if bytes.HasPrefix(l, []byte("PING")) {
			f.c.Write([]byte("PONG\r\n"))
		}
	}
}

// publish sends as fast as the server reads for the given time; returns messages sent.
func publish(addr, subject string, size int, d time.Duration) int64 {
	c, r := dial(addr)
	defer c.Close()
	c.Write([]byte("CONNECT {\"verbose\":false}\r\n"))
	go io.Copy(io.Discard, r)
	msg := []byte(fmt.Sprintf("PUB %s %d\r\n%s\r\n", subject, size, strings.Repeat("x", size)))
	batch := bytes.Repeat(msg, 64*1024/len(msg)+1)
	per := int64(64*1024/len(msg) + 1)
	var sent int64
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if _, err := c.Write(batch); err != nil {
			break
		}
		sent += per
	}
	return sent
}

func run(addr string, subs, size int, d time.Duration, withSlow bool) (sent int64, counts []int64, slow net.Conn) {
	subject := "sc.fan"
	fs := make([]*fast, subs)
	var wg sync.WaitGroup
	for i := range fs {
		c, r := subscribe(addr, subject)
		fs[i] = &fast{c: c, r: r}
		wg.Add(1)
		go fs[i].read(size, &wg)
	}
	if withSlow {
		d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
			return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		}}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			panic(err)
		}
		c.Write([]byte("CONNECT {\"verbose\":false}\r\nSUB " + subject + " 1\r\n"))
		slow = c
		time.Sleep(200 * time.Millisecond)
	}
	before := make([]int64, subs)
	sent = publish(addr, subject, size, d)
	// what the fast ones got while the publisher ran, plus what was queued: wait until they stop growing
	for {
		total := int64(0)
		for i, f := range fs {
			n := atomic.LoadInt64(&f.count)
			total += n - before[i]
			before[i] = n
		}
		if total == 0 {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	counts = make([]int64, subs)
	for i, f := range fs {
		counts[i] = atomic.LoadInt64(&f.count)
		f.c.Close()
	}
	wg.Wait()
	return sent, counts, slow
}

func report(name string, sent int64, counts []int64, d time.Duration) {
	sort.Slice(counts, func(a, b int) bool { return counts[a] < counts[b] })
	min, med := counts[0], counts[len(counts)/2]
	fmt.Printf("%s: published=%d per-subscriber min=%d (%.0f msgs/s) median=%d (%.0f msgs/s) all-received=%v\n",
		name, sent, min, float64(min)/d.Seconds(), med, float64(med)/d.Seconds(), min == sent)
}

func main() {
	subs := envInt("SUBS", 100)
	secs := envInt("SECONDS", 5)
	size := envInt("SIZE", 128)
	maxPending := envInt("MAX_PENDING", 1<<20)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: slowconsumer SERVER-COMMAND [ARGS...]")
		os.Exit(2)
	}
	dir, _ := os.MkdirTemp("", "slowconsumer")
	defer os.RemoveAll(dir)
	conf := dir + "/server.conf"
	os.WriteFile(conf, []byte(fmt.Sprintf("max_pending: %d\n", maxPending)), 0o644)
	logPath := dir + "/server.log"
	logFile, _ := os.Create(logPath)
	port := freePort()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := append(os.Args[2:], "-c", conf, "-p", strconv.Itoa(port), "-a", "127.0.0.1")
	cmd := exec.Command(os.Args[1], args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	c, _ := dial(addr)
	c.Close()
	time.Sleep(3 * time.Second)
	d := time.Duration(secs) * time.Second

	sent, counts, _ := run(addr, subs, size, d, false)
	report("without slow consumer", sent, counts, d)
	sent, counts, slow := run(addr, subs, size, d, true)
	report("with slow consumer   ", sent, counts, d)

	slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(slow)
	cut := err == nil // EOF: the server closed it
	idx := bytes.Index(got, []byte("-ERR"))
	errLine := "none"
	if idx >= 0 {
		end := bytes.IndexByte(got[idx:], '\n')
		errLine = strings.TrimSpace(string(got[idx : idx+end]))
	}
	fmt.Printf("slow consumer: cut=%v read_before_eof=%d bytes -ERR=%s\n", cut, len(got), errLine)
	logged, _ := os.ReadFile(logPath)
	for _, l := range strings.Split(string(logged), "\n") {
		if strings.Contains(l, "Slow Consumer") {
			fmt.Println("server log:", l[strings.Index(l, "["):])
		}
	}
}
