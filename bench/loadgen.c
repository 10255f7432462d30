/*
 * loadgen.c: a small HTTP load generator for `make bench` (bench/serve.sh).
 *
 *   loadgen PORT SECONDS CONNECTIONS PATH [PATH...]
 *
 * Opens CONNECTIONS keep-alive connections to 127.0.0.1:PORT (loopback
 * only, by construction), each on its own thread, and sends GET requests
 * one after another for SECONDS (at most 10 million requests in all),
 * cycling through the PATHs.  Prints one line: requests, requests/s, the
 * 50th and 99th percentile and the longest latency, and how many answers
 * were not 200.  Exits 1 when a connection fails.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS 10000000L

typedef struct worker {
    pthread_t thread;
    int port, npaths, first_path;
    char **paths;
    double seconds;
    double *latency;      /* seconds of each request */
    long n, cap, not_ok;
    int failed;
} worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int connect_loopback(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Reads one response (headers, then Content-Length bytes); its status, or
 * -1 when the connection broke. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have + 1 >= cap)
            return -1;
        ssize_t n = recv(fd, buf + have, cap - 1 - have, 0);
        if (n <= 0)
            return -1;
        have += (size_t)n;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    int status = 0;
    sscanf(buf, "HTTP/1.1 %d", &status);
    long body = 0;
    for (char *p = buf; p && p < end; p = strstr(p, "\r\n")) {
        p += 2;
        if (!strncasecmp(p, "Content-Length:", 15))
            body = atol(p + 15);
    }
    long left = body - (long)(have - (size_t)(end + 4 - buf));
    while (left > 0) {
        ssize_t n = recv(fd, buf, cap < (size_t)left ? cap : (size_t)left, 0);
        if (n <= 0)
            return -1;
        left -= n;
    }
    return status;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    int fd = connect_loopback(w->port);
    if (fd < 0) {
        w->failed = 1;
        return NULL;
    }
    size_t cap = 1 << 20;
    char *buf = malloc(cap), req[2048];
    double stop = now() + w->seconds;
    for (long i = 0; now() < stop && w->n < MAX_REQUESTS; i++) {
        const char *path = w->paths[(w->first_path + i) % w->npaths];
        int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
        double t0 = now();
        if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
            w->failed = 1;
            break;
        }
        int status = read_response(fd, buf, cap);
        if (status < 0) {
            w->failed = 1;
            break;
        }
        if (w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 65536;
            w->latency = realloc(w->latency, (size_t)w->cap * sizeof *w->latency);
        }
        w->latency[w->n++] = now() - t0;
        w->not_ok += status != 200;
    }
    free(buf);
    close(fd);
    return NULL;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: loadgen PORT SECONDS CONNECTIONS PATH [PATH...]\n", stderr);
        return 2;
    }
    int port = atoi(argv[1]), conns = atoi(argv[3]);
    double seconds = atof(argv[2]);
    if (port <= 0 || conns <= 0 || conns > 256 || seconds <= 0 || seconds > 120) {
        fputs("loadgen: PORT 1-65535, SECONDS up to 120, CONNECTIONS 1-256\n", stderr);
        return 2;
    }
    worker *w = calloc((size_t)conns, sizeof *w);
    double t0 = now();
    for (int i = 0; i < conns; i++) {
        w[i] = (worker){ .port = port, .paths = argv + 4, .npaths = argc - 4,
                         .first_path = i, .seconds = seconds };
        pthread_create(&w[i].thread, NULL, run_worker, &w[i]);
    }
    long total = 0, not_ok = 0;
    int failed = 0;
    for (int i = 0; i < conns; i++) {
        pthread_join(w[i].thread, NULL);
        total += w[i].n;
        not_ok += w[i].not_ok;
        failed |= w[i].failed;
    }
    double elapsed = now() - t0;
    double *all = malloc((size_t)(total ? total : 1) * sizeof *all);
    long k = 0;
    for (int i = 0; i < conns; i++) {
        memcpy(all + k, w[i].latency, (size_t)w[i].n * sizeof *all);
        k += w[i].n;
        free(w[i].latency);
    }
    qsort(all, (size_t)total, sizeof *all, compare_doubles);
    if (total)
        printf("%ld requests in %.1f s on %d connections: %.0f requests/s; latency p50 %.2f ms, "
               "p99 %.2f ms, max %.2f ms; %ld not 200\n", total, elapsed, conns, total / elapsed,
               all[total / 2] * 1e3, all[(long)(total * 0.99)] * 1e3, all[total - 1] * 1e3, not_ok);
    free(all);
    free(w);
    if (failed || !total) {
        fputs("loadgen: a connection failed\n", stderr);
        return 1;
    }
    return 0;
}
