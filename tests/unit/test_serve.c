/* test_serve.c: the dashboard's HTTP API, asked over a real socket.  A
 * server is started on a free loopback port over a store built from
 * hand-made events, with a web folder that has a secret file beside it; the
 * tests check status codes, JSON bodies, validation (400), unknown paths
 * (404), size limits (413), methods (405), path traversal, headers (types,
 * caching, ETag/304) and the access log. */
#include "testutil.h"
#include "json.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <regex.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];         /* holds store.db, web/, secret.txt, access.log */
    char db[128], web[128], log_path[128], scenario[128];
    FILE *log;
    deeds_server *srv;
    unsigned port;
    deeds_buf diag_text;
    deeds_diag diag;
} fixture;

static fixture fx;

/* ---------------------------------------------------------------- client */

typedef struct response {
    int status;
    deeds_buf head, body;
} response;

static void response_free(response *r)
{
    deeds_buf_free(&r->head);
    deeds_buf_free(&r->body);
}

/* Sends raw (a whole request) on a new connection, reads to EOF (every
 * request here says Connection: close) and splits status, head, body. */
static response send_raw(const char *raw, size_t len)
{
    response r = { 0 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)fx.port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, raw + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break;   /* the server may answer (413) and close before all is sent */
        sent += (size_t)n;
    }
    deeds_buf all = { 0 };
    char chunk[4096];
    ssize_t n;
    while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0)
        deeds_buf_append(&all, chunk, (size_t)n);
    close(fd);
    assert_non_null(all.data);
    const char *end = strstr(all.data, "\r\n\r\n");
    assert_non_null(end);
    deeds_buf_append(&r.head, all.data, (size_t)(end - all.data) + 2);
    deeds_buf_append(&r.body, end + 4, all.len - (size_t)(end + 4 - all.data));
    assert_int_equal(sscanf(all.data, "HTTP/1.1 %d", &r.status), 1);
    deeds_buf_free(&all);
    return r;
}

static response request(const char *method, const char *target, const char *extra_headers)
{
    deeds_buf raw = { 0 };
    deeds_buf_printf(&raw, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                     method, target, extra_headers ? extra_headers : "");
    response r = send_raw(raw.data, raw.len);
    deeds_buf_free(&raw);
    return r;
}

static response get(const char *target)
{
    return request("GET", target, NULL);
}

/* The value of a header (case-insensitive name), "" when absent. */
static const char *header(const response *r, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *p = r->head.data; (p = strstr(p, "\r\n")); ) {
        p += 2;
        if (!strncasecmp(p, name, n) && p[n] == ':') {
            p += n + 1;
            while (*p == ' ')
                p++;
            size_t len = strcspn(p, "\r");
            snprintf(out, cap, "%.*s", (int)(len < cap ? len : cap - 1), p);
            break;
        }
    }
    return out;
}

static const json_value *parse_json(json_parser *p, const response *r)
{
    json_error err;
    const json_value *v = json_parse(p, r->body.data ? r->body.data : "", r->body.len, &err);
    if (!v)
        fail_msg("not JSON (%s): %s", err.message, r->body.data);
    return v;
}

/* A 400 whose JSON error names the parameter. */
static void expect_bad(const char *target, const char *param)
{
    response r = get(target);
    if (r.status != 400)
        fail_msg("%s: expected 400, got %d: %s", target, r.status, r.body.data);
    json_parser *p = json_parser_new();
    const json_value *v = parse_json(p, &r);
    const json_value *e = json_object_get(v, "error"), *k = json_object_get(v, "parameter");
    assert_non_null(e);
    assert_true(e->type == JSON_STRING && e->len > 10);
    assert_non_null(k);
    assert_string_equal(k->u.str, param);
    json_parser_free(p);
    response_free(&r);
}

/* ------------------------------------------------------------ the events */

typedef struct hand_event {
    int sent;   /* the sentence's index in its article */
    const char *date, *source, *target, *code, *sentence, *source_text, *target_text,
               *verb_text, *article;
} hand_event;

static const hand_event hand_events[] = {
    { 0, "2018-01-05", "USAGOV", "PRKGOV", "036", "The United States said it was willing to meet North Korean officials.",
      "The United States", "North Korean officials", "willing to meet", "a1" },
    { 0, "2018-01-20", "PRKGOV", "USAGOV", "138", "North Korea threatened Washington with a nuclear strike.",
      "North Korea", "Washington", "threatened", "a2" },
    { 0, "2018-03-08", "USAGOV", "PRKGOV", "036", "Trump agreed to meet Kim Jong Un in May.",
      "Trump", "Kim Jong Un", "agreed to meet", "a3" },
    { 0, "2018-06-12", "USAGOV", "PRKGOV", "043", "Trump met Kim Jong Un in Singapore.",
      "Trump", "Kim Jong Un", "met", "a4" },
    { 1, "2018-06-12", "USAGOV", "PRKGOV", "057", "The United States signed a joint statement with North Korea.",
      "The United States", "North Korea", "signed", "a4" },
    { 0, "2018-08-01", "USAGOV", "PRKGOV", "163", "Washington imposed new sanctions on Pyongyang over Yongbyon.",
      "Washington", "Pyongyang", "imposed new sanctions", "a5" },
    { 0, "2018-09-19", "KORGOV", "PRKGOV", "057", "South Korea and North Korea signed a military agreement.",
      "South Korea", "North Korea", "signed", "a6" },
    { 0, "2018-11-02", "CHNGOV", "PRKGOV", "042", "Chinese officials visited Pyongyang.",
      "Chinese officials", "Pyongyang", "visited", "a7" },
    { 0, "2019-02-28", "USAGOV", "PRKGOV", "112", "Trump criticised North Korea's demand for sanctions relief at Hanoi.",
      "Trump", "North Korea", "criticised", "a8" },
};

/* One event line as `deeds code` writes it. */
static void event_line(deeds_buf *b, const hand_event *e)
{
    deeds_buf_reset(b);
    deeds_buf_printf(b, "{\"doc\":\"%s\",\"sent\":%d,\"date\":\"%s\",\"source\":\"%s\","
                     "\"target\":\"%s\",\"code\":\"%s\",\"mode\":\"asserted\",\"sentence\":",
                     e->article, e->sent, e->date, e->source, e->target, e->code);
    deeds_buf_json_string(b, e->sentence, strlen(e->sentence));
    deeds_buf_printf(b, ",\"source_text\":\"%s\",\"target_text\":\"%s\",\"verb_text\":\"%s\","
                     "\"publication\":\"Wire\",\"title\":\"title %s\"}",
                     e->source_text, e->target_text, e->verb_text, e->article);
}

static void ingest(const char *path, const hand_event *events, size_t n)
{
    TESTUTIL_QUIET_DIAG(diag, text);
    deeds_store *st = deeds_store_open(path, 1, &diag);
    assert_non_null(st);
    deeds_ingest *g = deeds_ingest_begin(st, 0, &diag);
    assert_non_null(g);
    deeds_buf line = { 0 };
    for (size_t i = 0; i < n; i++) {
        event_line(&line, &events[i]);
        assert_int_equal(deeds_ingest_line(g, line.data, line.len, "hand", (long)i + 1), 0);
    }
    assert_int_equal(deeds_ingest_end(g, NULL), 0);
    if (deeds_diag_skipped_total(&diag))
        fail_msg("events skipped: %s", text.data);
    deeds_store_close(st);
    deeds_buf_free(&line);
    deeds_buf_free(&text);
}

/* The store: hand-made events through the public ingest API. */
static void make_store(const char *path)
{
    ingest(path, hand_events, sizeof hand_events / sizeof hand_events[0]);
}

/* --------------------------------------------------------------- fixture */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(fx.dir, sizeof fx.dir, "/tmp/deeds-serve-XXXXXX");
    assert_non_null(mkdtemp(fx.dir));
    snprintf(fx.db, sizeof fx.db, "%s/store.db", fx.dir);
    snprintf(fx.web, sizeof fx.web, "%s/web", fx.dir);
    snprintf(fx.log_path, sizeof fx.log_path, "%s/access.log", fx.dir);
    mkdir(fx.web, 0755);
    char path[256];
    snprintf(path, sizeof path, "%s/index.html", fx.web);
    write_file(path, "<!doctype html><title>t</title>\n");
    snprintf(path, sizeof path, "%s/app.js", fx.web);
    write_file(path, "'use strict';\n");
    snprintf(path, sizeof path, "%s/secret.txt", fx.dir);
    write_file(path, "SECRET-OUTSIDE-THE-WEB-FOLDER\n");
    snprintf(fx.scenario, sizeof fx.scenario, "%s/talks.csv", fx.dir);
    write_file(fx.scenario, "actor,description,capability,deal position,deal salience\n"
                            "A,first,100,20,80\nB,second,60,80,70\nC,third,40,60,50\n");
    char link[256];
    snprintf(link, sizeof link, "%s/link.txt", fx.web);
    assert_int_equal(symlink(path, link), 0);
    make_store(fx.db);
    fx.log = fopen(fx.log_path, "w");
    fx.diag = (deeds_diag){ .emit = testutil_diag_emit, .ud = &fx.diag_text };
    deeds_serve_options o = {
        .db = fx.db, .web_root = fx.web, .address = "127.0.0.1", .port = 0,
        .threads = 2, .max_request = 4096, .access_log = fx.log, .scenario = fx.scenario,
    };
    fx.srv = deeds_serve_start(&o, &fx.diag);
    if (!fx.srv)
        fail_msg("server did not start: %s", fx.diag_text.data);
    fx.port = deeds_serve_port(fx.srv);
    assert_true(fx.port > 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    deeds_serve_stop(fx.srv);
    fclose(fx.log);
    deeds_buf_free(&fx.diag_text);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* ----------------------------------------------------------------- tests */

static void test_series_has_one_object_a_period(void **state)
{
    (void)state;
    response r = get("/api/series?source=USA&target=PRK&by=month&from=2018-01-01&to=2018-12-31");
    assert_int_equal(r.status, 200);
    char h[128];
    assert_string_equal(header(&r, "Content-Type", h, sizeof h), "application/json");
    json_parser *p = json_parser_new();
    const json_value *v = parse_json(p, &r);
    assert_int_equal(v->type, JSON_ARRAY);
    assert_int_equal(v->len, 12);
    static const char *const columns[] = {
        "period", "source", "target", "events", "verbal_coop", "material_coop",
        "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_coop",
        "goldstein_conflict",
    };
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        assert_non_null(json_object_get(&v->u.items[0], columns[i]));
    assert_string_equal(json_object_get(&v->u.items[0], "period")->u.str, "2018-01-01");
    assert_string_equal(json_object_get(&v->u.items[11], "period")->u.str, "2018-12-01");
    assert_string_equal(json_object_get(&v->u.items[0], "source")->u.str, "USA");
    /* June: the summit meeting (043) and the signed statement (057) */
    const json_value *june = &v->u.items[5];
    assert_string_equal(json_object_get(june, "events")->u.str, "2");
    assert_string_equal(json_object_get(june, "verbal_coop")->u.str, "2");
    /* August: sanctions (163), material conflict with Goldstein -8 */
    const json_value *august = &v->u.items[7];
    assert_string_equal(json_object_get(august, "material_conflict")->u.str, "1");
    assert_string_equal(json_object_get(august, "goldstein_conflict")->u.str, "-8");
    assert_string_equal(json_object_get(&v->u.items[10], "events")->u.str, "0");
    json_parser_free(p);
    response_free(&r);
}

static void test_events_carry_their_sentence_and_code_in_words(void **state)
{
    (void)state;
    response r = get("/api/events?source=USA&target=PRK&from=2018-06-01&to=2018-06-30");
    assert_int_equal(r.status, 200);
    json_parser *p = json_parser_new();
    const json_value *v = parse_json(p, &r);
    const json_value *events = json_object_get(v, "events");
    assert_non_null(events);
    assert_int_equal(events->len, 2);
    int saw_summit = 0;
    for (size_t i = 0; i < events->len; i++) {
        const json_value *e = &events->u.items[i];
        const char *sentence = json_object_get(e, "sentence")->u.str;
        if (!strcmp(sentence, "Trump met Kim Jong Un in Singapore.")) {
            saw_summit = 1;
            assert_string_equal(json_object_get(e, "verb_text")->u.str, "met");
            assert_string_equal(json_object_get(e, "date")->u.str, "2018-06-12");
            assert_string_equal(json_object_get(e, "article")->u.str, "a4");
        }
        const char *code = json_object_get(e, "code")->u.str;
        assert_string_equal(json_object_get(e, "label")->u.str, deeds_cameo_lookup(code)->label);
    }
    assert_true(saw_summit);
    assert_string_equal(json_object_get(v, "count")->u.str, "2");
    json_parser_free(p);
    response_free(&r);
}

static void test_search_finds_words_and_never_fails_on_syntax(void **state)
{
    (void)state;
    response r = get("/api/events?q=Yongbyon");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.data, "imposed new sanctions on Pyongyang over Yongbyon"));
    assert_non_null(strstr(r.body.data, "\"count\":1,"));
    response_free(&r);
    r = get("/api/events?q=%22sanctions%20relief%22");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.data, "demand for sanctions relief"));
    response_free(&r);
    /* FTS5 operators and stray quotes are taken as words, not syntax */
    r = get("/api/events?q=NEAR(%22a%20OR%20%2A%29%20%22");
    assert_int_equal(r.status, 200);
    response_free(&r);
}

static void test_judge_and_alignment_answer(void **state)
{
    (void)state;
    response r = get("/api/judge?source=USA&target=PRK&from=2018-01-01&to=2019-12-31");
    assert_int_equal(r.status, 200);
    json_parser *p = json_parser_new();
    const json_value *v = parse_json(p, &r);
    assert_int_equal(json_object_get(v, "promises")->type, JSON_ARRAY);
    assert_non_null(json_object_get(v, "gap"));
    assert_non_null(json_object_get(v, "verdict"));
    response_free(&r);
    r = get("/api/alignment?actors=USA,PRK,KOR");
    assert_int_equal(r.status, 200);
    v = parse_json(p, &r);
    const json_value *m = json_object_get(v, "matrix");
    assert_int_equal(m->len, 3);
    assert_int_equal(m->u.items[0].len, 3);
    assert_string_equal(m->u.items[0].u.items[0].u.str, "0");   /* the diagonal */
    json_parser_free(p);
    response_free(&r);
}

/* An ingest beside the running server changes the answer at once: the
 * cache is keyed on the store file's generation. */
static void test_an_ingest_beside_the_server_shows_at_once(void **state)
{
    (void)state;
    const char *target = "/api/series?source=JPN&target=PRK&by=year&from=2018-01-01&to=2018-12-31";
    response r = get(target);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.data, "\"events\":0,"));
    response_free(&r);
    static const hand_event later[] = {
        { 0, "2018-05-04", "JPNGOV", "PRKGOV", "112", "Japan accused North Korea of abductions.",
          "Japan", "North Korea", "accused", "a9" },
    };
    ingest(fx.db, later, 1);
    r = get(target);
    assert_int_equal(r.status, 200);
    if (!strstr(r.body.data, "\"events\":1,"))
        fail_msg("stale answer: %s", r.body.data);
    response_free(&r);
}

static void test_bad_parameters_get_400_naming_them(void **state)
{
    (void)state;
    expect_bad("/api/series?source=USA&by=fortnight", "by");
    expect_bad("/api/series?from=2018-13-01", "from");
    expect_bad("/api/series?from=2019-01-01&to=2018-01-01", "from");
    expect_bad("/api/series?source=US%20A", "source");
    expect_bad("/api/series?form=2018-01-01", "form");
    expect_bad("/api/series?=USA", "");
    expect_bad("/api/events?%00%00=1", "");
    expect_bad("/api/series?by=month&by=year", "by");
    expect_bad("/api/series?count=tweets", "count");
    expect_bad("/api/events?limit=0", "limit");
    expect_bad("/api/events?limit=100000", "limit");
    expect_bad("/api/events?code=999", "code");
    expect_bad("/api/events?class=loud", "class");
    expect_bad("/api/events?q=%20%20", "q");
    expect_bad("/api/events?q=%ff%fe", "q");
    expect_bad("/api/alignment?actors=USA", "actors");
    expect_bad("/api/judge?window=-3", "window");
    expect_bad("/api/series?by=day&from=1900-01-01&to=2199-12-31", "by");
}

static void test_unknown_paths_get_404(void **state)
{
    (void)state;
    response r = get("/api/nothing");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body.data, "\"error\""));
    response_free(&r);
    r = get("/missing.html");
    assert_int_equal(r.status, 404);
    response_free(&r);
}

static void test_nothing_outside_the_web_folder_is_served(void **state)
{
    (void)state;
    static const char *const tries[] = {
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/x/../../secret.txt",
        "//..//secret.txt", "/..%5csecret.txt", "/link.txt", "/.%2e/secret.txt",
        "/index.html/../../secret.txt",
    };
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        response r = get(tries[i]);
        if (r.status != 404 && r.status != 400)
            fail_msg("%s answered %d", tries[i], r.status);
        assert_null(strstr(r.body.data ? r.body.data : "", "SECRET"));
        response_free(&r);
    }
}

static void test_requests_over_the_limit_get_413(void **state)
{
    (void)state;
    deeds_buf target = { 0 };
    deeds_buf_puts(&target, "/api/series?source=");
    for (int i = 0; i < 5000; i++)
        deeds_buf_puts(&target, "A");
    response r = get(target.data);
    assert_int_equal(r.status, 413);
    response_free(&r);
    deeds_buf_free(&target);
    r = request("POST", "/api/series", "Content-Length: 100000\r\n");
    assert_int_equal(r.status, 413);
    response_free(&r);
    /* within the limit: a POST is refused by method instead */
    r = request("POST", "/api/series", "Content-Length: 2\r\n\r\n{}");
    assert_int_equal(r.status, 405);
    char h[64];
    assert_string_equal(header(&r, "Allow", h, sizeof h), "GET, HEAD");
    response_free(&r);
}

static void test_headers_type_cache_and_etag(void **state)
{
    (void)state;
    char h[128], etag[64];
    response r = get("/");
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "Content-Type", h, sizeof h), "text/html; charset=utf-8");
    assert_string_equal(header(&r, "Cache-Control", h, sizeof h), "no-cache");
    assert_string_equal(header(&r, "X-Content-Type-Options", h, sizeof h), "nosniff");
    assert_non_null(strstr(header(&r, "Content-Security-Policy", h, sizeof h), "default-src 'self'"));
    header(&r, "ETag", etag, sizeof etag);
    assert_true(etag[0] == '"');
    response_free(&r);
    char cond[128];
    snprintf(cond, sizeof cond, "If-None-Match: %s\r\n", etag);
    r = request("GET", "/", cond);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    response_free(&r);
    r = get("/app.js");
    assert_string_equal(header(&r, "Content-Type", h, sizeof h), "text/javascript; charset=utf-8");
    response_free(&r);

    r = get("/api/series?source=USA&target=PRK");
    assert_string_equal(header(&r, "Cache-Control", h, sizeof h), "no-cache");
    header(&r, "ETag", etag, sizeof etag);
    assert_true(etag[0] == '"');
    response_free(&r);
    snprintf(cond, sizeof cond, "If-None-Match: %s\r\n", etag);
    r = request("GET", "/api/series?source=USA&target=PRK", cond);
    assert_int_equal(r.status, 304);
    response_free(&r);
    r = get("/api/series?by=fortnight");
    assert_string_equal(header(&r, "Cache-Control", h, sizeof h), "no-store");
    response_free(&r);
    r = request("HEAD", "/api/codes", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, 0);
    response_free(&r);
}

static void test_access_log_is_common_log_format(void **state)
{
    (void)state;
    response r = get("/api/series?source=USA&target=PRK&by=year");
    response_free(&r);
    r = get("/nope%22%0aforged");
    response_free(&r);
    fflush(fx.log);
    FILE *f = fopen(fx.log_path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int found = 0, lines = 0;
    regex_t clf;
    assert_int_equal(regcomp(&clf, "^127\\.0\\.0\\.1 - - \\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:"
                                   "[0-9]{2} \\+0000\\] \"[A-Z]+ [^\"]* HTTP/1\\.1\" [0-9]{3} ([0-9]+|-)$",
                             REG_EXTENDED | REG_NOSUB), 0);
    while ((len = getline(&line, &cap, f)) > 0) {
        assert_true(line[len - 1] == '\n');
        line[len - 1] = '\0';
        lines++;
        if (regexec(&clf, line, 0, NULL, 0) != 0)
            fail_msg("not Common Log Format: %s", line);
        if (strstr(line, "\"GET /api/series?source=USA&target=PRK&by=year HTTP/1.1\" 200 "))
            found = 1;
    }
    regfree(&clf);
    free(line);
    fclose(f);
    assert_true(found);
    assert_true(lines >= 2);
}

static void test_forecast_of_the_loaded_scenario(void **state)
{
    (void)state;
    response r = get("/api/info");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.data, "\"forecast\":\"talks.csv\""));
    response_free(&r);
    r = get("/api/forecast?model=median&sensitivity=5&spread=5");
    assert_int_equal(r.status, 200);
    json_parser *p = json_parser_new();
    const json_value *v = parse_json(p, &r);
    const json_value *run = json_object_get(v, "run");
    assert_non_null(run);
    /* the capability x salience weighted median of 20 (w 8000), 80 (4200)
     * and 60 (2000) is 20 */
    const json_value *forecast = json_object_get(run, "forecast");
    assert_int_equal(forecast->len, 1);
    assert_true(atof(forecast->u.items[0].u.str) == 20);
    const json_value *dims = json_object_get(json_object_get(v, "sensitivity"), "dimensions");
    assert_int_equal(dims->len, 1);
    double lo = atof(json_object_get(&dims->u.items[0], "min")->u.str);
    double hi = atof(json_object_get(&dims->u.items[0], "max")->u.str);
    assert_true(lo <= 20 + 5 && hi >= 20 - 5 && lo <= hi);
    json_parser_free(p);
    response_free(&r);
    expect_bad("/api/forecast?model=oracle", "model");
    expect_bad("/api/forecast?sensitivity=5000", "sensitivity");
}

static void test_loopback_addresses(void **state)
{
    (void)state;
    assert_true(deeds_serve_is_loopback("127.0.0.1"));
    assert_true(deeds_serve_is_loopback("127.4.5.6"));
    assert_true(deeds_serve_is_loopback("::1"));
    assert_true(deeds_serve_is_loopback("localhost"));
    assert_false(deeds_serve_is_loopback("0.0.0.0"));
    assert_false(deeds_serve_is_loopback("192.168.1.10"));
    assert_false(deeds_serve_is_loopback("::"));
}

static void test_start_refuses_a_missing_web_folder(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, text);
    deeds_serve_options o = { .db = fx.db, .web_root = "/nonexistent/web", .port = 0 };
    assert_null(deeds_serve_start(&o, &diag));
    assert_non_null(strstr(text.data, "/nonexistent/web"));
    deeds_buf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_has_one_object_a_period),
        cmocka_unit_test(test_events_carry_their_sentence_and_code_in_words),
        cmocka_unit_test(test_search_finds_words_and_never_fails_on_syntax),
        cmocka_unit_test(test_judge_and_alignment_answer),
        cmocka_unit_test(test_bad_parameters_get_400_naming_them),
        cmocka_unit_test(test_an_ingest_beside_the_server_shows_at_once),
        cmocka_unit_test(test_unknown_paths_get_404),
        cmocka_unit_test(test_nothing_outside_the_web_folder_is_served),
        cmocka_unit_test(test_requests_over_the_limit_get_413),
        cmocka_unit_test(test_headers_type_cache_and_etag),
        cmocka_unit_test(test_access_log_is_common_log_format),
        cmocka_unit_test(test_forecast_of_the_loaded_scenario),
        cmocka_unit_test(test_loopback_addresses),
        cmocka_unit_test(test_start_refuses_a_missing_web_folder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
