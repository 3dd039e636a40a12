/* SPDX-License-Identifier: MIT */
/*
 * Articles in the store: the record upsert (article row, revision row and
 * entity rows in one transaction), reading a record back, and the URL
 * lookup the fetch engine uses to skip what it has. A record's lists and
 * entities are stored as JSON text; the entities object is also spread
 * into one `entities` row per entity so that analysts can query them in
 * SQL (docs/STORE.md).
 */
#include "config.h"
#include "store_int.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

/* Compact JSON text of j into b (reset first). */
static int json_text(struct buf *b, const json_t *j)
{
    buf_reset(b);
    return store_json_append(b, j);
}

/* A list field as a JSON array of strings. */
static int list_text(struct buf *b, const struct strv *l)
{
    json_t *a = json_array();
    int rc = a ? W_OK : W_NOMEM;
    for (size_t i = 0; !rc && l && i < l->n; i++)
        if (json_array_append_new(a, json_string(l->v[i])) != 0)
            rc = W_NOMEM;
    if (!rc)
        rc = json_text(b, a);
    json_decref(a);
    return rc;
}

/* Serialised values of one record, bound to the article statements. */
struct put {
    const char *val[SC__COUNT];
    char hash[65];
    char fetched[24];
    char now[24];
    struct buf authors, editors, tags, warnings, entities, tmp;
    size_t n_entities;
};

static void put_cleanup(struct put *p)
{
    buf_cleanup(&p->authors);
    buf_cleanup(&p->editors);
    buf_cleanup(&p->tags);
    buf_cleanup(&p->warnings);
    buf_cleanup(&p->entities);
    buf_cleanup(&p->tmp);
}

/* Entity rows a record makes: one per element of each array member of the
 * entities object, one for any other non-null member. */
static size_t entity_rows(const json_t *e)
{
    const char *k;
    const json_t *v;
    size_t n = 0;
    json_object_foreach((json_t *)e, k, v)
    {
        if (json_is_array(v))
            n += json_array_size(v);
        else if (!json_is_null(v))
            n++;
    }
    return n;
}

static int put_prepare(struct store *s, const struct warta_record *r,
                       struct put *p)
{
    int rc = W_OK;
    memset(p, 0, sizeof *p);
    buf_init(&p->authors, STORE_JSON_MAX);
    buf_init(&p->editors, STORE_JSON_MAX);
    buf_init(&p->tags, STORE_JSON_MAX);
    buf_init(&p->warnings, STORE_JSON_MAX);
    buf_init(&p->entities, STORE_JSON_MAX);
    buf_init(&p->tmp, STORE_JSON_MAX);
    if (!r->id || !*r->id) {
        W_ERROR("store %s: record without an id (record_finish not "
                "called?)",
                s->path);
        return W_ERR;
    }
    const char *hash = r->content_hash;
    if (!hash) {
        const char *t = r->scalar[WARTA_F_TEXT] ? r->scalar[WARTA_F_TEXT] : "";
        record_sha256_hex(t, strlen(t), p->hash);
        hash = p->hash;
    }
    /* fetched is a UTC instant; keep it in one form so that text
     * comparison (export --since) is time comparison. */
    const char *fetched = r->fetched;
    char utc[20];
    if (fetched && store_time_utc(fetched, utc) == W_OK) {
        snprintf(p->fetched, sizeof p->fetched, "%sZ", utc);
        fetched = p->fetched;
    }
    if (r->entities && !json_is_object(r->entities) &&
        !json_is_null(r->entities)) {
        W_ERROR("store %s: record %s: entities is not a JSON object",
                s->path, r->id);
        return W_PARSE;
    }
    const json_t *ent = json_is_object(r->entities) ? r->entities : NULL;
    if (ent) {
        p->n_entities = entity_rows(ent);
        if (p->n_entities > STORE_ENTITIES_MAX) {
            W_ERROR("store %s: record %s has %zu entities (at most %d)",
                    s->path, r->id, p->n_entities, STORE_ENTITIES_MAX);
            return W_TOOBIG;
        }
        rc = json_text(&p->entities, ent);
    }
    if (!rc)
        rc = list_text(&p->authors, record_list(r, WARTA_F_AUTHORS));
    if (!rc)
        rc = list_text(&p->editors, record_list(r, WARTA_F_EDITORS));
    if (!rc)
        rc = list_text(&p->tags, record_list(r, WARTA_F_TAGS));
    if (!rc)
        rc = list_text(&p->warnings, record_list(r, WARTA_F_WARNINGS));
    if (rc)
        return rc;
    store_now_iso(p->now);
    p->val[SC_ID] = r->id;
    p->val[SC_OUTLET] = r->outlet;
    p->val[SC_SOURCE] = r->source;
    p->val[SC_URL] = r->url;
    p->val[SC_CANONICAL_URL] = r->scalar[WARTA_F_CANONICAL_URL];
    p->val[SC_TITLE] = r->scalar[WARTA_F_TITLE];
    p->val[SC_PUBLISHED] = r->scalar[WARTA_F_PUBLISHED];
    p->val[SC_MODIFIED] = r->scalar[WARTA_F_MODIFIED];
    p->val[SC_AUTHORS] = buf_str(&p->authors);
    p->val[SC_EDITORS] = buf_str(&p->editors);
    p->val[SC_SECTION] = r->scalar[WARTA_F_SECTION];
    p->val[SC_TAGS] = buf_str(&p->tags);
    p->val[SC_DATELINE] = r->scalar[WARTA_F_DATELINE];
    p->val[SC_LANG] = r->scalar[WARTA_F_LANG];
    p->val[SC_TEXT] = r->scalar[WARTA_F_TEXT];
    p->val[SC_CONTENT_HASH] = hash;
    p->val[SC_FETCHED] = fetched;
    p->val[SC_ENTITIES] = ent ? buf_str(&p->entities) : NULL;
    p->val[SC_WARNINGS] = buf_str(&p->warnings);
    return W_OK;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compare the stored row (st on ST_ARTICLE_GET) with p: which outcome an
 * upsert has, and whether the entities changed. */
static enum store_outcome compare_row(sqlite3_stmt *st, const struct put *p,
                                      int *entities_changed)
{
    const char *old_hash =
        (const char *)sqlite3_column_text(st, SC_CONTENT_HASH);
    const char *old_entities =
        (const char *)sqlite3_column_text(st, SC_ENTITIES);
    *entities_changed = !same(old_entities, p->val[SC_ENTITIES]);
    if (!same(old_hash, p->val[SC_CONTENT_HASH]))
        return STORE_UPDATED;
    for (int c = SC_ID + 1; c < SC__COUNT; c++) {
        if (c == SC_FETCHED) /* refetching the same article changes nothing */
            continue;
        if (!same((const char *)sqlite3_column_text(st, c), p->val[c]))
            return STORE_REFRESHED;
    }
    return STORE_UNCHANGED;
}

/* Start and end offsets of one entity: its own "start"/"end", else the
 * first span of "mentions" or "evidence" (officials, agreements). */
static void entity_span(const json_t *v, json_int_t *start, json_int_t *end)
{
    static const char *const spans[] = {"mentions", "evidence"};
    const json_t *a = json_object_get(v, "start");
    const json_t *b = json_object_get(v, "end");
    *start = *end = -1;
    if (json_is_integer(a) && json_is_integer(b)) {
        *start = json_integer_value(a);
        *end = json_integer_value(b);
        return;
    }
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
        const json_t *first = json_array_get(json_object_get(v, spans[i]), 0);
        a = json_array_get(first, 0);
        b = json_array_get(first, 1);
        if (json_is_integer(a) && json_is_integer(b)) {
            *start = json_integer_value(a);
            *end = json_integer_value(b);
            return;
        }
    }
}

static int entity_insert(struct store *s, struct put *p, const char *id,
                         const char *kind, size_t seq, const json_t *v)
{
    sqlite3_stmt *st = store_st(s, ST_ENTITY_INSERT);
    json_int_t start, end;
    if (!st)
        return W_ERR;
    int rc = json_text(&p->tmp, v);
    if (rc)
        return rc;
    entity_span(v, &start, &end);
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)seq);
    store_bind_text(st, 4, buf_str(&p->tmp));
    if (start >= 0)
        sqlite3_bind_int64(st, 5, start);
    if (end >= 0)
        sqlite3_bind_int64(st, 6, end);
    return store_step_done(s, st, "insert entity");
}

/* Replace the article's entity rows by those of ent (may be NULL). */
static int entities_write(struct store *s, struct put *p, const char *id,
                          const json_t *ent, int had_rows)
{
    int rc = W_OK;
    if (had_rows) {
        sqlite3_stmt *st = store_st(s, ST_ENTITY_DELETE);
        if (!st)
            return W_ERR;
        store_bind_text(st, 1, id);
        rc = store_step_done(s, st, "delete entities");
    }
    const char *kind;
    const json_t *v;
    json_object_foreach((json_t *)ent, kind, v)
    {
        if (rc)
            break;
        if (json_is_array(v)) {
            size_t i;
            const json_t *e;
            json_array_foreach(v, i, e)
            {
                rc = entity_insert(s, p, id, kind, i, e);
                if (rc)
                    break;
            }
        } else if (!json_is_null(v)) {
            rc = entity_insert(s, p, id, kind, 0, v);
        }
    }
    return rc;
}

static int article_write(struct store *s, const struct put *p,
                         enum store_stmt which, int bump)
{
    sqlite3_stmt *st = store_st(s, which);
    if (!st)
        return W_ERR;
    for (int c = 0; c < SC__COUNT; c++)
        store_bind_text(st, c + 1, p->val[c]);
    store_bind_text(st, 20, p->now);
    if (which == ST_ARTICLE_UPDATE)
        sqlite3_bind_int(st, 21, bump);
    int rc = sqlite3_step(st);
    store_reset(st);
    if (rc == SQLITE_DONE)
        return W_OK;
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        W_ERROR("store %s: canonical URL %s is already stored under "
                "another id than %s",
                s->path, p->val[SC_CANONICAL_URL], p->val[SC_ID]);
        return W_ERR;
    }
    return store_fail(s, rc, "write article");
}

int store_put_record(struct store *s, const struct warta_record *r,
                     enum store_outcome *out)
{
    struct put p;
    int nested = 0, entities_changed = 1, exists = 0;
    enum store_outcome outcome = STORE_INSERTED;
    int rc = put_prepare(s, r, &p);
    if (rc)
        goto out;
    rc = store_unit_begin(s, &nested);
    if (rc)
        goto out;
    sqlite3_stmt *get = store_st(s, ST_ARTICLE_GET);
    if (!get) {
        rc = store_unit_end(s, nested, W_ERR);
        goto out;
    }
    store_bind_text(get, 1, r->id);
    int src = sqlite3_step(get);
    if (src == SQLITE_ROW) {
        exists = 1;
        outcome = compare_row(get, &p, &entities_changed);
    } else if (src != SQLITE_DONE) {
        rc = store_fail(s, src, "read article");
    }
    store_reset(get);
    if (!rc && outcome == STORE_UPDATED) {
        sqlite3_stmt *copy = store_st(s, ST_REVISION_COPY);
        rc = copy ? W_OK : W_ERR;
        if (!rc) {
            store_bind_text(copy, 1, r->id);
            rc = store_step_done(s, copy, "copy revision");
        }
    }
    if (!rc && outcome != STORE_UNCHANGED)
        rc = article_write(s, &p,
                           exists ? ST_ARTICLE_UPDATE : ST_ARTICLE_INSERT,
                           outcome == STORE_UPDATED);
    if (!rc && outcome != STORE_UNCHANGED && entities_changed)
        rc = entities_write(s, &p, r->id,
                            json_is_object(r->entities) ? r->entities : NULL,
                            exists);
    rc = store_unit_end(s, nested, rc);
out:
    put_cleanup(&p);
    if (!rc && out)
        *out = outcome;
    return rc;
}

/* Append the strings of a JSON array column to list field f. */
static int list_from_text(struct warta_record *rec, enum warta_field f,
                          const char *text)
{
    if (!text)
        return W_OK;
    json_t *a = json_loads(text, 0, NULL);
    if (!json_is_array(a)) {
        json_decref(a);
        return a ? W_PARSE : W_NOMEM;
    }
    size_t i;
    json_t *v;
    int rc = W_OK;
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            rc = record_set(rec, f, json_string_value(v));
        if (rc)
            break;
    }
    json_decref(a);
    return rc;
}

int store_row_to_record(sqlite3_stmt *st, struct warta_record *rec)
{
    static const struct {
        int col;
        enum warta_field f;
    } scalars[] = {
        {SC_CANONICAL_URL, WARTA_F_CANONICAL_URL},
        {SC_TITLE, WARTA_F_TITLE},
        {SC_PUBLISHED, WARTA_F_PUBLISHED},
        {SC_MODIFIED, WARTA_F_MODIFIED},
        {SC_SECTION, WARTA_F_SECTION},
        {SC_DATELINE, WARTA_F_DATELINE},
        {SC_LANG, WARTA_F_LANG},
        {SC_TEXT, WARTA_F_TEXT},
    };
    static const struct {
        int col;
        enum warta_field f;
    } lists[] = {
        {SC_AUTHORS, WARTA_F_AUTHORS},
        {SC_EDITORS, WARTA_F_EDITORS},
        {SC_TAGS, WARTA_F_TAGS},
        {SC_WARNINGS, WARTA_F_WARNINGS},
    };
#define COL(c) ((const char *)sqlite3_column_text(st, (c)))
    int rc = record_core_set(&rec->id, COL(SC_ID));
    if (!rc)
        rc = record_core_set(&rec->outlet, COL(SC_OUTLET));
    if (!rc)
        rc = record_core_set(&rec->source, COL(SC_SOURCE));
    if (!rc)
        rc = record_core_set(&rec->url, COL(SC_URL));
    if (!rc)
        rc = record_core_set(&rec->fetched, COL(SC_FETCHED));
    if (!rc)
        rc = record_core_set(&rec->content_hash, COL(SC_CONTENT_HASH));
    for (size_t i = 0; !rc && i < sizeof scalars / sizeof *scalars; i++)
        rc = record_set(rec, scalars[i].f, COL(scalars[i].col));
    for (size_t i = 0; !rc && i < sizeof lists / sizeof *lists; i++) {
        rc = list_from_text(rec, lists[i].f, COL(lists[i].col));
        if (rc == W_PARSE) { /* hand-edited column: keep the rest */
            W_WARN("store: article %s: column %d is not a JSON array",
                   rec->id, lists[i].col);
            rc = W_OK;
        }
    }
    const char *ent = COL(SC_ENTITIES);
    if (!rc && ent) {
        json_decref(rec->entities);
        rec->entities = json_loads(ent, 0, NULL);
        if (!rec->entities)
            rc = W_NOMEM; /* the store wrote valid JSON: memory ran out */
    }
#undef COL
    return rc;
}

int store_get_record(struct store *s, const char *id,
                     struct warta_record *rec)
{
    sqlite3_stmt *st = store_st(s, ST_ARTICLE_GET);
    if (!st)
        return W_ERR;
    store_bind_text(st, 1, id);
    int src = sqlite3_step(st);
    int rc = W_NOTFOUND;
    if (src == SQLITE_ROW)
        rc = store_row_to_record(st, rec);
    else if (src != SQLITE_DONE)
        rc = store_fail(s, src, "read article");
    store_reset(st);
    return rc;
}

int store_has_url(struct store *s, const char *canonical_url)
{
    char hex[65];
    sqlite3_stmt *st = store_st(s, ST_HAS_URL);
    if (!st)
        return W_ERR;
    /* The id record_finish derives from a URL, for records stored without
     * a canonical_url (their url gave the id). */
    record_sha256_hex(canonical_url, strlen(canonical_url), hex);
    hex[20] = '\0';
    store_bind_text(st, 1, canonical_url);
    store_bind_text(st, 2, hex);
    int src = sqlite3_step(st);
    int rc = src == SQLITE_ROW    ? 1
             : src == SQLITE_DONE ? 0
                                  : store_fail(s, src, "look up URL");
    store_reset(st);
    return rc;
}
