/*
 * cmd_serve.c: `deeds serve --db STORE [--listen ADDR:PORT]`.  Starts the
 * dashboard (serve.c), prints the address to open on standard output, and
 * waits for SIGINT or SIGTERM; then it lets the requests in flight finish
 * and stops.  The access log goes to standard output unless --access-log
 * names a file (or "none").
 */
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DB = 256, OPT_LISTEN, OPT_WEB, OPT_THREADS, OPT_MAX_REQUEST, OPT_ACCESS_LOG,
       OPT_NO_CACHE, OPT_SCENARIO };

static const struct option long_options[] = {
    { "db", required_argument, 0, OPT_DB },
    { "listen", required_argument, 0, OPT_LISTEN },
    { "web", required_argument, 0, OPT_WEB },
    { "threads", required_argument, 0, OPT_THREADS },
    { "max-request", required_argument, 0, OPT_MAX_REQUEST },
    { "access-log", required_argument, 0, OPT_ACCESS_LOG },
    { "no-cache", no_argument, 0, OPT_NO_CACHE },
    { "scenario", required_argument, 0, OPT_SCENARIO },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
};

/* "ADDR:PORT", "[IPv6]:PORT" or a bare "PORT" (on 127.0.0.1).  addr
 * receives the address without brackets. */
static void parse_listen(const char *s, char *addr, size_t cap, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    const char *host = s, *host_end = colon;
    if (!colon) {
        snprintf(addr, cap, "127.0.0.1");
        *port = (unsigned)cli_parse_number(s, "the port of --listen", 0, 65535);
        return;
    }
    if (s[0] == '[') {
        host = s + 1;
        if (colon == s || colon[-1] != ']')
            cli_die_usage("--listen '%s': write an IPv6 address as [::1]:PORT", s);
        host_end = colon - 1;
    }
    if (host_end == host || (size_t)(host_end - host) >= cap)
        cli_die_usage("--listen '%s': write ADDR:PORT, e.g. 127.0.0.1:8080", s);
    memcpy(addr, host, (size_t)(host_end - host));
    addr[host_end - host] = '\0';
    *port = (unsigned)cli_parse_number(colon + 1, "the port of --listen", 0, 65535);
}

static FILE *open_access_log(const char *where)
{
    if (!where || !strcmp(where, "-"))
        return stdout;
    if (!strcmp(where, "none"))
        return NULL;
    FILE *f = fopen(where, "a");
    if (!f)
        cli_die_usage("--access-log '%s' cannot be opened for appending", where);
    return f;
}

int cmd_serve(int argc, char **argv)
{
    deeds_serve_options o = { .port = 8080 };
    char address[256] = "127.0.0.1";
    const char *log_to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o.db = optarg; break;
        case OPT_LISTEN: parse_listen(optarg, address, sizeof address, &o.port); break;
        case OPT_WEB: o.web_root = optarg; break;
        case OPT_THREADS: o.threads = (unsigned)cli_parse_number(optarg, "--threads", 1, 256); break;
        case OPT_MAX_REQUEST:
            o.max_request = (size_t)cli_parse_number(optarg, "--max-request", 1024, 1 << 20);
            break;
        case OPT_ACCESS_LOG: log_to = optarg; break;
        case OPT_NO_CACHE: o.no_cache = 1; break;
        case OPT_SCENARIO: o.scenario = optarg; break;
        case 'h':
            puts("usage: deeds serve --db STORE [--listen ADDR:PORT] [--web DIR] [--threads N]\n"
                 "                   [--max-request BYTES] [--access-log FILE|-|none] [--no-cache]\n"
                 "                   [--scenario SCENARIO.csv]\n"
                 "See deeds --help and docs/serve.md.");
            return 0;
        default:
            cli_die_usage("bad option for serve");
        }
    }
    if (optind < argc)
        cli_die_usage("serve takes no arguments ('%s'); the store is --db STORE", argv[optind]);
    if (!o.db)
        cli_die_usage("serve needs --db STORE (a store that `deeds ingest` filled)");
    o.address = address;
    o.access_log = open_access_log(log_to);

    /* Only this thread takes the stop signals: the server's threads,
     * started below, inherit the blocked mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    deeds_diag diag = { 0 };
    deeds_server *srv = deeds_serve_start(&o, &diag);
    if (!srv)
        return EXIT_FATAL;
    int v6 = strchr(address, ':') != NULL;
    printf("deeds serve: %s on http://%s%s%s:%u/ (Ctrl-C stops)\n", o.db, v6 ? "[" : "",
           address, v6 ? "]" : "", deeds_serve_port(srv));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, "deeds serve: %s received, finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    deeds_serve_stop(srv);
    if (o.access_log && o.access_log != stdout)
        fclose(o.access_log);
    return 0;
}
