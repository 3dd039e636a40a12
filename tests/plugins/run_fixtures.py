#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plugin fixture harness: every saved page under tests/plugins/<plugin>/
against what it should give, through the real `warta` binary. TAP output.

A directory tests/plugins/NAME/ holds the fixtures of plugin NAME:

  PAGE.html or PAGE.xml + PAGE.expected.json
      An article: the record `warta parse --plugin NAME --url URL PAGE`
      prints must equal the expected object (URL is its "url"), except
      "fetched" (a clock) and "entities" (extraction's business, checked
      against gold instead, below). An optional "continuation" key names
      the next page of a split article; plugin_probe checks it.
      A listing (feed, index or archive page) when the object has
      "links": `warta parse --links` must print exactly those links, in
      order, and the "next" page.
  PAGE.gold.json
      Entities the record of PAGE must carry, in the gold format of
      gold/GUIDE.md (officials, dates, agreements), matched as the gold
      scorer matches them; skipped while warta is built without
      extraction. "outside_body" lists gold values the article's page
      text holds outside its body (a date line), which a record cannot.
  archive.json
      A list of {"from", "to", "start_urls", "links"}: the archive hook's
      pages for that backfill window.
  canonical.tsv
      "URL<TAB>CANONICAL" lines ("-" when the URL has none): the core's
      canonical form, the plugin's hook included.

Adding a fixture needs no code change. To write an expected file from
what warta prints now (then review it by hand before committing):

  run_fixtures.py --write tests/plugins/NAME/PAGE.html --url URL [--links]

Environment (set by `make check`): WARTA, top_srcdir, top_builddir.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

SRC = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(__file__), "..", "..")
BUILD = os.environ.get("top_builddir") or "."
WARTA = os.environ.get("WARTA") or os.path.join(BUILD, "core", "warta")
ROOT = os.path.join(SRC, "tests", "plugins")
PROBE = os.path.join(BUILD, "tests", "plugins", "plugin_probe")
IGNORED = ("fetched", "entities")


def plugin_dir(name):
    """Real plugins load from the build tree; the template from its check dir."""
    sub = os.path.join("tests", "plugins") if name == "template" else "plugins"
    return os.path.abspath(os.path.join(BUILD, sub, ".libs"))


def run(cmd, plugin):
    env = dict(os.environ, WARTA_PLUGIN_DIR=plugin_dir(plugin))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def page_of(stem):
    for ext in (".html", ".xml"):
        if os.path.exists(stem + ext):
            return stem + ext
    return None


def parse_record(plugin, url, page):
    rc, out, err = run([WARTA, "parse", "--plugin", plugin, "--url", url, page], plugin)
    if rc != 0 or not out.strip():
        raise RuntimeError("warta parse exited %d: %s" % (rc, err.strip()[-500:]))
    return json.loads(out.splitlines()[0])


def parse_links(plugin, url, page):
    rc, out, err = run([WARTA, "parse", "--links", "--plugin", plugin, "--url", url, page], plugin)
    if rc != 0:
        raise RuntimeError("warta parse --links exited %d: %s" % (rc, err.strip()[-500:]))
    links, nxt = [], None
    for line in out.splitlines():
        o = json.loads(line)
        if "next" in o:
            nxt = o["next"]
        else:
            links.append(o)
    return {"links": links, "next": nxt}


def probe(plugin, *args):
    rc, out, err = run([PROBE, "-d", plugin_dir(plugin)] + list(args), plugin)
    if rc != 0:
        raise RuntimeError("plugin_probe exited %d: %s" % (rc, err.strip()[-500:]))
    return out


def diff(expected, actual, path=""):
    """Lines naming each difference between two JSON values."""
    show = lambda v: json.dumps(v, ensure_ascii=False)[:300]
    where = path or "."
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for k in list(expected) + [k for k in actual if k not in expected]:
            out += diff(expected.get(k, "<absent>"), actual.get(k, "<absent>"), path + "." + k)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += diff(e, a, "%s[%d]" % (path, i))
        for i in range(len(actual), len(expected)):
            out.append("%s[%d]: missing %s" % (path, i, show(expected[i])))
        for i in range(len(expected), len(actual)):
            out.append("%s[%d]: extra %s" % (path, i, show(actual[i])))
        return out
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        i = next((k for k, (x, y) in enumerate(zip(expected, actual)) if x != y), min(len(expected), len(actual)))
        lo = max(0, i - 40)
        return ["%s: differs at character %d" % (where, i),
                "%s: expected ...%s" % (where, show(expected[lo:i + 60])),
                "%s:      got ...%s" % (where, show(actual[lo:i + 60]))]
    if expected != actual:
        return ["%s: expected %s" % (where, show(expected)), "%s:      got %s" % (where, show(actual))]
    return []


# --- gold matching, as gold/GUIDE.md "How the scorer matches" -------------
HONORIFICS = {"h", "hj", "dr", "drs", "ir", "prof", "kh", "dato", "datuk", "bapak", "pak", "ibu", "bu", "kang"}
TITLES = {"walikota": "wali kota", "wakil walikota": "wakil wali kota", "kadis": "kepala dinas",
          "mayor": "wali kota", "deputy mayor": "wakil wali kota"}


def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def person(a, b):
    ta = {t for t in fold(a).split() if t not in HONORIFICS}
    tb = {t for t in fold(b).split() if t not in HONORIFICS}
    small, big = sorted((ta, tb), key=len)
    return bool(small) and (ta == tb or (len(small) >= 2 and small <= big))


def party(p):
    words = [{"pemkot": "kota", "pemkab": "kabupaten", "pemprov": "provinsi"}.get(w, w) for w in fold(p).split()]
    while words and words[0] == "pemerintah":
        words = words[1:]
    level = words[0] if words and words[0] in ("kota", "kabupaten", "provinsi") else None
    return level, " ".join(words[1:] if level else words)


def same_party(a, b):
    (la, na), (lb, nb) = party(a), party(b)
    return bool(na) and na == nb and (la == lb or not la or not lb)


def parties_match(a, b):
    common = sum(1 for x in a if any(same_party(x, y) for y in b))
    return bool(a) and bool(b) and common * 2 >= max(len(a), len(b))


def gold_problems(gold, ents):
    out = []
    got = ents.get("officials") or []
    for g in gold.get("officials", []):
        m = [o for o in got if person(g["name"], o.get("name", ""))]
        if not m:
            out.append("official %s (%s) not found" % (g["name"], g["title"]))
        elif TITLES.get(fold(m[0].get("title")), fold(m[0].get("title"))) != fold(g["title"]):
            out.append("official %s: title %r, gold %r" % (g["name"], m[0].get("title"), g["title"]))
    for o in got:
        if not any(person(g["name"], o.get("name", "")) for g in gold.get("officials", [])):
            out.append("extra official %s" % o.get("name"))
    skip = set(gold.get("outside_body", {}).get("dates", []))
    want = {d["value"] for d in gold.get("dates", [])} - skip
    have = {d.get("value") for d in ents.get("dates") or []}
    if want != have:
        out.append("dates: missing %s, extra %s" % (sorted(want - have), sorted(have - want)))
    agr = ents.get("agreements") or []
    for g in gold.get("agreements", []):
        m = [a for a in agr if parties_match(g["parties"], a.get("parties") or [])]
        if not m:
            out.append("agreement %s not found" % g["parties"])
            continue
        for k in ("kind", "stage"):
            if m[0].get(k) != g[k]:
                out.append("agreement %s: %s %r, gold %r" % (g["parties"], k, m[0].get(k), g[k]))
    for a in agr:
        if not any(parties_match(g["parties"], a.get("parties") or []) for g in gold.get("agreements", [])):
            out.append("extra agreement %s" % a.get("parties"))
    return out


# --- the cases -----------------------------------------------------------
def page_case(plugin, page, expected):
    def check():
        if "links" in expected:
            got = parse_links(plugin, expected["url"], page)
            return diff({"links": expected["links"], "next": expected.get("next")}, got), None
        got = parse_record(plugin, expected["url"], page)
        want = {k: v for k, v in expected.items() if k not in IGNORED + ("continuation",)}
        return diff(want, {k: v for k, v in got.items() if k not in IGNORED}), None
    return check


def continuation_case(plugin, page, expected):
    def check():
        got = probe(plugin, "continuation", plugin, expected["url"], page).strip()
        want = expected["continuation"] or "-"
        return diff(want, got), None
    return check


def gold_case(plugin, page, url, gold):
    def check():
        got = parse_record(plugin, url, page)
        ents = got.get("entities")
        if not isinstance(ents, dict):
            return [], "warta built without entity extraction"
        return gold_problems(gold, ents), None
    return check


def archive_case(plugin, case):
    def check():
        out = probe(plugin, "archive", plugin, case["from"], case["to"], *case.get("start_urls", []))
        got = [json.loads(line) for line in out.splitlines()]
        return diff(case["links"], got), None
    return check


def canonical_case(plugin, url, want):
    def check():
        return diff(want, probe(plugin, "canonical", url).strip()), None
    return check


def collect():
    cases = []
    for plugin in sorted(os.listdir(ROOT)):
        d = os.path.join(ROOT, plugin)
        if plugin.startswith(".") or not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            path = os.path.join(d, f)
            if f.endswith(".expected.json"):
                stem = path[: -len(".expected.json")]
                page = page_of(stem)
                expected = json.load(open(path, encoding="utf-8"))
                name = "%s/%s" % (plugin, os.path.basename(page or stem))
                if not page:
                    cases.append((name, lambda: (["no page next to the expected file"], None)))
                    continue
                cases.append((name, page_case(plugin, page, expected)))
                if "continuation" in expected:
                    cases.append((name + " continuation", continuation_case(plugin, page, expected)))
            elif f.endswith(".gold.json"):
                stem = path[: -len(".gold.json")]
                gold = json.load(open(path, encoding="utf-8"))
                exp = json.load(open(stem + ".expected.json", encoding="utf-8"))
                cases.append(("%s/%s entities" % (plugin, os.path.basename(page_of(stem))),
                              gold_case(plugin, page_of(stem), exp["url"], gold)))
            elif f == "archive.json":
                for i, case in enumerate(json.load(open(path, encoding="utf-8"))):
                    cases.append(("%s archive %s..%s #%d" % (plugin, case["from"], case["to"], i + 1),
                                  archive_case(plugin, case)))
            elif f == "canonical.tsv":
                for line in open(path, encoding="utf-8"):
                    line = line.rstrip("\n")
                    if line and not line.startswith("#"):
                        url, want = line.split("\t")
                        cases.append(("%s canonical %s" % (plugin, url), canonical_case(plugin, url, want)))
    return cases


def write(argv):
    """--write PAGE --url URL [--plugin NAME] [--links]"""
    page = argv[argv.index("--write") + 1]
    url = argv[argv.index("--url") + 1]
    plugin = argv[argv.index("--plugin") + 1] if "--plugin" in argv else os.path.basename(os.path.dirname(os.path.abspath(page)))
    if "--links" in argv:
        obj = dict({"url": url}, **parse_links(plugin, url, page))
    else:
        obj = {k: v for k, v in parse_record(plugin, url, page).items() if k not in IGNORED}
    dest = os.path.splitext(page)[0] + ".expected.json"
    with open(dest, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote %s: review it before committing" % dest)


def main():
    if "--write" in sys.argv:
        write(sys.argv)
        return 0
    cases = collect()
    print("1..%d" % len(cases))
    failed = 0
    for i, (name, check) in enumerate(cases, 1):
        try:
            problems, skip = check()
        except Exception as e:  # a crash of warta is a failure, not a harness error
            problems, skip = ["%s: %s" % (type(e).__name__, e)], None
        if skip:
            print("ok %d - %s # SKIP %s" % (i, name, skip))
        elif problems:
            failed += 1
            print("not ok %d - %s" % (i, name))
            for p in problems[:20]:
                print("# " + p.replace("\n", "\\n"))
        else:
            print("ok %d - %s" % (i, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
