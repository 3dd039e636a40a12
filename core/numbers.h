/* SPDX-License-Identifier: MIT */
/*
 * Money and percentages in Indonesian text: "Rp 2 triliun", "Rp2,5
 * miliar", "500 juta rupiah", "Rp 150.000", "US$ 3 juta", "RM 10 ribu",
 * "8 persen", "12,5%". Patterns live in rules/money/NAME.rules (category
 * "money"), currency symbols and scale words in rules/words/NAME.tsv; the
 * number arithmetic (Indonesian format: "." groups thousands, "," marks
 * decimals; scale words multiply exactly, in decimal, never through a
 * double) is here.
 */
#ifndef WARTA_NUMBERS_H
#define WARTA_NUMBERS_H
#include <stddef.h>

struct rules;

#define NUMBERS_MAX 4096 /* items per list */

struct numbers_money {
    char *text;        /* as written (owned by the list) */
    char amount[48];   /* "2000000000000" or "2500000.5": an integer when
                        * exact, else a decimal string, never exponent */
    char currency[4];  /* ISO 4217: "IDR", "USD", "MYR", ... */
    size_t start, end; /* code points, end exclusive */
    size_t bstart, bend; /* bytes */
};

struct numbers_percent {
    char *text;        /* as written (owned by the list) */
    char value[48];    /* "8", "12.5" (decimal point, no exponent) */
    size_t start, end; /* code points, end exclusive */
    size_t bstart, bend; /* bytes */
};

struct numbers_list {
    struct numbers_money *money;
    size_t n_money, cap_money;
    struct numbers_percent *percent;
    size_t n_percent, cap_percent;
    int truncated; /* 1 when NUMBERS_MAX cut a list */
};

void numbers_list_init(struct numbers_list *l);
/* Frees the items and their texts; the list can be reused. */
void numbers_list_cleanup(struct numbers_list *l);

/*
 * Find money amounts and percentages in text[0..len) with the "money"
 * rules of rs and append them to out in text order. Invalid UTF-8 is
 * handled as in dates_find (offsets are those of the sanitised text).
 * Returns W_OK, W_TOOBIG past RULES_MAX_TEXT, W_NOMEM.
 */
int numbers_find(const struct rules *rs, const char *text, size_t len,
                 struct numbers_list *out);

/*
 * Parse an Indonesian-format number ("2", "2,5", "150.000", "1.250,75";
 * "3.5" with one to two digits after a single point, and "1,000,000" with
 * comma groups of three, are read the English way) times 10^exp10 (0 for
 * none, 3 ribu, 6 juta, 9 miliar, 12 triliun) into a plain decimal
 * string: "2000000000000", "2500000000", "0.5". Returns W_OK, W_PARSE when
 * s[0..len) is not a number, W_TOOBIG when the result has more than 40
 * digits or does not fit outsz.
 */
int numbers_parse(const char *s, size_t len, unsigned exp10, char *out,
                  size_t outsz);

#endif /* WARTA_NUMBERS_H */
