"""URL canonicalisation: one key for every address of the same article.

`canonical_url` is an identity key for deduplication, not a link to follow (the
page's own `url` stays in the records). So it folds together addresses that
serve the same article, even where the folded form might not be served itself:

- scheme and host lower-case; `http` becomes `https` (sites serve the same
  article on both; nearly all redirect to https today); default ports dropped;
- `www.`, `m.`/`mobile.` (mobile sites) and `amp.` (AMP mirrors) hosts are the
  same site: the leading label is dropped as long as a registrable name (two
  labels) is left. Keeping `www.` would split a story whose pages link to
  `example.com/x` from one whose pages say `www.example.com/x`, and no
  publisher serves a *different* article on `www.` than on the bare host;
- AMP variants of the path and query: `/amp`, `/amp/` (at the end or as the
  first segment), `.amp.html`, `?amp`, `amp=1`, `outputType=amp`, and Google's
  AMP cache (`*.cdn.ampproject.org/c/s/host/path`);
- tracking parameters (`utm_*`, click ids, newsletter and referral markers) are
  removed, the rest sorted, so parameter order does not matter;
- fragments, session ids in the path (`;jsessionid=`), trailing slashes and
  `index.html`-style directory indexes are dropped; percent escapes get upper-case
  hex so `%2f` and `%2F` agree.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# Exact query-parameter names that only say how the reader arrived (lower-case).
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "_hsenc",
    "_hsmi", "hsctatracking", "ocid", "cmpid", "cmp", "icid", "intcmp", "int_cmp", "ito",
    "ref", "ref_src", "ref_url", "referrer", "source", "src", "share", "shared", "smid",
    "smtyp", "sr_share", "soc_src", "soc_trk", "xtor", "wt_mc", "wt.mc_id", "wt.tsrc",
    "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "at_medium",
    "at_campaign", "at_source", "at_platform", "at_link", "rss", "feed", "feature",
    "spm", "guccounter", "guce_referrer", "guce_referrer_sig", "s_cid",
    "trk", "trkcampaign", "sc_cid", "partner", "traffic_source", "fb_action_ids",
    "fb_action_types", "fb_ref", "fb_source", "action_object_map", "action_type_map",
    "action_ref_map", "outputtype", "amp", "mobile", "m",
})
# Parameter-name prefixes of the same kind.
TRACKING_PREFIXES = ("utm_", "at_custom", "pk_", "mtm_", "hmb_", "vero_", "oly_", "__")
# Leading host labels that name a variant of the same site.
VARIANT_HOST_LABELS = ("www", "www1", "www2", "m", "mobile", "amp")
DEFAULT_PORTS = {"http": 80, "https": 443}
INDEX_PAGES = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)
SESSION_IN_PATH = re.compile(r";(?:jsessionid|sessionid|sid|phpsessid)=[^/?#]*", re.IGNORECASE)
AMP_CACHE = re.compile(r"^/[cv]/(?:s/)?(?P<rest>.+)$")
# Characters left as they are when re-quoting a path (RFC 3986 unreserved + sub-delims).
PATH_SAFE = "/:@!$&'()*+,;=-._~%"
PERCENT = re.compile(r"%[0-9a-fA-F]{2}")


def canonical_url(url: str) -> str:
    """The identity key of `url`; see the module docstring for what is folded."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = _host(parts.hostname)
    path = parts.path
    query = parts.query
    if host.endswith(".cdn.ampproject.org"):
        unwrapped = _unwrap_amp_cache(path, query)
        if unwrapped is not None:
            return canonical_url(unwrapped)
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port in DEFAULT_PORTS.values() else f"{host}:{port}"
    return urlunsplit(("https", netloc, _path(path), _query(query), ""))


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    labels = host.split(".")
    # Keep at least a registrable name: `m.example.com` -> `example.com`, but not `m.co`.
    while len(labels) > 2 and labels[0] in VARIANT_HOST_LABELS:
        labels = labels[1:]
    return ".".join(labels)


def _path(path: str) -> str:
    path = SESSION_IN_PATH.sub("", path)
    path = PERCENT.sub(lambda m: m.group(0).upper(), quote(path, safe=PATH_SAFE))
    # AMP variants of the article path.
    path = re.sub(r"[.-]amp\.(html?)$", r".\1", path)
    path = re.sub(r"/amp/?$", "", path)
    path = re.sub(r"^/amp(?=/)", "", path)
    path = INDEX_PAGES.sub("/", path)
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    return path or "/"


def _query(query: str) -> str:
    if not query:
        return ""
    kept = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        lower = name.lower()
        if lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES):
            continue
        kept.append((name, value))
    kept.sort()
    return urlencode(kept)


def _unwrap_amp_cache(path: str, query: str) -> str | None:
    """`https://www-x-com.cdn.ampproject.org/c/s/www.x.com/a` -> `https://www.x.com/a`."""
    match = AMP_CACHE.match(path)
    if not match:
        return None
    rest = match.group("rest")
    secure = path.startswith(("/c/s/", "/v/s/"))
    return ("https://" if secure else "http://") + rest + (f"?{query}" if query else "")
