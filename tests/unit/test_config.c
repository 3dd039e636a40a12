/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/config_file.c: defaults, every [warta] option, the
 * [source] and [plugin] sections, list syntax (space-separated, repeated
 * key, continuation lines), value parsers, the re-check policy and drift
 * options, and the errors: each bad file
 * must fail with the right "file:line: message" and leave nothing behind.
 * The installed example etc/warta.conf must load as well.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_file.h"
#include "mem.h"
#include "warta/plugin.h"

static struct config *load_ok(const char *text)
{
    struct config *c = NULL;
    char err[512];
    int rc = config_load_string(text, "t.conf", &c, err, sizeof err);
    if (rc != W_OK)
        fail_msg("load failed (%d): %s", rc, err);
    assert_non_null(c);
    return c;
}

/* The load must fail with W_CONFIG and an error starting with want. */
static void load_err(const char *text, const char *want)
{
    struct config *c = (struct config *)1;
    char err[512];
    int rc = config_load_string(text, "t.conf", &c, err, sizeof err);
    if (rc != W_CONFIG || strncmp(err, want, strlen(want)) != 0)
        fail_msg("load gave %d \"%s\", want W_CONFIG \"%s...\"\n--- text:\n%s",
                 rc, err, want, text);
    assert_null(c);
}

static void test_defaults(void **st)
{
    struct config *c = load_ok("");
    assert_string_equal(c->path, "t.conf");
    assert_non_null(strstr(c->user_agent, "https://"));
    assert_true(config_agent_has_contact(c->user_agent));
    assert_int_equal(c->max_connections, 16);
    assert_int_equal(c->max_per_host, 2);
    assert_true(c->delay == 5);
    assert_true(c->crawl_delay_cap == 60);
    assert_true(c->connect_timeout == 10);
    assert_true(c->timeout == 60);
    assert_true(c->low_speed_time == 30);
    assert_int_equal(c->low_speed_limit, 100);
    assert_int_equal(c->max_body, 10 * 1024 * 1024);
    assert_int_equal(c->max_redirects, 5);
    assert_int_equal(c->log_level, WARTA_LOG_INFO);
    assert_int_equal(c->log_format, LOG_TEXT);
    assert_true(c->robots_ttl == 86400);
    assert_int_equal(c->allow_private, 0);
    assert_null(c->ca_file);
    assert_non_null(c->state_dir);
    assert_non_null(c->plugin_dir);
    assert_non_null(c->rules_dir);
    assert_int_equal(c->n_sources, 0);
    assert_int_equal(c->n_plugins, 0);
    config_free(c);
    assert_int_equal(config_new_default(&c), W_OK);
    assert_int_equal(c->max_redirects, 5);
    config_free(c);
    config_free(NULL);
}

static void test_warta_section(void **st)
{
    struct config *c = load_ok(
        "# comment\n"
        "; another\n"
        "[warta]\n"
        "state_dir = /var/lib/warta\n"
        "plugin_dir = /usr/lib/warta/plugins\n"
        "rules_dir = /usr/share/warta/rules\n"
        "user_agent = mybot/1.0 (ops@example.org)\n"
        "max_connections = 32\n"
        "max_per_host = 4\n"
        "delay = 1.5\n"
        "crawl_delay_cap = 2m\n"
        "connect_timeout = 5s\n"
        "timeout = 1m30s\n"
        "low_speed_time = 20\n"
        "low_speed_limit = 1k\n"
        "max_body = 20M\n"
        "max_redirects = 3\n"
        "log_level = debug\n"
        "log_format = json ; inline comment\n"
        "robots_ttl = 12h\n"
        "allow_private = yes\n");
    assert_string_equal(c->state_dir, "/var/lib/warta");
    assert_string_equal(c->plugin_dir, "/usr/lib/warta/plugins");
    assert_string_equal(c->rules_dir, "/usr/share/warta/rules");
    assert_string_equal(c->user_agent, "mybot/1.0 (ops@example.org)");
    assert_int_equal(c->max_connections, 32);
    assert_int_equal(c->max_per_host, 4);
    assert_true(c->delay == 1.5);
    assert_true(c->crawl_delay_cap == 120);
    assert_true(c->connect_timeout == 5);
    assert_true(c->timeout == 90);
    assert_true(c->low_speed_time == 20);
    assert_int_equal(c->low_speed_limit, 1024);
    assert_int_equal(c->max_body, 20 * 1024 * 1024);
    assert_int_equal(c->max_redirects, 3);
    assert_int_equal(c->log_level, WARTA_LOG_DEBUG);
    assert_int_equal(c->log_format, LOG_JSON);
    assert_true(c->robots_ttl == 12 * 3600);
    assert_int_equal(c->allow_private, 1);
    config_free(c);
}

static void test_sources(void **st)
{
    struct config *c = load_ok(
        "[warta]\n"
        "delay = 3\n"
        "\n"
        "[source antara-jabar]\n"
        "plugin = antara\n"
        "urls = https://jabar.antaranews.com/rss/terkini.xml "
        "HTTPS://Jabar.AntaraNews.com/terkini#x\n"
        "poll = 10m\n"
        "\n"
        "[source prolite]\n"
        "plugin = prolite\n"
        "urls = https://prolitenews.com/feed/\n"
        "urls = https://prolitenews.com/news/\n"
        "    https://prolitenews.com/feed/\n"
        "\thttps://prolitenews.com/daerah/?utm_source=x\n"
        "hosts = prolitenews.com *.Prolitenews.com\n"
        "poll = 300\n"
        "poll_min = 1m\n"
        "poll_max = 2h\n"
        "delay = 0.5\n"
        "enabled = no\n"
        "allow_private = true\n"
        "\n"
        "[source \"local.test_1\"]\n"
        "urls = http://127.0.0.1:8080/feed.xml\n"
        "\n"
        "[plugin antara]\n"
        "hosts = jabar.antaranews.com www.antaranews.com\n"
        "amp = yes\n"
        "amp = again\n"
        "[plugin prolite]\n");
    assert_int_equal(c->n_sources, 3);
    const struct config_source *s = config_source(c, "antara-jabar");
    assert_non_null(s);
    assert_string_equal(s->plugin, "antara");
    assert_int_equal(s->n_urls, 2);
    assert_string_equal(s->urls[0],
                        "https://jabar.antaranews.com/rss/terkini.xml");
    assert_string_equal(s->urls[1], "https://jabar.antaranews.com/terkini");
    assert_true(s->poll == 600);
    assert_true(s->poll_min == 150); /* poll / 4 */
    assert_true(s->poll_max == 4800); /* poll * 8 */
    assert_true(s->delay < 0);
    assert_true(config_source_delay(c, s) == 3);
    assert_int_equal(s->enabled, 1);
    assert_int_equal(s->allow_private, 0);
    assert_int_equal(s->line, 4);
    assert_int_equal(s->plugin_line, 5);
    /* Hosts default to those of the URLs. */
    assert_int_equal(s->n_hosts, 1);
    assert_string_equal(s->hosts[0], "jabar.antaranews.com");
    assert_true(config_source_has_host(s, "jabar.antaranews.com"));
    assert_true(config_source_has_host(s, "JABAR.antaranews.com."));
    assert_false(config_source_has_host(s, "www.antaranews.com"));

    s = config_source(c, "prolite");
    assert_non_null(s);
    assert_int_equal(s->n_urls, 3); /* the repeated feed counted once */
    assert_string_equal(s->urls[0], "https://prolitenews.com/feed/");
    assert_string_equal(s->urls[1], "https://prolitenews.com/news/");
    assert_string_equal(s->urls[2], "https://prolitenews.com/daerah/");
    assert_int_equal(s->n_hosts, 2);
    assert_string_equal(s->hosts[1], "*.prolitenews.com");
    assert_true(config_source_has_host(s, "prolitenews.com"));
    assert_true(config_source_has_host(s, "www.prolitenews.com"));
    assert_false(config_source_has_host(s, "evilprolitenews.com"));
    assert_false(config_source_has_host(s, "prolitenews.com.evil.net"));
    assert_true(s->poll == 300);
    assert_true(s->poll_min == 60);
    assert_true(s->poll_max == 7200);
    assert_true(config_source_delay(c, s) == 0.5);
    assert_int_equal(s->enabled, 0);
    assert_int_equal(s->allow_private, 1);

    s = config_source(c, "local.test_1");
    assert_non_null(s);
    assert_null(s->plugin);
    assert_string_equal(s->hosts[0], "127.0.0.1");
    assert_true(s->poll == 900);
    assert_null(config_source(c, "nope"));
    assert_null(config_source(c, NULL));

    const struct config_plugin *p = config_plugin(c, "antara");
    assert_non_null(p);
    assert_int_equal(p->n_opts, 3);
    assert_string_equal(p->opts[0].key, "hosts");
    assert_string_equal(p->opts[0].value,
                        "jabar.antaranews.com www.antaranews.com");
    assert_string_equal(p->opts[2].value, "again");
    size_t n = 99;
    const struct warta_kv *kv = config_plugin_conf("antara", &n, c);
    assert_int_equal(n, 3);
    assert_ptr_equal(kv, p->opts);
    kv = config_plugin_conf("prolite", &n, c);
    assert_null(kv);
    assert_int_equal(n, 0);
    kv = config_plugin_conf("generic", &n, c);
    assert_null(kv);
    assert_int_equal(n, 0);
    config_free(c);
}

static int known_plugin(void *ud, const char *name)
{
    (void)ud;
    return strcmp(name, "antara") == 0 || strcmp(name, "generic") == 0;
}

static void test_check_plugins(void **st)
{
    char err[256];
    struct config *c = load_ok("[source a]\n"
                               "urls = https://e.com/\n"
                               "plugin = antara\n"
                               "[source b]\n"
                               "urls = https://e.com/b\n"
                               "\n"
                               "plugin = antra\n");
    assert_int_equal(config_check_plugins(c, known_plugin, NULL, err,
                                          sizeof err),
                     W_CONFIG);
    assert_string_equal(err, "t.conf:7: source \"b\": no plugin named "
                             "\"antra\" (see `warta plugins`)");
    config_free(c);
    c = load_ok("[source a]\nurls = https://e.com/\n[plugin generic]\n"
                "x = 1\n[plugin nosuch]\n");
    assert_int_equal(config_check_plugins(c, known_plugin, NULL, err,
                                          sizeof err),
                     W_CONFIG);
    assert_string_equal(err, "t.conf:5: [plugin nosuch]: no plugin named "
                             "\"nosuch\" (see `warta plugins`)");
    config_free(c);
    c = load_ok("[source a]\nurls = https://e.com/\nplugin = generic\n");
    assert_int_equal(config_check_plugins(c, known_plugin, NULL, err,
                                          sizeof err),
                     W_OK);
    config_free(c);
}

static void test_errors(void **st)
{
    load_err("[warta]\nfoo = 1\n", "t.conf:2: unknown key \"foo\" in [warta]");
    load_err("x = 1\n", "t.conf:1: \"x\" is outside any section");
    load_err("[warta]\n[wart]\n", "t.conf:2: unknown section [wart]");
    load_err("[warta]\n[warta]\n", "t.conf:2: [warta] is given twice "
                                   "(first at line 1)");
    load_err("[source]\n", "t.conf:1: [source] needs a name");
    load_err("[source a/b]\nurls = http://e.com/\n",
             "t.conf:1: bad source name \"a/b\"");
    load_err("[plugin Antara]\n", "t.conf:1: bad plugin name \"Antara\"");
    load_err("[plugin x]\n[plugin x]\n",
             "t.conf:2: [plugin x] is given twice (first at line 1)");
    load_err("\n\n[source a]\n\n[warta]\n",
             "t.conf:3: source \"a\" has no urls");
    load_err("[source a]\nurls = https://e.com/\n[source a]\n",
             "t.conf:3: source \"a\" is defined twice (first at line 1)");
    load_err("[source a]\nurls = https://e.com/ ftp://e.com/x\n",
             "t.conf:2: source \"a\": bad URL \"ftp://e.com/x\": not an "
             "absolute http(s) URL");
    load_err("[source a]\nurls = /feed\n", "t.conf:2: source \"a\": bad URL");
    load_err("[source a]\nurls = https://e.com/\nhosts = e.com bad_host!\n",
             "t.conf:3: source \"a\": bad host \"bad_host!\"");
    load_err("[source a]\nurls = https://e.com/\ntags = x\n",
             "t.conf:3: unknown key \"tags\" in [source a]");
    load_err("[source a]\nurls = https://e.com/\npoll = 15x\n",
             "t.conf:3: poll: \"15x\" is not a duration from 1s to 30d");
    load_err("[source a]\nurls = https://e.com/\npoll = -5\n",
             "t.conf:3: poll: \"-5\" is not a duration");
    load_err("[source a]\nurls = https://e.com/\npoll = 0\n",
             "t.conf:3: poll: \"0\" is not a duration");
    load_err("[source a]\nurls = https://e.com/\npoll = 1h\npoll_min = 2h\n",
             "t.conf:4: source \"a\": poll_min <= poll <= poll_max does not "
             "hold (2h, 1h, 8h)");
    load_err("[source a]\nurls = https://e.com/\npoll = 1h\npoll_max = 5m\n",
             "t.conf:4: source \"a\": poll_min <= poll <= poll_max");
    load_err("[source a]\nurls = https://e.com/\npoll = 1h\npoll = 2h\n",
             "t.conf:4: \"poll\" is given twice in [source a]");
    load_err("[source a]\nurls = https://e.com/\nenabled = maybe\n",
             "t.conf:3: enabled: \"maybe\" is not yes or no");
    load_err("[source a]\nurls = https://e.com/\nplugin = Bad-Name\n",
             "t.conf:3: plugin: \"Bad-Name\" is not a plugin name");
    load_err("[warta]\nmax_connections = -1\n",
             "t.conf:2: max_connections: \"-1\" is not a whole number");
    load_err("[warta]\nmax_connections = 10x\n",
             "t.conf:2: max_connections: \"10x\"");
    load_err("[warta]\nmax_connections = 99999999999999999999999\n",
             "t.conf:2: max_connections:");
    load_err("[warta]\nmax_redirects = 21\n", "t.conf:2: max_redirects:");
    load_err("[warta]\ndelay = 1 h\n", "t.conf:2: delay: \"1 h\"");
    load_err("[warta]\ntimeout = 0\n", "t.conf:2: timeout:");
    load_err("[warta]\nmax_body = 10 potatoes\n", "t.conf:2: max_body:");
    load_err("[warta]\nmax_body = 10\n", "t.conf:2: max_body:");
    load_err("[warta]\nlog_level = loud\n",
             "t.conf:2: log_level: \"loud\" is not one of");
    load_err("[warta]\nlog_format = xml\n",
             "t.conf:2: log_format: \"xml\" is not text or json");
    load_err("[warta]\nallow_private = 2\n", "t.conf:2: allow_private:");
    load_err("[warta]\nstate_dir =\n", "t.conf:2: state_dir: empty value");
    load_err("[warta]\nuser_agent = mybot/1.0\n",
             "t.conf:2: user_agent must name a contact");
    load_err("[warta]\nuser_agent = mybot/1.0 (@home)\n",
             "t.conf:2: user_agent must name a contact");
    load_err("[warta]\nca_file = /nonexistent/ca.pem\n",
             "t.conf:2: ca_file /nonexistent/ca.pem:");
    load_err("[warta]\nmax_connections = 2\nmax_per_host = 4\n",
             "t.conf:1: max_per_host (4) is larger than max_connections (2)");
    load_err("[warta]\nconnect_timeout = 2m\ntimeout = 1m\n",
             "t.conf:1: connect_timeout (2m) is longer than timeout (1m)");
    load_err("[warta]\ndelay = 1\n   delay continued\n",
             "t.conf:3: \"delay\" is given twice in [warta] (an indented "
             "line continues a key)");
    load_err("[warta]\nno equals sign here\n", "t.conf:2: syntax error");
    load_err("[warta]\nno equals\nfoo = 1\n", "t.conf:2: syntax error");
    load_err("[warta]\nfoo = 1\nno equals\n", "t.conf:2: unknown key");
    load_err("[warta\n", "t.conf:1: section header without ']'");
}

static void test_long_lines(void **st)
{
    /* inih's line buffer is 200 bytes: a longer line is an error that
     * says how to continue a list, never a silent cut. */
    char text[1024];
    int n = snprintf(text, sizeof text, "[source a]\nurls = https://e.com/");
    for (int i = 0; i < 250; i++)
        text[n++] = 'x';
    memcpy(text + n, "\n", 2);
    load_err(text, "t.conf:2: line longer than");
    /* The same URLs on continuation lines load. */
    struct config *c = load_ok(
        "[source a]\n"
        "urls =\n"
        "  https://e.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
        "  https://e.com/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
        "  https://e.com/cccccccccccccccccccccccccccccccccccccccccccccccccccc\n"
        "  https://e.com/ddddddddddddddddddddddddddddddddddddddddddddddddddd\n");
    assert_int_equal(config_source(c, "a")->n_urls, 4);
    config_free(c);
    /* A source name longer than inih's 50-byte section buffer is ours to
     * read, in full. */
    c = load_ok("[source a_very_long_source_name_that_inih_would_cut_at_50_"
                "bytes]\nurls = https://e.com/\n");
    assert_non_null(config_source(
        c, "a_very_long_source_name_that_inih_would_cut_at_50_bytes"));
    config_free(c);
}

static void test_parsers(void **st)
{
    double d = -1;
    assert_int_equal(config_parse_duration("300", &d), W_OK);
    assert_true(d == 300);
    assert_int_equal(config_parse_duration("15m", &d), W_OK);
    assert_true(d == 900);
    assert_int_equal(config_parse_duration("1h", &d), W_OK);
    assert_true(d == 3600);
    assert_int_equal(config_parse_duration("1h30m", &d), W_OK);
    assert_true(d == 5400);
    assert_int_equal(config_parse_duration("1h 30m 10s", &d), W_OK);
    assert_true(d == 5410);
    assert_int_equal(config_parse_duration("500ms", &d), W_OK);
    assert_true(d == 0.5);
    assert_int_equal(config_parse_duration("0.25", &d), W_OK);
    assert_true(d == 0.25);
    assert_int_equal(config_parse_duration("2d", &d), W_OK);
    assert_true(d == 172800);
    assert_int_equal(config_parse_duration("1w", &d), W_OK);
    assert_true(d == 604800);
    d = 42;
    const char *bad[] = {"", " ", "m", "-1", "+1", "1e3", "0x10", "inf",
                         "nan", "1 2", "15 m", "1h30", "5y", "1.2.3",
                         NULL};
    for (size_t i = 0; bad[i]; i++)
        if (config_parse_duration(bad[i], &d) != W_PARSE)
            fail_msg("duration \"%s\" accepted", bad[i]);
    assert_true(d == 42);
    assert_int_equal(config_parse_duration(NULL, &d), W_PARSE);

    size_t z = 0;
    assert_int_equal(config_parse_size("10M", &z), W_OK);
    assert_int_equal(z, 10485760);
    assert_int_equal(config_parse_size("512k", &z), W_OK);
    assert_int_equal(z, 524288);
    assert_int_equal(config_parse_size("1 GiB", &z), W_OK);
    assert_int_equal(z, 1073741824);
    assert_int_equal(config_parse_size("1.5KB", &z), W_OK);
    assert_int_equal(z, 1536);
    assert_int_equal(config_parse_size("123", &z), W_OK);
    assert_int_equal(z, 123);
    const char *badz[] = {"", "-1", "1.5", "10X", "0x10", "1e6", "M", NULL};
    for (size_t i = 0; badz[i]; i++)
        if (config_parse_size(badz[i], &z) != W_PARSE)
            fail_msg("size \"%s\" accepted", badz[i]);

    int b = -1;
    assert_int_equal(config_parse_bool("Yes", &b), W_OK);
    assert_int_equal(b, 1);
    assert_int_equal(config_parse_bool("off", &b), W_OK);
    assert_int_equal(b, 0);
    assert_int_equal(config_parse_bool("y", &b), W_PARSE);

    assert_true(config_agent_has_contact("warta/0.1 (+https://e.org/bot)"));
    assert_true(config_agent_has_contact("bot (mailto:ops@e.org)"));
    assert_true(config_agent_has_contact("bot/1 ops@example.co.id"));
    assert_false(config_agent_has_contact("bot/1"));
    assert_false(config_agent_has_contact("bot/1 (@handle)"));
    assert_false(config_agent_has_contact("bot/1 a@localhost"));
    assert_false(config_agent_has_contact(NULL));
}

static void test_files(void **st)
{
    char dir[] = "/tmp/warta-test-config-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/w.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[warta]\nstate_dir = state\nplugin_dir = /abs\n\n"
          "[source s]\nurls = https://e.com/\npoll = 5x\n",
          f);
    fclose(f);
    struct config *c = NULL;
    char err[512];
    assert_int_equal(config_load(path, &c, err, sizeof err), W_CONFIG);
    char want[600];
    snprintf(want, sizeof want, "%s:7: poll: \"5x\"", path);
    assert_memory_equal(err, want, strlen(want));
    assert_null(c);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("[warta]\nstate_dir = state\nplugin_dir = /abs\n", f);
    fclose(f);
    assert_int_equal(config_load(path, &c, err, sizeof err), W_OK);
    snprintf(want, sizeof want, "%s/state", dir);
    assert_string_equal(c->state_dir, want); /* relative to the file */
    assert_string_equal(c->plugin_dir, "/abs");
    assert_string_equal(c->path, path);
    /* A reload is a second, independent config. */
    struct config *c2 = NULL;
    assert_int_equal(config_load(path, &c2, err, sizeof err), W_OK);
    assert_ptr_not_equal(c, c2);
    config_free(c);
    assert_string_equal(c2->plugin_dir, "/abs");
    config_free(c2);
    /* A binary file is refused with the line of its first NUL. */
    f = fopen(path, "w");
    assert_non_null(f);
    fwrite("[warta]\ndelay = 1\0junk\n", 1, 24, f);
    fclose(f);
    assert_int_equal(config_load(path, &c, err, sizeof err), W_CONFIG);
    snprintf(want, sizeof want, "%s:2: NUL byte", path);
    assert_memory_equal(err, want, strlen(want));
    remove(path);

    assert_int_equal(config_load(path, &c, err, sizeof err), W_NOTFOUND);
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    assert_string_equal(err, want);
    assert_int_equal(config_load(dir, &c, err, sizeof err), W_IO);
    remove(dir);
}

static void test_example_config(void **st)
{
    /* The installed example must always load. */
    const char *top = getenv("top_srcdir");
    char path[1024];
    snprintf(path, sizeof path, "%s/etc/warta.conf", top ? top : "..");
    struct config *c = NULL;
    char err[512];
    int rc = config_load(path, &c, err, sizeof err);
    if (rc != W_OK)
        fail_msg("%s", err);
    const char *names[] = {"antara-jabar", "antara", "prolite", "solotrust",
                           "jabarekspres", "pelitajabar"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct config_source *s = config_source(c, names[i]);
        if (!s)
            fail_msg("example config lacks source %s", names[i]);
        assert_non_null(s->plugin);
        assert_true(s->n_urls >= 1);
    }
    assert_string_equal(config_source(c, "antara-jabar")->urls[0],
                        "https://jabar.antaranews.com/rss/terkini.xml");
    config_free(c);
}

static void test_recheck(void **st)
{
    (void)st;
    /* Default: never. */
    struct config *c = load_ok("[source a]\nurls = https://e.com/\n");
    assert_int_equal(c->n_recheck, 0);
    assert_int_equal(c->sources[0].n_recheck, 0);
    assert_int_equal(c->drift_window, 20);
    assert_int_equal(c->drift_threshold, 50);
    config_free(c);
    /* A [warta] default (sorted, repeats dropped, commas and continuation
     * lines), inherited by a source that gives none, overridden by one
     * that does, and "none" turning it off. */
    c = load_ok("[source a]\nurls = https://e.com/\n"
                "[source b]\nurls = https://e.com/b\nrecheck = 30m\n"
                "[source c]\nurls = https://e.com/c\nrecheck = none\n"
                "[source d]\nurls = https://e.com/d\nrecheck =\n"
                "[warta]\nrecheck = 1d, 1h 1h\n  1w\n"
                "drift_window = 40\ndrift_threshold = 25\n");
    assert_int_equal(c->n_recheck, 3);
    assert_true(c->recheck[0] == 3600 && c->recheck[1] == 86400 &&
                c->recheck[2] == 7 * 86400);
    const struct config_source *a = config_source(c, "a");
    assert_int_equal(a->n_recheck, 3);
    assert_true(a->recheck[2] == 7 * 86400);
    const struct config_source *b = config_source(c, "b");
    assert_int_equal(b->n_recheck, 1);
    assert_true(b->recheck[0] == 1800);
    assert_int_equal(config_source(c, "c")->n_recheck, 0);
    assert_int_equal(config_source(c, "d")->n_recheck, 0);
    assert_int_equal(c->drift_window, 40);
    assert_int_equal(c->drift_threshold, 25);
    config_free(c);
    /* A source's list may be continued or repeated like urls. */
    c = load_ok("[source a]\nurls = https://e.com/\nrecheck = 2h\n"
                "   90m\nrecheck = 1h30m 1s\n");
    assert_int_equal(c->sources[0].n_recheck, 3);
    assert_true(c->sources[0].recheck[0] == 1);
    assert_true(c->sources[0].recheck[1] == 5400);
    assert_true(c->sources[0].recheck[2] == 7200);
    config_free(c);
    /* Errors, with their line. */
    load_err("[warta]\nrecheck = 1x\n",
             "t.conf:2: recheck: \"1x\" is not an age from 1s to 365d");
    load_err("[warta]\nrecheck = 0\n", "t.conf:2: recheck: \"0\" is not");
    load_err("[warta]\nrecheck = 366d\n",
             "t.conf:2: recheck: \"366d\" is not");
    load_err("[source a]\nurls = https://e.com/\n\nrecheck = 1h -1h\n",
             "t.conf:4: source \"a\": recheck: \"-1h\" is not");
    load_err("[source a]\nurls = https://e.com/\nrecheck = 1h none\n",
             "t.conf:3: source \"a\": recheck: \"none\" cannot go with");
    load_err("[warta]\nrecheck = 1h\nrecheck = 2h\n",
             "t.conf:3: \"recheck\" is given twice in [warta]");
    load_err("[warta]\nrecheck = 1s 2s 3s 4s 5s 6s 7s 8s 9s 10s 11s 12s "
             "13s 14s 15s 16s 17s\n",
             "t.conf:2: recheck: more than 16 ages");
    load_err("[warta]\ndrift_window = 0\n",
             "t.conf:2: drift_window: \"0\" is not a whole number from 1 "
             "to 1000");
    load_err("[warta]\ndrift_threshold = 101\n",
             "t.conf:2: drift_threshold: \"101\" is not a whole number");
}

static void test_oom(void **st)
{
    const char *text = "[warta]\nuser_agent = b (https://e.org)\n"
                       "[source a]\nurls = https://e.com/a https://e.com/b\n"
                       "hosts = e.com\n"
                       "[plugin p]\nk = v\n";
    int done = 0;
    for (long n = 0; n < 400 && !done; n++) {
        struct config *c = NULL;
        char err[256];
        mem_fail_after(n);
        int rc = config_load_string(text, "t", &c, err, sizeof err);
        mem_fail_after(-1);
        if (rc == W_OK) {
            assert_int_equal(c->sources[0].n_urls, 2);
            config_free(c);
            done = 1;
        } else {
            assert_int_equal(rc, W_NOMEM);
            assert_null(c);
        }
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_warta_section),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_check_plugins),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_parsers),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_example_config),
        cmocka_unit_test(test_recheck),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
