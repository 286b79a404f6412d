"""Stock reservations for orders (products table, moto): all lines or none, once per order,
released once, and never reserved after the order was cancelled."""

from tests.unit.conftest import consume, envelope, handler_module, service_module

product_table = service_module("products", "product_table")
catalog = service_module("products", "catalog")
NewProduct = catalog.NewProduct

on_order_created = handler_module("products", "on_order_created")
on_order_cancelled = handler_module("products", "on_order_cancelled")


def product(name: str, stock: int) -> str:
    return product_table.create_product(NewProduct(name=name, category="books", price=1000, currency="EUR",
                                                   stock=stock)).id


def stock(product_id: str) -> int:
    return int(product_table.get_product(product_id).stock)


def test_a_reservation_takes_the_stock_of_every_line(products_table):
    book, mug = product("Book", 5), product("Mug", 3)
    lines = [{"product_id": book, "quantity": 2}, {"product_id": mug, "quantity": 3}]
    assert product_table.reserve_stock("o1", lines) == "RESERVED"
    assert (stock(book), stock(mug)) == (3, 0)
    reservation = product_table.find_reservation("o1")
    assert reservation.status == "RESERVED" and [line.product_id for line in reservation.lines] == [book, mug]


def test_one_short_line_rejects_the_whole_order_and_takes_no_stock(products_table):
    book, mug = product("Book", 5), product("Mug", 1)
    lines = [{"product_id": book, "quantity": 2}, {"product_id": mug, "quantity": 2}]
    assert product_table.reserve_stock("o1", lines) == "REJECTED"
    assert (stock(book), stock(mug)) == (5, 1)
    assert product_table.find_reservation("o1").unavailable == [mug]


def test_a_product_that_does_not_exist_is_unavailable(products_table):
    book = product("Book", 5)
    lines = [{"product_id": book, "quantity": 1}, {"product_id": "gone", "quantity": 1}]
    assert product_table.reserve_stock("o1", lines) == "REJECTED"
    assert stock(book) == 5 and product_table.find_reservation("o1").unavailable == ["gone"]


def test_a_redelivered_order_reserves_once(products_table):
    book = product("Book", 5)
    lines = [{"product_id": book, "quantity": 2}]
    assert product_table.reserve_stock("o1", lines) == "RESERVED"
    assert product_table.reserve_stock("o1", lines) == "RESERVED"
    assert stock(book) == 3


def test_a_rejection_is_final_even_if_stock_arrives_later(products_table):
    book = product("Book", 1)
    lines = [{"product_id": book, "quantity": 2}]
    assert product_table.reserve_stock("o1", lines) == "REJECTED"
    product_table.update_product(book, 1, {"stock": 10})
    assert product_table.reserve_stock("o1", lines) == "REJECTED"
    assert stock(book) == 10


def test_release_gives_the_stock_back_once(products_table):
    book, mug = product("Book", 5), product("Mug", 3)
    lines = [{"product_id": book, "quantity": 2}, {"product_id": mug, "quantity": 1}]
    product_table.reserve_stock("o1", lines)
    assert product_table.release_stock("o1", lines) == "RELEASED"
    assert product_table.release_stock("o1", lines) == "RELEASED"
    assert (stock(book), stock(mug)) == (5, 3)


def test_releasing_a_rejected_reservation_gives_nothing_back(products_table):
    book = product("Book", 1)
    lines = [{"product_id": book, "quantity": 2}]
    product_table.reserve_stock("o1", lines)
    assert product_table.release_stock("o1", lines) == "REJECTED"
    assert stock(book) == 1


def test_release_before_reserve_leaves_cancelled_so_the_late_reserve_does_nothing(products_table):
    book = product("Book", 5)
    lines = [{"product_id": book, "quantity": 2}]
    assert product_table.release_stock("o1", lines) == "CANCELLED"
    assert product_table.reserve_stock("o1", lines) == "CANCELLED"
    assert stock(book) == 5 and product_table.find_reservation("o1").status == "CANCELLED"


def test_a_deleted_product_gets_nothing_back_and_the_rest_is_released(products_table):
    book, mug = product("Book", 5), product("Mug", 3)
    lines = [{"product_id": book, "quantity": 2}, {"product_id": mug, "quantity": 1}]
    product_table.reserve_stock("o1", lines)
    product_table.delete_product(mug)
    assert product_table.release_stock("o1", lines) == "RELEASED"
    assert stock(book) == 5
    assert product_table.ProductRecord.count(mug) == 0  # not recreated by giving stock back


def test_the_consumers_reserve_on_order_created_and_release_on_order_cancelled(products_table):
    book = product("Book", 5)
    data = {"order_id": "o1", "user_id": "u1", "status": "PENDING",
            "lines": [{"product_id": book, "quantity": 2, "unit_price": 1000}], "total": 2000, "currency": "EUR"}
    assert consume(on_order_created, envelope("order.created", data)) == []
    assert consume(on_order_created, envelope("order.created", data)) == []
    assert stock(book) == 3
    cancelled = {**data, "status": "CANCELLED", "previous_status": "PENDING", "reason": "customer"}
    assert consume(on_order_cancelled, envelope("order.cancelled", cancelled)) == []
    assert stock(book) == 5 and product_table.find_reservation("o1").status == "RELEASED"


def test_a_reservation_and_a_release_are_new_versions_so_a_stale_admin_edit_is_refused(products_table):
    book = product("Book", 10)
    read_before = int(product_table.get_product(book).version)
    product_table.reserve_stock("o1", [{"product_id": book, "quantity": 7}])
    assert int(product_table.get_product(book).version) == read_before + 1
    try:
        product_table.update_product(book, read_before, {"stock": 10})
        raise AssertionError("a stale stock edit was accepted")
    except product_table.Conflict as error:
        assert error.code == "version_conflict"
    assert stock(book) == 3
    product_table.release_stock("o1", [{"product_id": book, "quantity": 7}])
    assert (stock(book), int(product_table.get_product(book).version)) == (10, read_before + 2)
