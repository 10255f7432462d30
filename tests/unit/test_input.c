/* test_input.c: the article reader on good and bad files written to a
 * temporary directory. */
#include "testutil.h"
#include "json.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/deeds-input-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* Writes n bytes to DIR/name and returns the path (static storage). */
static const char *write_file(const char *name, const char *data, size_t n)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

static const char *write_text(const char *name, const char *data)
{
    return write_file(name, data, strlen(data));
}

/* Reads every article and describes them one a line:
 * "ID|DATE|LINE|TEXT|TITLE|SOURCE|URL". */
typedef struct run {
    deeds_buf articles;
    deeds_buf messages;
    deeds_diag diag;
    int last;  /* the final return of deeds_reader_next */
} run;

static void describe(deeds_buf *b, const deeds_article *a)
{
    deeds_buf_printf(b, "%s|%d|%ld|%.*s|%s|%s|%s\n", a->id, a->date, a->line,
                     (int)a->text_len, a->text, a->title ? a->title : "-",
                     a->source ? a->source : "-", a->url ? a->url : "-");
}

static run *read_all(const char *path, deeds_input_kind kind, int32_t date,
                     size_t max_record)
{
    run *r = calloc(1, sizeof *r);
    r->diag.emit = testutil_diag_emit;
    r->diag.ud = &r->messages;
    deeds_buf_puts(&r->articles, "");
    deeds_buf_puts(&r->messages, "");
    deeds_reader *rd = deeds_reader_open(path, kind, date, max_record, &r->diag);
    if (!rd) {
        r->last = -2;
        return r;
    }
    deeds_article a;
    while ((r->last = deeds_reader_next(rd, &a)) == 1) {
        assert_int_equal(strlen(a.text), a.text_len);
        describe(&r->articles, &a);
    }
    assert_int_equal(deeds_reader_next(rd, &a), 0);  /* stays at the end */
    deeds_reader_close(rd);
    return r;
}

static void run_free(run *r)
{
    deeds_buf_free(&r->articles);
    deeds_buf_free(&r->messages);
    free(r);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("\"%s\" not found in:\n%s", needle, hay);
}

static unsigned long skips(const run *r)
{
    return deeds_diag_skipped_total(&r->diag);
}

/* ------------------------------------------------------------ JSON Lines */

static void test_jsonl_fields(void **state)
{
    (void)state;
    const char *p = write_text("a.jsonl",
        "{\"id\": \"a1\", \"date\": \"2024-01-05\", \"text\": \"Talks began.\", "
        "\"title\": \"T\", \"source\": \"AP\", \"url\": \"http://x\"}\n"
        "{\"id\": 42, \"date\": \"20240106\", \"text\": \"Caf\\u00e9\", \"extra\": [1]}\n"
        "{\"id\": \"ts\", \"date\": \"2024-01-07T09:30:00Z\", \"text\": \"x\", \"title\": null}\n"
        "{\"id\": \"num\", \"date\": 20240108, \"text\": \"y\"}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data,
        "a1|20240105|1|Talks began.|T|AP|http://x\n"
        "42|20240106|2|Caf\xC3\xA9|-|-|-\n"
        "ts|20240107|3|x|-|-|-\n"
        "num|20240108|4|y|-|-|-\n");
    assert_int_equal(r->last, 0);
    assert_int_equal(skips(r), 0);
    assert_int_equal(r->diag.warnings, 0);
    run_free(r);
}

static void test_jsonl_bom_crlf_blank_lines(void **state)
{
    (void)state;
    const char *p = write_text("bom.jsonl",
        "\xEF\xBB\xBF{\"id\": \"one\", \"date\": \"2024-01-05\", \"text\": \"A\"}\r\n"
        "\r\n"
        "   \t\n"
        "\n"
        "{\"id\": \"two\", \"date\": \"2024-01-05\", \"text\": \"B\"}\r\n"
        "{\"id\": \"three\", \"date\": \"2024-01-05\", \"text\": \"C\"}");  /* no final newline */
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data,
        "one|20240105|1|A|-|-|-\ntwo|20240105|5|B|-|-|-\nthree|20240105|6|C|-|-|-\n");
    assert_int_equal(skips(r), 0);
    run_free(r);
}

static void test_jsonl_leading_blank_lines_keep_line_numbers(void **state)
{
    (void)state;
    const char *p = write_text("lead.jsonl",
        "\n\n  \n{\"id\": \"x\", \"text\": \"A\"}\n{\"text\": 5}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 20200101, 0);
    assert_string_equal(r->articles.data, "x|20200101|4|A|-|-|-\n");
    assert_contains(r->messages.data, "lead.jsonl:5: skipped: \"text\" is a number");
    run_free(r);
}

static void test_jsonl_missing_text(void **state)
{
    (void)state;
    const char *p = write_text("t.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-01-05\"}\n"
        "{\"id\": \"b\", \"date\": \"2024-01-05\", \"text\": null}\n"
        "{\"id\": \"c\", \"date\": \"2024-01-05\", \"text\": \"\"}\n"
        "{\"id\": \"d\", \"date\": \"2024-01-05\", \"text\": \" \\n\\t \"}\n"
        "{\"id\": \"e\", \"date\": \"2024-01-05\", \"text\": \"kept\"}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "e|20240105|5|kept|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_NO_TEXT], 4);
    assert_contains(r->messages.data,
        "t.jsonl:1: skipped: missing \"text\" field; every record needs a non-empty \"text\" string");
    assert_contains(r->messages.data, "t.jsonl:2: skipped: \"text\" is a null;");
    assert_contains(r->messages.data, "t.jsonl:3: skipped: \"text\" is empty;");
    assert_contains(r->messages.data, "t.jsonl:4: skipped: \"text\" is empty;");
    run_free(r);
}

static void test_jsonl_dates(void **state)
{
    (void)state;
    const char *text =
        "{\"id\": \"none\", \"text\": \"a\"}\n"
        "{\"id\": \"null\", \"date\": null, \"text\": \"b\"}\n"
        "{\"id\": \"bad\", \"date\": \"2024-02-30\", \"text\": \"c\"}\n"
        "{\"id\": \"words\", \"date\": \"yesterday\", \"text\": \"d\"}\n"
        "{\"id\": \"type\", \"date\": [2024], \"text\": \"e\"}\n"
        "{\"id\": \"leap\", \"date\": \"2024-02-29\", \"text\": \"f\"}\n";
    const char *p = write_text("d.jsonl", text);
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "leap|20240229|6|f|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_NO_DATE], 2);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_DATE], 3);
    assert_contains(r->messages.data, "d.jsonl:1: skipped: no \"date\" field and no default date; "
                                      "add \"date\": \"YYYY-MM-DD\" or pass --date");
    assert_contains(r->messages.data, "d.jsonl:3: skipped: \"date\" \"2024-02-30\" is not a calendar date");
    assert_contains(r->messages.data, "d.jsonl:5: skipped: \"date\" is a array");
    run_free(r);
    /* with a default date, only the records without one use it */
    r = read_all(p, DEEDS_INPUT_AUTO, 19990101, 0);
    assert_string_equal(r->articles.data,
        "none|19990101|1|a|-|-|-\nnull|19990101|2|b|-|-|-\nleap|20240229|6|f|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_DATE], 3);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_NO_DATE], 0);
    run_free(r);
}

/* Timestamps with a zone give the UTC calendar date: events reported late
 * in the evening in Washington and early next morning in Seoul fall on one
 * day.  Without a zone the date is taken as written. */
static void test_jsonl_timestamps_to_utc(void **state)
{
    (void)state;
    const char *text =
        "{\"id\": \"dc\", \"date\": \"2018-06-11T21:30:00-04:00\", \"text\": \"a\"}\n"
        "{\"id\": \"seoul\", \"date\": \"2018-06-12T10:30:00+09:00\", \"text\": \"b\"}\n"
        "{\"id\": \"early\", \"date\": \"2018-06-12T07:00+0900\", \"text\": \"c\"}\n"
        "{\"id\": \"z\", \"date\": \"2018-12-31T23:59:59.5Z\", \"text\": \"d\"}\n"
        "{\"id\": \"local\", \"date\": \"2018-12-31 23:00:00\", \"text\": \"e\"}\n"
        "{\"id\": \"newyear\", \"date\": \"2018-12-31T22:00:00-05:00\", \"text\": \"f\"}\n";
    const char *p = write_text("tz.jsonl", text);
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data,
        "dc|20180612|1|a|-|-|-\nseoul|20180612|2|b|-|-|-\nearly|20180611|3|c|-|-|-\n"
        "z|20181231|4|d|-|-|-\nlocal|20181231|5|e|-|-|-\nnewyear|20190101|6|f|-|-|-\n");
    assert_int_equal(deeds_diag_skipped_total(&r->diag), 0);
    run_free(r);
}

static void test_jsonl_generated_ids(void **state)
{
    (void)state;
    const char *p = write_text("ids.jsonl",
        "{\"text\": \"a\"}\n"
        "{\"id\": \"\", \"text\": \"b\"}\n"
        "{\"id\": null, \"text\": \"c\"}\n"
        "{\"id\": {\"x\": 1}, \"text\": \"d\"}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 20200101, 0);
    assert_string_equal(r->articles.data,
        "ids.jsonl:1|20200101|1|a|-|-|-\n"
        "ids.jsonl:2|20200101|2|b|-|-|-\n"
        "ids.jsonl:3|20200101|3|c|-|-|-\n"
        "ids.jsonl:4|20200101|4|d|-|-|-\n");
    /* one warning for missing ids in the whole file, one for the object */
    assert_int_equal(r->diag.warnings, 2);
    assert_contains(r->messages.data, "ids.jsonl:1: warning: record without an \"id\"");
    assert_contains(r->messages.data, "ids.jsonl:4: warning: \"id\" is a object");
    run_free(r);
}

static void test_jsonl_bad_json(void **state)
{
    (void)state;
    const char *p = write_text("bad.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-01-05\" \"text\": \"x\"}\n"
        "[\"not\", \"an\", \"object\"]\n"
        "{\"id\": \"b\", \"text\": \"unterminated}\n"
        "\"just a string\"\n"
        "{\"id\": \"c\", \"date\": \"2024-01-05\", \"text\": \"fine\"}\n"
        "{\"id\": \"d\", \"date\": \"2024-01-05\", \"text\": \"trailing\"} x\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "c|20240105|5|fine|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_JSON], 5);
    assert_contains(r->messages.data,
        "bad.jsonl:1: skipped: not valid JSON: expected ',' or '}' after object member, "
        "found '\"' at column 34; each line must hold one JSON object");
    assert_contains(r->messages.data, "bad.jsonl:2: skipped: the line is a JSON array, not an object");
    assert_contains(r->messages.data, "bad.jsonl:3: skipped: not valid JSON: string not closed");
    assert_contains(r->messages.data, "bad.jsonl:4: skipped: the line is a JSON string");
    assert_contains(r->messages.data, "bad.jsonl:6: skipped: not valid JSON: unexpected 'x'");
    run_free(r);
}

static void test_jsonl_bad_utf8(void **state)
{
    (void)state;
    const char *p = write_text("u.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-01-05\", \"text\": \"caf\xE9\"}\n"
        "{\"id\": \"b\", \"date\": \"2024-01-05\", \"text\": \"ok\"}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "b|20240105|2|ok|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_UTF8], 1);
    assert_contains(r->messages.data,
        "u.jsonl:1: skipped: invalid UTF-8 byte 0xE9 in a string at column 47; records must be UTF-8");
    run_free(r);
}

static void test_jsonl_optional_fields_of_wrong_type(void **state)
{
    (void)state;
    const char *p = write_text("o.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-01-05\", \"text\": \"x\", \"title\": 7, \"url\": \"u\"}\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "a|20240105|1|x|-|-|u\n");
    assert_int_equal(r->diag.warnings, 1);
    assert_contains(r->messages.data, "o.jsonl:1: warning: \"title\" is a number, not a string; it is ignored");
    run_free(r);
}

/* A 10 MB line is skipped while it streams past; the lines after it are
 * read as usual and keep their numbers. */
static void test_jsonl_too_long(void **state)
{
    (void)state;
    size_t big = 10u * 1024 * 1024;
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, "{\"id\": \"first\", \"date\": \"2024-01-05\", \"text\": \"A\"}\n");
    deeds_buf_puts(&b, "{\"id\": \"huge\", \"date\": \"2024-01-05\", \"text\": \"");
    char *fill = malloc(big);
    memset(fill, 'x', big);
    deeds_buf_append(&b, fill, big);
    free(fill);
    deeds_buf_puts(&b, "\"}\n{\"id\": \"after\", \"date\": \"2024-01-05\", \"text\": \"B\"}\n");
    const char *p = write_file("long.jsonl", b.data, b.len);
    deeds_buf_free(&b);
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data,
        "first|20240105|1|A|-|-|-\nafter|20240105|3|B|-|-|-\n");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_TOO_LONG], 1);
    assert_contains(r->messages.data, "long.jsonl:2: skipped: the record is too long: 10485808 bytes, "
                                      "over the limit of 1048576; split the article or raise --max-record");
    run_free(r);
}

static void test_jsonl_limit_is_inclusive(void **state)
{
    (void)state;
    const char *line = "{\"id\": \"a\", \"date\": \"2024-01-05\", \"text\": \"x\"}";
    char data[128];
    snprintf(data, sizeof data, "%s\r\n%s\n", line, line);
    const char *p = write_text("limit.jsonl", data);
    run *r = read_all(p, DEEDS_INPUT_JSONL, 0, strlen(line));
    assert_int_equal(skips(r), 0);
    assert_string_equal(r->articles.data, "a|20240105|1|x|-|-|-\na|20240105|2|x|-|-|-\n");
    run_free(r);
    r = read_all(p, DEEDS_INPUT_JSONL, 0, strlen(line) - 1);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_TOO_LONG], 2);
    assert_string_equal(r->articles.data, "");
    run_free(r);
}

static void test_record_access(void **state)
{
    (void)state;
    const char *p = write_text("rec.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-01-05\", \"text\": \"x\", \"expect\": [1, 2]}\n");
    deeds_diag diag = { 0 };
    deeds_reader *rd = deeds_reader_open(p, DEEDS_INPUT_AUTO, 0, 0, &diag);
    assert_non_null(rd);
    deeds_article a;
    assert_int_equal(deeds_reader_next(rd, &a), 1);
    const json_value *rec = deeds_reader_record(rd);
    assert_non_null(rec);
    assert_int_equal(json_object_get(rec, "expect")->len, 2);
    assert_int_equal(deeds_reader_next(rd, &a), 0);
    assert_null(deeds_reader_record(rd));
    deeds_reader_close(rd);
}

/* ------------------------------------------------------------ plain text */

static void test_text_file(void **state)
{
    (void)state;
    const char *p = write_text("story.txt", "\n\nTalks began. They ended.\n\nMore.\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 20240105, 0);
    assert_string_equal(r->articles.data,
        "story.txt|20240105|1|Talks began. They ended.\n\nMore.\n|-|-|-\n");
    assert_int_equal(skips(r), 0);
    run_free(r);
}

static void test_text_forced_on_json_looking_file(void **state)
{
    (void)state;
    const char *p = write_text("brace.txt", "{not json} but prose.");
    run *r = read_all(p, DEEDS_INPUT_TEXT, 20240105, 0);
    assert_string_equal(r->articles.data, "brace.txt|20240105|1|{not json} but prose.|-|-|-\n");
    run_free(r);
    /* AUTO takes it for JSON Lines and says the line is not JSON */
    r = read_all(p, DEEDS_INPUT_AUTO, 20240105, 0);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_JSON], 1);
    run_free(r);
}

static void test_text_without_date(void **state)
{
    (void)state;
    const char *p = write_text("nodate.txt", "Talks began.");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 0, 0);
    assert_string_equal(r->articles.data, "");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_NO_DATE], 1);
    assert_contains(r->messages.data, "nodate.txt:0: skipped: a plain text file carries no date; "
                                      "pass --date YYYY-MM-DD");
    run_free(r);
}

static void test_text_bad_utf8_names_line(void **state)
{
    (void)state;
    const char *p = write_text("latin1.txt", "\nFirst line.\nSecond line.\nCaf\xE9 au lait.\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 20240105, 0);
    assert_string_equal(r->articles.data, "");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_BAD_UTF8], 1);
    assert_contains(r->messages.data, "latin1.txt:4: skipped: invalid UTF-8 byte 0xE9 at column 4; "
                                      "deeds reads UTF-8 only");
    run_free(r);
}

static void test_text_too_long(void **state)
{
    (void)state;
    char data[300];
    memset(data, 'a', sizeof data - 1);
    data[sizeof data - 1] = '\0';
    const char *p = write_text("big.txt", data);
    run *r = read_all(p, DEEDS_INPUT_TEXT, 20240105, 100);
    assert_string_equal(r->articles.data, "");
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_TOO_LONG], 1);
    assert_contains(r->messages.data, "over the limit of 100 bytes");
    run_free(r);
}

static void test_text_with_bom_and_crlf(void **state)
{
    (void)state;
    const char *p = write_text("bom.txt", "\xEF\xBB\xBFHello.\r\nWorld.\r\n");
    run *r = read_all(p, DEEDS_INPUT_AUTO, 20240105, 0);
    assert_string_equal(r->articles.data, "bom.txt|20240105|1|Hello.\r\nWorld.\r\n|-|-|-\n");
    run_free(r);
}

/* ----------------------------------------------------------- whole files */

static void test_empty_files(void **state)
{
    (void)state;
    static const char *const contents[] = { "", "   \n\n\t\r\n", "\xEF\xBB\xBF" };
    for (size_t i = 0; i < 3; i++) {
        const char *p = write_text("empty.jsonl", contents[i]);
        for (int kind = DEEDS_INPUT_AUTO; kind <= DEEDS_INPUT_TEXT; kind++) {
            run *r = read_all(p, (deeds_input_kind)kind, 20240105, 0);
            assert_int_equal(r->last, 0);
            assert_string_equal(r->articles.data, "");
            assert_int_equal(skips(r), 1);
            assert_int_equal(r->diag.skipped[DEEDS_SKIP_EMPTY], 1);
            assert_contains(r->messages.data, "empty.jsonl:0: skipped: the file is empty");
            run_free(r);
        }
    }
}

static void test_unreadable(void **state)
{
    (void)state;
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such-file.jsonl", dir);
    run *r = read_all(missing, DEEDS_INPUT_AUTO, 0, 0);
    assert_int_equal(r->last, -2);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_UNREADABLE], 1);
    assert_contains(r->messages.data, "no-such-file.jsonl:0: skipped: cannot open: No such file or directory");
    run_free(r);
    r = read_all(dir, DEEDS_INPUT_AUTO, 0, 0);
    assert_int_equal(r->last, -2);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_UNREADABLE], 1);
    assert_contains(r->messages.data, "is a directory");
    run_free(r);
}

/* Runs read_all on standard input replaced by fd. */
static run *read_stdin_from(int fd, int32_t date)
{
    int saved = dup(STDIN_FILENO);
    dup2(fd, STDIN_FILENO);
    close(fd);
    run *r = read_all("-", DEEDS_INPUT_AUTO, date, 0);
    dup2(saved, STDIN_FILENO);
    close(saved);
    return r;
}

static void test_standard_input(void **state)
{
    (void)state;
    const char *p = write_text("stdin.jsonl",
        "{\"text\": \"From a pipe.\"}\n");
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    run *r = read_stdin_from(fd, 20240105);
    assert_string_equal(r->articles.data, "-:1|20240105|1|From a pipe.|-|-|-\n");
    assert_contains(r->messages.data, "-:1: warning: record without an \"id\"");
    run_free(r);
}

/* A pipe that delivers the byte order mark in pieces, and a record split
 * across writes. */
static void test_pipe_in_pieces(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        static const char *const pieces[] = {
            "\xEF", "\xBB", "\xBF{\"id\": \"p\", \"te", "xt\": \"Piped.\"}\n{\"text\"", ": \"Two.\"}\n",
        };
        close(fds[0]);
        for (size_t i = 0; i < 5; i++) {
            if (write(fds[1], pieces[i], strlen(pieces[i])) < 0)
                _exit(1);
            usleep(20000);
        }
        _exit(0);
    }
    close(fds[1]);
    run *r = read_stdin_from(fds[0], 20240105);
    waitpid(child, NULL, 0);
    assert_string_equal(r->articles.data,
        "p|20240105|1|Piped.|-|-|-\n-:2|20240105|2|Two.|-|-|-\n");
    assert_int_equal(skips(r), 0);
    run_free(r);
}

/* Reading fails (standard input is a directory): reported, no reader. */
static void test_read_error(void **state)
{
    (void)state;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    run *r = read_stdin_from(fd, 20240105);
    assert_int_equal(r->last, -2);
    assert_int_equal(r->diag.skipped[DEEDS_SKIP_UNREADABLE], 1);
    assert_contains(r->messages.data, "-:0: skipped: cannot read: Is a directory");
    run_free(r);
}

static void test_many_records_across_buffer_refills(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    for (int i = 0; i < 20000; i++)
        deeds_buf_printf(&b, "{\"id\": \"r%d\", \"date\": \"2024-01-05\", \"text\": \"Record number %d.\"}\n", i, i);
    const char *p = write_file("many.jsonl", b.data, b.len);
    deeds_buf_free(&b);
    deeds_diag diag = { 0 };
    deeds_reader *rd = deeds_reader_open(p, DEEDS_INPUT_AUTO, 0, 0, &diag);
    deeds_article a;
    int n = 0;
    while (deeds_reader_next(rd, &a) == 1) {
        char want[32];
        snprintf(want, sizeof want, "r%d", n);
        assert_string_equal(a.id, want);
        assert_int_equal(a.line, n + 1);
        n++;
    }
    deeds_reader_close(rd);
    assert_int_equal(n, 20000);
    assert_int_equal(deeds_diag_skipped_total(&diag), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_fields),
        cmocka_unit_test(test_jsonl_bom_crlf_blank_lines),
        cmocka_unit_test(test_jsonl_leading_blank_lines_keep_line_numbers),
        cmocka_unit_test(test_jsonl_missing_text),
        cmocka_unit_test(test_jsonl_dates),
        cmocka_unit_test(test_jsonl_timestamps_to_utc),
        cmocka_unit_test(test_jsonl_generated_ids),
        cmocka_unit_test(test_jsonl_bad_json),
        cmocka_unit_test(test_jsonl_bad_utf8),
        cmocka_unit_test(test_jsonl_optional_fields_of_wrong_type),
        cmocka_unit_test(test_jsonl_too_long),
        cmocka_unit_test(test_jsonl_limit_is_inclusive),
        cmocka_unit_test(test_record_access),
        cmocka_unit_test(test_text_file),
        cmocka_unit_test(test_text_forced_on_json_looking_file),
        cmocka_unit_test(test_text_without_date),
        cmocka_unit_test(test_text_bad_utf8_names_line),
        cmocka_unit_test(test_text_too_long),
        cmocka_unit_test(test_text_with_bom_and_crlf),
        cmocka_unit_test(test_empty_files),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_standard_input),
        cmocka_unit_test(test_pipe_in_pieces),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_many_records_across_buffer_refills),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
