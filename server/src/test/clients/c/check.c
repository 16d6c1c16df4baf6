/*
 * The client interop scenario with the official NATS C client (libnats, Debian's libnats-dev) against the
 * servers given as arguments: URL of node 1, URL of node 2 of a 2-node cluster. Prints one line per check
 * ("ok <check>") and exits 1 on the first failure ("FAIL <check>: <why>"). Before the reconnect check it
 * prints READY-FOR-KILL and waits (bounded) until the test has stopped node 1 and the client has reconnected
 * to node 2. Run by CClientInteropIT; build: gcc -o check check.c -lnats
 */
#include <nats/nats.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 5000
#define QUEUE_N 100

static int reconnects;
static char reconnectedUrl[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int queueSeen[QUEUE_N];
static int queueTotal;

static void fail(const char *check, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL %s: ", check);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    exit(1);
}

static void ok(const char *check)
{
    printf("ok %s\n", check);
    fflush(stdout);
}

static void must(const char *check, natsStatus s)
{
    if (s != NATS_OK)
    {
        fail(check, "%s (%s)", natsStatus_GetText(s), nats_GetLastError(NULL));
    }
}

static void onReconnected(natsConnection *nc, void *closure)
{
    (void) closure;
    pthread_mutex_lock(&lock);
    natsConnection_GetConnectedUrl(nc, reconnectedUrl, sizeof(reconnectedUrl));
    reconnects++;
    pthread_mutex_unlock(&lock);
}

/* Reads the given subjects in order from sub, then checks nothing else arrives. */
static void expect(natsSubscription *sub, const char *name, int count, const char **subjects)
{
    natsMsg *m = NULL;
    for (int i = 0; i < count; i++)
    {
        natsStatus s = natsSubscription_NextMsg(&m, sub, TIMEOUT_MS);
        if (s != NATS_OK)
        {
            fail("wildcards", "%s: waiting for %s: %s", name, subjects[i], natsStatus_GetText(s));
        }
        if (strcmp(natsMsg_GetSubject(m), subjects[i]) != 0)
        {
            fail("wildcards", "%s got %s, want %s", name, natsMsg_GetSubject(m), subjects[i]);
        }
        natsMsg_Destroy(m);
    }
    if (natsSubscription_NextMsg(&m, sub, 200) == NATS_OK)
    {
        fail("wildcards", "%s got an extra message on %s", name, natsMsg_GetSubject(m));
    }
}

static void wildcards(natsConnection *nc)
{
    natsSubscription *star = NULL;
    natsSubscription *gt = NULL;
    must("wildcards", natsConnection_SubscribeSync(&star, nc, "a.*"));
    must("wildcards", natsConnection_SubscribeSync(&gt, nc, "a.>"));
    must("wildcards", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    must("wildcards", natsConnection_PublishString(nc, "a.b", "1"));
    must("wildcards", natsConnection_PublishString(nc, "a.b.c", "2"));
    must("wildcards", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    const char *one[] = {"a.b"};
    const char *both[] = {"a.b", "a.b.c"};
    expect(star, "a.*", 1, one);
    expect(gt, "a.>", 2, both);
    natsSubscription_Destroy(star);
    natsSubscription_Destroy(gt);
    ok("wildcards");
}

static void onQueueMsg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) nc;
    (void) sub;
    (void) closure;
    int i = atoi(natsMsg_GetData(msg));
    pthread_mutex_lock(&lock);
    if (i >= 0 && i < QUEUE_N)
    {
        queueSeen[i]++;
    }
    queueTotal++;
    pthread_mutex_unlock(&lock);
    natsMsg_Destroy(msg);
}

static void queue(natsConnection *nc)
{
    natsSubscription *subs[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++)
    {
        must("queue", natsConnection_QueueSubscribe(&subs[i], nc, "q.work", "workers", onQueueMsg, NULL));
    }
    must("queue", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    char buf[16];
    for (int i = 0; i < QUEUE_N; i++)
    {
        snprintf(buf, sizeof(buf), "%d", i);
        must("queue", natsConnection_PublishString(nc, "q.work", buf));
    }
    must("queue", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    int total = 0;
    for (int waited = 0; waited < TIMEOUT_MS; waited += 20)
    {
        pthread_mutex_lock(&lock);
        total = queueTotal;
        pthread_mutex_unlock(&lock);
        if (total >= QUEUE_N)
        {
            break;
        }
        nats_Sleep(20);
    }
    nats_Sleep(200);
    pthread_mutex_lock(&lock);
    for (int i = 0; i < QUEUE_N; i++)
    {
        if (queueSeen[i] != 1)
        {
            fail("queue", "message %d delivered %d times (%d deliveries in all)", i, queueSeen[i], queueTotal);
        }
    }
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < 2; i++)
    {
        natsSubscription_Unsubscribe(subs[i]);
        natsSubscription_Destroy(subs[i]);
    }
    ok("queue");
}

static void onRequest(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) sub;
    (void) closure;
    char buf[64];
    snprintf(buf, sizeof(buf), "re:%.*s", natsMsg_GetDataLength(msg), natsMsg_GetData(msg));
    natsConnection_PublishString(nc, natsMsg_GetReply(msg), buf);
    natsMsg_Destroy(msg);
}

static void request(natsConnection *nc)
{
    natsSubscription *sub = NULL;
    natsMsg *reply = NULL;
    must("request", natsConnection_Subscribe(&sub, nc, "svc.echo", onRequest, NULL));
    must("request", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    must("request", natsConnection_RequestString(&reply, nc, "svc.echo", "q", TIMEOUT_MS));
    if (natsMsg_GetDataLength(reply) != 4 || strncmp(natsMsg_GetData(reply), "re:q", 4) != 0)
    {
        fail("request", "reply '%.*s'", natsMsg_GetDataLength(reply), natsMsg_GetData(reply));
    }
    natsMsg_Destroy(reply);
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    ok("request");
}

static void headers(natsConnection *nc)
{
    natsSubscription *sub = NULL;
    natsMsg *out = NULL;
    natsMsg *in = NULL;
    const char *value = NULL;
    const char **values = NULL;
    int count = 0;
    must("headers", natsConnection_SubscribeSync(&sub, nc, "h.test"));
    must("headers", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    must("headers", natsMsg_Create(&out, "h.test", NULL, "body", 4));
    must("headers", natsMsgHeader_Set(out, "X-Check", "one"));
    must("headers", natsMsgHeader_Add(out, "X-Multi", "a"));
    must("headers", natsMsgHeader_Add(out, "X-Multi", "b"));
    must("headers", natsConnection_PublishMsg(nc, out));
    must("headers", natsSubscription_NextMsg(&in, sub, TIMEOUT_MS));
    must("headers", natsMsgHeader_Get(in, "X-Check", &value));
    if (strcmp(value, "one") != 0)
    {
        fail("headers", "X-Check: %s", value);
    }
    must("headers", natsMsgHeader_Values(in, "X-Multi", &values, &count));
    if (count != 2 || strcmp(values[0], "a") != 0 || strcmp(values[1], "b") != 0)
    {
        fail("headers", "X-Multi has %d values", count);
    }
    if (natsMsg_GetDataLength(in) != 4 || strncmp(natsMsg_GetData(in), "body", 4) != 0)
    {
        fail("headers", "body '%.*s'", natsMsg_GetDataLength(in), natsMsg_GetData(in));
    }
    free((void *) values);
    natsMsg_Destroy(out);
    natsMsg_Destroy(in);
    natsSubscription_Destroy(sub);
    ok("headers");
}

static void noResponders(natsConnection *nc)
{
    natsMsg *reply = NULL;
    int64_t start = nats_Now();
    natsStatus s = natsConnection_RequestString(&reply, nc, "nobody.home", "q", TIMEOUT_MS);
    int64_t elapsed = nats_Now() - start;
    if (s != NATS_NO_RESPONDERS)
    {
        fail("no-responders", "got %s after %lld ms, want %s", natsStatus_GetText(s), (long long) elapsed,
            natsStatus_GetText(NATS_NO_RESPONDERS));
    }
    if (elapsed > 2000)
    {
        fail("no-responders", "took %lld ms", (long long) elapsed);
    }
    ok("no-responders");
}

static void reconnect(natsConnection *nc, const char *url2)
{
    natsSubscription *sub = NULL;
    natsMsg *m = NULL;
    must("reconnect", natsConnection_SubscribeSync(&sub, nc, "r.after"));
    must("reconnect", natsConnection_FlushTimeout(nc, TIMEOUT_MS));
    printf("READY-FOR-KILL\n");
    fflush(stdout);
    int done = 0;
    for (int waited = 0; waited < 30000 && !done; waited += 20)
    {
        nats_Sleep(20);
        pthread_mutex_lock(&lock);
        done = reconnects > 0;
        pthread_mutex_unlock(&lock);
    }
    if (!done)
    {
        fail("reconnect", "no reconnect within 30s (status %d)", (int) natsConnection_Status(nc));
    }
    pthread_mutex_lock(&lock);
    if (strcmp(reconnectedUrl, url2) != 0)
    {
        fail("reconnect", "reconnected to %s, not %s", reconnectedUrl, url2);
    }
    pthread_mutex_unlock(&lock);
    /* The subscription made on node 1 is replayed on node 2. */
    must("reconnect", natsConnection_PublishString(nc, "r.after", "again"));
    must("reconnect", natsSubscription_NextMsg(&m, sub, TIMEOUT_MS));
    if (natsMsg_GetDataLength(m) != 5 || strncmp(natsMsg_GetData(m), "again", 5) != 0)
    {
        fail("reconnect", "got '%.*s'", natsMsg_GetDataLength(m), natsMsg_GetData(m));
    }
    natsMsg_Destroy(m);
    natsSubscription_Destroy(sub);
    ok("reconnect");
}

int main(int argc, char **argv)
{
    if (argc != 3)
    {
        printf("usage: check NODE1_URL NODE2_URL\n");
        return 2;
    }
    const char *servers[] = {argv[1], argv[2]};
    natsOptions *opts = NULL;
    natsConnection *nc = NULL;
    char url[256];
    must("connect", natsOptions_Create(&opts));
    must("connect", natsOptions_SetServers(opts, servers, 2));
    must("connect", natsOptions_SetNoRandomize(opts, true));
    must("connect", natsOptions_SetMaxReconnect(opts, -1));
    must("connect", natsOptions_SetReconnectWait(opts, 100));
    must("connect", natsOptions_SetTimeout(opts, TIMEOUT_MS));
    must("connect", natsOptions_SetReconnectedCB(opts, onReconnected, NULL));
    must("connect", natsConnection_Connect(&nc, opts));
    must("connect", natsConnection_GetConnectedUrl(nc, url, sizeof(url)));
    if (strcmp(url, argv[1]) != 0)
    {
        fail("connect", "connected to %s, not %s", url, argv[1]);
    }
    ok("connect");
    wildcards(nc);
    queue(nc);
    request(nc);
    headers(nc);
    noResponders(nc);
    reconnect(nc, argv[2]);
    natsConnection_Destroy(nc);
    natsOptions_Destroy(opts);
    nats_Close();
    return 0;
}
