"""The catalog's index keys (catalog_index.py, plain Python): words, search partitions, shards."""

import pytest

from tests.unit.conftest import service_module

ix = service_module("products", "catalog_index")


@pytest.mark.parametrize("text, words", [
    ("Café Crème", ["cafe", "creme"]),
    ("  CAFÉ   crème  ", ["cafe", "creme"]),
    ("Chef's Knife", ["chefs", "knife"]),
    ("Chef\u2019s knife, 20cm!", ["chefs", "knife", "20cm"]),
    ("Pour-Over Coffee Kettle (1.2 L)", ["pour", "over", "coffee", "kettle", "1", "2", "l"]),
    ("Straße", ["strasse"]),
    ("Ångström Ñandú", ["angstrom", "nandu"]),
    ("ﬁne ﬂour", ["fine", "flour"]),  # ligatures (NFKD)
    ("Mug mug MUG", ["mug"]),
    ("---", []),
    ("under_score", ["under", "score"]),
])
def test_words_are_folded_for_case_accents_and_punctuation(text, words):
    assert ix.words(text) == words


def test_long_names_index_a_bounded_number_of_bounded_words():
    assert len(ix.words(" ".join(f"w{n}" for n in range(100)))) == ix.MAX_WORDS
    assert ix.words("x" * 200) == ["x" * ix.MAX_WORD_CHARS]


def test_a_term_reads_one_partition_with_a_prefix_of_word_keys():
    assert ix.search_terms("CRE") == ["cre"]
    assert ix.word_partition("creme") == ix.word_partition("cre") == "WORD#cre"
    assert ix.word_sort_key("creme", "café crème#p1").startswith(ix.term_prefix("cre"))
    assert ix.word_sort_key("cre", "x#p1") < ix.word_sort_key("creme", "a#p2")  # the exact word first
    assert ix.term_prefix("tv") == "tv#"  # short terms: whole words
    assert ix.search_terms("cafe crè") == ["cafe", "cre"]  # the longest term reads the index


def test_a_product_is_shown_once_under_its_first_matching_word():
    words = ["creme", "crepe", "cafe"]
    assert ix.shown_under("cre", "creme", words) and not ix.shown_under("cre", "crepe", words)
    assert ix.matches_all(["caf"], words) and not ix.matches_all(["tea"], words)
    assert ix.matches_all(["tv"], ["tv", "stand"]) and ix.matches_all(["0"], ["item", "07"])


@pytest.mark.parametrize("a, b", [("a#1", "a b#2"), ("ab#1", "b#2"), ("café#1", "cafz#2"), ("a#1", "a#2"),
                                  ("zz#1", "é#2"), ("a b#1", "a#1")])
def test_shards_follow_name_order(a, b):
    low, high = sorted([a, b])
    assert ix.shard(low) <= ix.shard(high)


def test_cursors_must_come_from_the_query_they_continue():
    product = {"id": "p1", "sort_name": "mug#p1", "listing": "PRODUCT#mu"}
    assert ix.cursor_belongs(product, None, [])
    assert not ix.cursor_belongs({**product, "listing": "PRODUCT#zz"}, None, [])
    assert ix.cursor_belongs({"id": "p1", "sort_name": "mug#p1", "category_shard": "kitchen#mu"}, "kitchen", [])
    assert not ix.cursor_belongs({"id": "p1", "sort_name": "mug#p1", "category_shard": "kitchen#mu"}, "books", [])
    word = {"id": "WORD#p1#mug", "sort_name": "mug#mug#p1", "listing": "WORD#mug"}
    assert ix.cursor_belongs(word, None, ["mug"]) and not ix.cursor_belongs(word, None, ["tea"])
    assert not ix.cursor_belongs(product, None, ["mug"])
