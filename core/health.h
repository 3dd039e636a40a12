/* SPDX-License-Identifier: MIT */
/*
 * Drift counting per source: is each source's outlet plugin still reading
 * its site? A plugin that cannot find a title, a date or a body of
 * reasonable length says so in the record's warnings; an outlet plugin
 * that declines a page (the generic one parses it instead) or a page no
 * plugin reads as an article say it louder. The daemon notes every
 * article page it parses here: the counts per source and UTC day go to
 * the store's source_health table (in the caller's transaction, so they
 * survive a restart and can be queried), and a window of each source's
 * last pages in memory decides when to raise the alarm: one warning line
 * when the share of drifted pages reaches the threshold, a reminder at
 * growing intervals while it lasts, and a "recovered" line when the share
 * falls below half the threshold (the gap keeps a source on the edge from
 * logging every other page). So a site redesign shows in the log the day
 * it happens, not months later in an empty export.
 */
#ifndef WARTA_HEALTH_H
#define WARTA_HEALTH_H
#include <stddef.h>
#include <stdint.h>

struct store;
struct warta_record;

/* Kinds of drift, one bit each; their names (health_kind_name) are the
 * keys of source_health.by_warning, in alphabetical order. */
enum health_kind {
    HEALTH_BODY = 1 << 0,        /* "body": no body text, or too short */
    HEALTH_DATE = 1 << 1,        /* "date": no publication date */
    HEALTH_FALLBACK = 1 << 2,    /* "fallback": the source's outlet plugin
                                  * declined, the generic one parsed it */
    HEALTH_NOT_ARTICLE = 1 << 3, /* "not_article": no plugin read the page
                                  * as an article */
    HEALTH_OTHER = 1 << 4,       /* "other": any other warning */
    HEALTH_TITLE = 1 << 5,       /* "title": no title */
    HEALTH_TRUNCATED = 1 << 6,   /* "truncated": text cut at the limit */
};
#define HEALTH_N_KINDS 7
#define HEALTH_MAX_SOURCES 4096 /* sources with an alarm window */
#define HEALTH_MAX_WINDOW 1000

/* Name of kind bit i (0 .. HEALTH_N_KINDS-1), e.g. "title". */
const char *health_kind_name(int i);

/*
 * The drift kinds of a parsed record (borrowed): its warnings by their
 * words ("title", "date", "body"/"text", "truncated", else other), plus
 * HEALTH_FALLBACK when outlet (the plugin the source names; NULL when it
 * names none or the generic one) is not the record's outlet. 0: healthy.
 */
unsigned health_classify(const struct warta_record *rec, const char *outlet);

struct health;

/*
 * Counters on store s (which must outlive them; its schema has the
 * source_health table). window is the number of a source's last article
 * pages judged together (1..HEALTH_MAX_WINDOW), threshold the percentage
 * of them drifted (1..100) that raises the alarm. Returns W_OK and *out
 * (free with health_free), W_NOMEM or W_IO.
 */
int health_new(struct store *s, long window, long threshold,
               struct health **out);
void health_free(struct health *h);
/* New window and threshold (a reload): the windows start empty again. */
void health_set_opts(struct health *h, long window, long threshold);

/*
 * One article page of source parsed at now (Unix seconds) with the drift
 * kinds (0 for a healthy page): counted in source_health for the UTC day
 * (joins the caller's transaction, if any) and in the source's window,
 * which may log the alarm, a reminder or the recovery. Returns W_OK or a
 * negative W_* code from the store (the window counts the page anyway).
 */
int health_note(struct health *h, const char *source, unsigned kinds,
                int64_t now);

/* Log one line per source counted on day ("YYYY-MM-DD", UTC): pages,
 * drifted, and the kinds. Returns the number of lines or a W_* code. */
long health_summary(struct health *h, const char *day);

/* Called from the loop: when the UTC day of now differs from that of the
 * previous call, logs the finished day's summary. */
void health_tick(struct health *h, int64_t now);

/* "YYYY-MM-DD" of the UTC day of now into out (>= 11 bytes). */
void health_day(int64_t now, char *out, size_t n);
#endif
