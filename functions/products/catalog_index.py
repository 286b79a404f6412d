"""How products are indexed for listing and search, in plain Python (no AWS): the words of a name,
the search partition of a word, and the shard of a listing. product_table.py writes and reads the
items these keys describe (functions/products/README.md, "Indexes").

Listing shards. Every product write used to land on one `by-name` partition ("PRODUCT"): one hot
index partition on AWS, and on the emulator, whose Query sorts a whole partition, a catalog page
cost grew with the catalog. A listing is now range-partitioned by the first SHARD_CHARS characters
of the name key: shard "ca" holds every name from "ca" to "ca\\U0010ffff", so shards in ascending
order hold the catalog in name order, and a page reads one shard, then the next. A shard directory
(one small item per listing) names the shards that have products, so a page never reads an empty
shard it could not know about.

Search. Each distinct word of a name is one word item: partition `WORD#<first WORD_PARTITION_CHARS
characters of the word>`, sort key `<word>#<name key>`. A term of at least WORD_PARTITION_CHARS
characters is one Query with `begins_with` on that partition; a shorter term matches whole words
only (its own partition holds exactly the short word). Results come by matched word, then by name:
exact word matches first. A product with two matching words is shown under the first one only.
Further terms filter what the first one read, as word prefixes of any length ("item 0" finds "Item
07"); a request reads at most one page of index items, so a filtered page may be short and still
have a next page.
"""

import re
import unicodedata

# Index items' ids start with an upper-case kind, product ids are lower-case uuids (the
# subscriptions' filters rely on it); the kinds are part of what the table's stream publishes.
from shop.item_keys import DIRECTORY_ITEM, IMPORT_ITEM, SKU_ITEM, WORD_ITEM  # noqa: F401 (re-exported)

SHARD_CHARS = 2
WORD_PARTITION_CHARS = 3
MAX_WORD_CHARS = 40  # longer words are indexed (and searched) by their first 40 characters
MAX_WORDS = 24  # words of a name that are indexed; a name has at most 200 characters

LISTING = "PRODUCT#"  # + shard: the catalog's partitions in `by-name`
WORD = "WORD#"  # + word's first characters: search partitions in `by-name`
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Café Crème" -> "cafe creme"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def words(text: str) -> list[str]:
    """The distinct words of a text, folded, in order of appearance; apostrophes join ("Chef's" ->
    "chefs"), any other punctuation separates ("Pour-Over" -> "pour", "over")."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_APOSTROPHES.sub("", fold(text))):
        seen.setdefault(word[:MAX_WORD_CHARS], None)
    return list(seen)[:MAX_WORDS]


def word_partition(word: str) -> str:
    return WORD + word[:WORD_PARTITION_CHARS]


def word_sort_key(word: str, sort_name: str) -> str:
    """'#' sorts before every letter and digit: the exact word comes before longer ones."""
    return f"{word}#{sort_name}"


def word_item_id(product_id: str, word: str) -> str:
    return f"{WORD_ITEM}{product_id}#{word}"


def search_terms(q: str) -> list[str]:
    """The terms of a query, the one to read the index with first (the longest: fewest matches)."""
    terms = words(q)
    return sorted(terms, key=len, reverse=True)


def term_prefix(term: str) -> str:
    """What the term's partition is read with: a prefix of word keys, or for a short term the whole
    word (its partition holds that word only)."""
    return term if len(term) >= WORD_PARTITION_CHARS else f"{term}#"


def shown_under(term: str, word: str, product_words: list[str]) -> bool:
    """A product with several words starting with the term is listed once, under its first such
    word in the index's order."""
    return word == min((w for w in product_words if w.startswith(term)), default=word)


def matches_all(terms: list[str], product_words: list[str]) -> bool:
    """The terms besides the one the index was read with: word prefixes, whatever their length (they
    are checked on the words read, not looked up)."""
    return all(any(w.startswith(t) for w in product_words) for t in terms)


def shard(sort_name: str) -> str:
    """A name key's shard: its first characters. Monotonic: a <= b implies shard(a) <= shard(b)."""
    return sort_name[:SHARD_CHARS]


def listing_partition(sort_name: str) -> str:
    return LISTING + shard(sort_name)


def category_partition(category: str, sort_name: str) -> str:
    return f"{category}#{shard(sort_name)}"


def directory_id(category: str | None) -> str:
    """The shard directory of the catalog, or of one category."""
    return f"{DIRECTORY_ITEM}CATEGORY#{category}" if category else f"{DIRECTORY_ITEM}CATALOG"


def partition_of(category: str | None, sort_name: str) -> str:
    return category_partition(category, sort_name) if category else listing_partition(sort_name)


def ordered_shards(shards: set[str]) -> list[str]:
    """In DynamoDB's order of strings (UTF-8 bytes, which is code point order)."""
    return sorted(shards)


def shards_from(shards: list[str], start: str | None) -> list[str]:
    """The shards a page reads, from the cursor's shard on (or from the first)."""
    return [s for s in shards if start is None or s >= start]


def cursor_belongs(key: dict[str, str], category: str | None, terms: list[str]) -> bool:
    """A decoded cursor (attribute -> string) could have been made by this query: a word item of
    the first term's partition, or a product of the listing's shard its name key says."""
    sort_key = key.get("sort_name", "")
    if terms:
        return (key.get("listing") == word_partition(terms[0]) and sort_key.startswith(term_prefix(terms[0]))
                and key.get("id", "").startswith(WORD_ITEM))
    if category:
        return key.get("category_shard") == category_partition(category, sort_key)
    return key.get("listing") == listing_partition(sort_key)
