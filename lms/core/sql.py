"""SQL functions that SQLite and PostgreSQL spell differently, compiled for each."""

from sqlalchemy import BigInteger, Integer, Text, cast, func, literal, literal_column
from sqlalchemy.dialects.postgresql import BIT
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement, GenericFunction


class greatest(GenericFunction):
    """The largest of its arguments: PostgreSQL's greatest(), SQLite's max(a, b, ...).

    They differ on NULL (PostgreSQL skips it, SQLite answers NULL): pass non-NULL values."""

    name = "greatest"
    inherit_cache = True


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


class random_below(FunctionElement):
    """A random whole number 0 <= x < n, drawn anew for each row and each call, from the
    database's cryptographic random source: SQLite's random() (its ChaCha20 generator,
    seeded by the system) and PostgreSQL's gen_random_uuid() (pg_strong_random; random()
    there is a fast generator whose later outputs can be worked out from earlier ones)."""

    type = Integer()
    inherit_cache = True

    def __init__(self, n):
        self.n = int(n)
        super().__init__(literal(self.n, Integer))


def _below(value, n):
    return value % literal_column(str(n))


@compiles(random_below, "sqlite")
def _random_below_sqlite(element, compiler, **kw):
    # random() is a signed 64-bit integer and % keeps the sign: shift into 0..n-1.
    n = literal_column(str(element.n))
    return compiler.process(_below(_below(func.random(), element.n) + n, element.n), **kw)


@compiles(random_below, "postgresql")
def _random_below_postgresql(element, compiler, **kw):
    # The first 8 hex digits of a version-4 UUID are random: 32 bits, whose remainder by a
    # small n is as good as uniform (2^32 mod 31 = 4 of 4 billion values are favoured).
    hex_digits = func.substr(cast(func.gen_random_uuid(), Text), 1, 8)
    bits = cast(cast(literal_column("'x'").concat(hex_digits), BIT(32)), BigInteger)
    return compiler.process(cast(_below(bits, element.n), Integer), **kw)
