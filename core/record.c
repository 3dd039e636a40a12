/* SPDX-License-Identifier: MIT */
/*
 * Record fields and their JSON form. Plugins reach record_set/get/warn
 * through the host table; every value is copied so the record owns it.
 */
#include "config.h"
#include "record.h"
#include "mem.h"
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void record_init(struct warta_record *r) { memset(r, 0, sizeof *r); }

static void strv_cleanup(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        w_free(s->v[i]);
    W_FREE(s->v);
    s->n = s->cap = 0;
}

void record_cleanup(struct warta_record *r)
{
    for (int i = 0; i < RECORD_N_SCALARS; i++)
        w_free(r->scalar[i]);
    for (int i = 0; i < RECORD_N_LISTS; i++)
        strv_cleanup(&r->list[i]);
    w_free(r->id);
    w_free(r->outlet);
    w_free(r->source);
    w_free(r->url);
    w_free(r->fetched);
    w_free(r->content_hash);
    json_decref(r->entities);
    memset(r, 0, sizeof *r);
}

static int strv_push(struct strv *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return W_OK; /* lists are sets: "Editor" twice is one editor */
    if (s->n >= RECORD_LIST_MAX)
        return W_TOOBIG;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        char **nv = w_realloc(s->v, cap * sizeof *nv);
        if (!nv)
            return W_NOMEM;
        s->v = nv;
        s->cap = cap;
    }
    char *d = w_strdup(v);
    if (!d)
        return W_NOMEM;
    s->v[s->n++] = d;
    return W_OK;
}

int record_core_set(char **field, const char *v)
{
    char *d = NULL;
    if (v && !(d = w_strdup(v)))
        return W_NOMEM;
    w_free(*field);
    *field = d;
    return W_OK;
}

/*
 * A body past RECORD_FIELD_MAX is kept up to its last paragraph break
 * before the limit (or a UTF-8 boundary), with a warning: a best-effort
 * record is worth more than none for a huge page.
 */
static int set_truncated_text(struct warta_record *r, const char *v)
{
    size_t cut = RECORD_FIELD_MAX;
    while (cut > 0 && ((unsigned char)v[cut] & 0xC0) == 0x80)
        cut--;
    for (size_t i = cut; i > RECORD_FIELD_MAX / 2; i--)
        if (v[i - 1] == '\n' && v[i - 2] == '\n') {
            cut = i - 2;
            break;
        }
    char *d = w_strndup(v, cut);
    if (!d)
        return W_NOMEM;
    w_free(r->scalar[WARTA_F_TEXT]);
    r->scalar[WARTA_F_TEXT] = d;
    return record_warn(r, "text truncated to %zu of %zu bytes", cut,
                       strlen(v));
}

int record_set(struct warta_record *r, enum warta_field f, const char *v)
{
    if (!r || (int)f < 0 || f >= WARTA_F__COUNT)
        return W_ERR;
    if (v && f == WARTA_F_TEXT && strlen(v) > RECORD_FIELD_MAX)
        return set_truncated_text(r, v);
    if (v && strlen(v) > RECORD_FIELD_MAX)
        return W_TOOBIG;
    if (f < RECORD_N_SCALARS)
        return record_core_set(&r->scalar[f], v);
    if (!v || !*v)
        return W_OK;
    return strv_push(&r->list[f - WARTA_F_AUTHORS], v);
}

const char *record_get(const struct warta_record *r, enum warta_field f)
{
    if (!r || (int)f < 0 || f >= WARTA_F__COUNT)
        return NULL;
    if (f < RECORD_N_SCALARS)
        return r->scalar[f];
    const struct strv *s = &r->list[f - WARTA_F_AUTHORS];
    return s->n ? s->v[0] : NULL;
}

const struct strv *record_list(const struct warta_record *r,
                               enum warta_field f)
{
    if (f < WARTA_F_AUTHORS || f >= WARTA_F__COUNT)
        return NULL;
    return &r->list[f - WARTA_F_AUTHORS];
}

int record_warn(struct warta_record *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return record_set(r, WARTA_F_WARNINGS, msg);
}

void record_sha256_hex(const char *s, size_t n, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)s);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

int record_finish(struct warta_record *r)
{
    char hex[65];
    const char *key = r->scalar[WARTA_F_CANONICAL_URL];
    if (!key)
        key = r->url;
    if (key) {
        record_sha256_hex(key, strlen(key), hex);
        hex[20] = '\0'; /* 80 bits: collisions are not a practical worry */
        if (record_core_set(&r->id, hex))
            return W_NOMEM;
    }
    const char *text = r->scalar[WARTA_F_TEXT] ? r->scalar[WARTA_F_TEXT] : "";
    record_sha256_hex(text, strlen(text), hex);
    if (record_core_set(&r->content_hash, hex))
        return W_NOMEM;
    if (!r->fetched) {
        char ts[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (record_core_set(&r->fetched, ts))
            return W_NOMEM;
    }
    return W_OK;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *list_json(const struct strv *s)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < s->n; i++)
        json_array_append_new(a, json_string(s->v[i]));
    return a;
}

json_t *record_to_json(const struct warta_record *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* SPEC.md order; json_dumps keeps it (JSON_PRESERVE_ORDER). */
    json_object_set_new(o, "id", str_or_null(r->id));
    json_object_set_new(o, "outlet", str_or_null(r->outlet));
    json_object_set_new(o, "source", str_or_null(r->source));
    json_object_set_new(o, "url", str_or_null(r->url));
    json_object_set_new(o, "canonical_url",
                        str_or_null(r->scalar[WARTA_F_CANONICAL_URL]));
    json_object_set_new(o, "title", str_or_null(r->scalar[WARTA_F_TITLE]));
    json_object_set_new(o, "published",
                        str_or_null(r->scalar[WARTA_F_PUBLISHED]));
    json_object_set_new(o, "authors",
                        list_json(record_list(r, WARTA_F_AUTHORS)));
    json_object_set_new(o, "editors",
                        list_json(record_list(r, WARTA_F_EDITORS)));
    json_object_set_new(o, "section",
                        str_or_null(r->scalar[WARTA_F_SECTION]));
    json_object_set_new(o, "tags", list_json(record_list(r, WARTA_F_TAGS)));
    json_object_set_new(o, "dateline",
                        str_or_null(r->scalar[WARTA_F_DATELINE]));
    json_object_set_new(o, "lang", str_or_null(r->scalar[WARTA_F_LANG]));
    json_object_set_new(o, "text", str_or_null(r->scalar[WARTA_F_TEXT]));
    json_object_set_new(o, "fetched", str_or_null(r->fetched));
    json_object_set_new(o, "content_hash", str_or_null(r->content_hash));
    json_object_set(o, "entities",
                    r->entities ? r->entities : json_null());
    json_object_set_new(o, "warnings",
                        list_json(record_list(r, WARTA_F_WARNINGS)));
    return o;
}

static int take_str(char **field, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? record_core_set(field, json_string_value(v))
                             : W_OK;
}

static int take_list(struct warta_record *r, enum warta_field f,
                     const json_t *o, const char *key)
{
    const json_t *a = json_object_get(o, key);
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v)) {
            int rc = record_set(r, f, json_string_value(v));
            if (rc)
                return rc;
        }
    }
    return W_OK;
}

int record_from_json(struct warta_record *r, const json_t *o)
{
    static const struct {
        enum warta_field f;
        const char *key;
    } scalars[] = {
        {WARTA_F_CANONICAL_URL, "canonical_url"},
        {WARTA_F_TITLE, "title"},
        {WARTA_F_PUBLISHED, "published"},
        {WARTA_F_SECTION, "section"},
        {WARTA_F_DATELINE, "dateline"},
        {WARTA_F_LANG, "lang"},
        {WARTA_F_TEXT, "text"},
    };
    int rc = W_OK;
    if (!json_is_object(o))
        return W_PARSE;
    for (size_t i = 0; !rc && i < sizeof scalars / sizeof *scalars; i++)
        rc = take_str(&r->scalar[scalars[i].f], o, scalars[i].key);
    if (!rc)
        rc = take_str(&r->id, o, "id");
    if (!rc)
        rc = take_str(&r->outlet, o, "outlet");
    if (!rc)
        rc = take_str(&r->source, o, "source");
    if (!rc)
        rc = take_str(&r->url, o, "url");
    if (!rc)
        rc = take_str(&r->fetched, o, "fetched");
    if (!rc)
        rc = take_str(&r->content_hash, o, "content_hash");
    if (!rc)
        rc = take_list(r, WARTA_F_AUTHORS, o, "authors");
    if (!rc)
        rc = take_list(r, WARTA_F_EDITORS, o, "editors");
    if (!rc)
        rc = take_list(r, WARTA_F_TAGS, o, "tags");
    if (!rc)
        rc = take_list(r, WARTA_F_WARNINGS, o, "warnings");
    const json_t *e = json_object_get(o, "entities");
    if (!rc && json_is_object(e)) {
        json_decref(r->entities);
        r->entities = json_deep_copy(e);
    }
    return rc;
}
