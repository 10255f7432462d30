/*
 * fuzz_serve.c: libFuzzer target for the dashboard's request handling.
 *
 * One server is started on a free loopback port over a small store (made
 * through the ingest API) and a web folder with a secret file beside it.
 * Each input becomes one request: its first byte picks an endpoint or a
 * static path, the rest is percent-encoded into the query string (so every
 * byte reaches the parameter parsers, decoded) or into the path.  The
 * answer must be a well-formed HTTP status, never 500, and never the secret.
 */
#include "deeds.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static unsigned port;
static deeds_server *server;
static char dir[] = "/tmp/deeds-fuzz-serve-XXXXXX";

static void clean_up(void)
{
    deeds_serve_stop(server);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_serve: could not remove %s\n", dir);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
}

static void make_store(const char *db)
{
    static const char *const lines[] = {
        "{\"doc\":\"a1\",\"sent\":0,\"date\":\"2018-06-12\",\"source\":\"USAGOV\",\"target\":\"PRKGOV\","
        "\"code\":\"043\",\"mode\":\"asserted\",\"sentence\":\"Trump met Kim Jong Un in Singapore.\","
        "\"source_text\":\"Trump\",\"target_text\":\"Kim Jong Un\",\"verb_text\":\"met\"}",
        "{\"doc\":\"a2\",\"sent\":0,\"date\":\"2018-08-01\",\"source\":\"USAGOV\",\"target\":\"PRKGOV\","
        "\"code\":\"163\",\"mode\":\"asserted\",\"sentence\":\"Washington imposed sanctions over Yongbyon.\","
        "\"source_text\":\"Washington\",\"target_text\":\"Yongbyon\",\"verb_text\":\"imposed sanctions\"}",
    };
    deeds_diag diag = { 0 };
    deeds_store *st = deeds_store_open(db, 1, &diag);
    deeds_ingest *g = st ? deeds_ingest_begin(st, 0, &diag) : NULL;
    if (!g)
        abort();
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        deeds_ingest_line(g, lines[i], strlen(lines[i]), "fuzz", (long)i + 1);
    if (deeds_ingest_end(g, NULL) != 0)
        abort();
    deeds_store_close(st);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    char db[128], web[128], path[192];
    snprintf(db, sizeof db, "%s/store.db", dir);
    snprintf(web, sizeof web, "%s/web", dir);
    mkdir(web, 0755);
    snprintf(path, sizeof path, "%s/index.html", web);
    write_text(path, "<!doctype html><title>fuzz</title>\n");
    snprintf(path, sizeof path, "%s/secret.txt", dir);
    /* A control byte that JSON errors always escape: an answer that echoes
     * the request's words back cannot hold it, only the file itself. */
    write_text(path, "SECRET\001FILE\n");
    make_store(db);
    deeds_serve_options o = { .db = db, .web_root = web, .port = 0, .threads = 2 };
    deeds_diag diag = { 0 };
    server = deeds_serve_start(&o, &diag);
    if (!server)
        abort();
    port = deeds_serve_port(server);
    atexit(clean_up);
    return 0;
}

static const char *const targets[] = {
    "/api/series?", "/api/events?", "/api/judge?", "/api/alignment?", "/api/codes?",
    "/api/info?", "/api/forecast?", "/", "/api/",
};

static void append_encoded(char *out, size_t *n, size_t cap, const uint8_t *s, size_t len,
                           int keep_query_syntax)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len && *n + 4 < cap; i++) {
        uint8_t c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            (keep_query_syntax && (c == '=' || c == '&')) || c == '-' || c == '.') {
            out[(*n)++] = (char)c;
        } else {
            out[(*n)++] = '%';
            out[(*n)++] = hex[c >> 4];
            out[(*n)++] = hex[c & 15];
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *target = targets[data[0] % (sizeof targets / sizeof targets[0])];
    char req[16384];
    size_t n = (size_t)snprintf(req, sizeof req, "GET %s", target);
    int query = target[strlen(target) - 1] == '?';
    append_encoded(req, &n, sizeof req - 64, data + 1, size - 1, query);
    n += (size_t)snprintf(req + n, sizeof req - n, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval wait = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
        abort();
    if (send(fd, req, n, MSG_NOSIGNAL) != (ssize_t)n)
        abort();
    char buf[1 << 16];
    size_t have = 0;
    ssize_t got;
    while (have < sizeof buf - 1 && (got = recv(fd, buf + have, sizeof buf - 1 - have, 0)) > 0)
        have += (size_t)got;
    close(fd);
    buf[have] = '\0';
    int status = 0;
    if (sscanf(buf, "HTTP/1.1 %d", &status) != 1 || status < 200 || status == 500)
        abort();   /* no answer, or the server failed on input it should refuse */
    if (strstr(buf, "SECRET\001FILE"))
        abort();
    return 0;
}
