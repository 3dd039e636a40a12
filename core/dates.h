/* SPDX-License-Identifier: MIT */
/*
 * Dates: the publication-date normaliser plugins use (host->parse_date)
 * and the finder of calendar references in article bodies.
 *
 * date_normalise is self-contained C (publication dates come in a handful
 * of machine-made shapes and must work without a rule set). dates_find
 * runs the "dates" category of a rule set (rules/dates/NAME.rules, month and
 * weekday names in rules/words/NAME.tsv) and turns each match into a value
 * with the calendar arithmetic here, following gold/GUIDE.md "Dates":
 * the value is ISO 8601 cut to the precision the text gives, relative
 * expressions are resolved against the publication date.
 */
#ifndef WARTA_DATES_H
#define WARTA_DATES_H
#include <stddef.h>

struct rules;

/* Bounds: dates_find keeps at most DATES_MAX entries per text. */
#define DATES_MAX 4096

/*
 * Normalise a publication date: "Sun, 15 Mar 2020 15:51:04 +0700",
 * "2020-03-15T15:51:04+07:00", "2020-03-15T08:51:04Z", "2020-03-15",
 * "Senin, 15 Mei 2017 18:43 WIB", "23 Maret 2018 09:37 WIB",
 * "Senin, 12 Mei 2025 17:33", "15/05/2017 18:43", "15 May 2017", ...
 *
 * With a time the result is "YYYY-MM-DDTHH:MM:SS+HH:MM": the offset the
 * input gives (WIB +07:00, WITA +08:00, WIT +09:00, "Z"/GMT/UTC +00:00,
 * numeric offsets as written), +07:00 when it gives none. Date only gives
 * "YYYY-MM-DD". Returns W_OK, W_NOTFOUND when s holds no valid date (out
 * is then ""), W_TOOBIG when outsz < 26 (out is then "" if outsz > 0).
 */
int date_normalise(const char *s, char *out, size_t outsz);

/* One calendar reference found in a text. */
struct dates_item {
    char *text;            /* the words as written (owned by the list) */
    char value[32];        /* "2023-02-01", "2021-03" or "2015" */
    const char *precision; /* "day", "month" or "year" (static) */
    size_t start, end;     /* code points in the text, end exclusive */
    size_t bstart, bend;   /* the same span in bytes */
    char datetime[32];     /* "2018-03-23T09:37:00+07:00" when the text
                            * gives a time with the day, else "" */
    const char *rule;      /* id of the rule that matched (borrowed from
                            * the rule set: valid while the set lives) */
    int range;             /* 0; 1 for the first and 2 for the second
                            * end of a range ("3 - 5 September 2025"
                            * gives two items with the same span) */
};

struct dates_list {
    struct dates_item *v;
    size_t n, cap;
    int truncated; /* 1 when DATES_MAX was reached */
};

void dates_list_init(struct dates_list *l);
/* Frees the items and their texts; the list can be reused. */
void dates_list_cleanup(struct dates_list *l);

/*
 * Find the dates of text[0..len) with the "dates" rules of rs and append
 * them to out in text order (every occurrence: the same value may appear
 * several times with different spans).
 *
 * published: the article's publication date or date-time (anything
 * date_normalise accepts); relative expressions ("kemarin", "Senin",
 * "(27/9)", "3 hari lalu", "tahun depan") are resolved against its date
 * part. NULL or unparsable: relative and year-less expressions are
 * skipped, absolute ones still found.
 *
 * Invalid UTF-8 is replaced as rules_sanitize does before matching, so
 * offsets are those of the sanitised text (equal to the input's when it
 * is valid). Returns W_OK (also when nothing was found or out was cut at
 * DATES_MAX: out->truncated), W_TOOBIG past RULES_MAX_TEXT, W_NOMEM.
 */
int dates_find(const struct rules *rs, const char *text, size_t len,
               const char *published, struct dates_list *out);

/* Calendar helpers (proleptic Gregorian), exposed for other modules. */

/* 1 when y-m-d is a real date (1 <= m <= 12, day within the month). */
int dates_valid(int y, int m, int d);
/* Days since 1970-01-01 of y-m-d, and back. */
long dates_to_days(int y, int m, int d);
void dates_from_days(long days, int *y, int *m, int *d);
/* ISO weekday of y-m-d: 1 = Monday ... 7 = Sunday. */
int dates_weekday(int y, int m, int d);

#endif /* WARTA_DATES_H */
