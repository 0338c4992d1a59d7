"""The PostgreSQL sink: history.db's samples and 1-minute rollups in central tables (TimescaleDB-ready).

Each batch is COPYed (text format, one write) into a session's temporary staging table and moved
with ``INSERT … ON CONFLICT DO NOTHING`` (raw) or ``DO UPDATE`` (rollups, which a late sample may
change), in one transaction: a batch sent again after a crash stores nothing twice. Tables are keyed
by (station_id, tag, ts); with the ``timescaledb`` extension they are hypertables, without it plain
tables partitioned by month. Schema and central queries: plugins/history/SCHEMA.md.

The direct path: a raw batch that cannot overlap anything at the centre (every tag's rows newer than
the tag's high-water mark, or, behind it, a time span the centre holds no row of) is COPYed in
binary straight into ``sample``, skipping staging and ON CONFLICT. The marks are read again after
every connect. The primary key stays the guard: a direct COPY that fails for any reason is rolled
back, the connection dropped and the marks forgotten, and the next batch (the same one, resent)
takes the staging path. Every psycopg error becomes ``Unavailable``: the uploader backs off and retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from hmi.connections.supervisor import NeedsConfiguration, Unavailable
from hmi.historian.sinks import ROLLUP_WIDTH_MS, RawBatch, RawRow, RollupBatch, SinkContext
from plugins.history.copy_binary import sample_rows
from plugins.history.options import PostgresOptions

# The server refuses who we are or what we may do: waiting does not help.
_CONFIG_WORDS = ("password authentication failed", "no pg_hba.conf entry", "certificate", "ssl", "role",
                 "does not exist", "permission denied", "authentication")

_TABLES = """
CREATE TABLE IF NOT EXISTS {schema}.sample (
    station_id text NOT NULL,
    tag text NOT NULL,
    ts timestamptz NOT NULL,
    value double precision,
    quality smallint NOT NULL,
    PRIMARY KEY (station_id, tag, ts)
) {sample_partition};
CREATE TABLE IF NOT EXISTS {schema}.rollup_1m (
    station_id text NOT NULL,
    tag text NOT NULL,
    bucket timestamptz NOT NULL,
    n integer NOT NULL,
    bad integer NOT NULL,
    avg double precision,
    min double precision,
    max double precision,
    first double precision,
    last double precision,
    PRIMARY KEY (station_id, tag, bucket)
) {rollup_partition};
"""

_STAGING = """
CREATE TEMPORARY TABLE IF NOT EXISTS stage_sample (tag text, ts_ms bigint, value double precision, quality smallint)
    ON COMMIT DELETE ROWS;
CREATE TEMPORARY TABLE IF NOT EXISTS stage_rollup (tag text, bucket_ms bigint, n integer, bad integer,
    avg double precision, min double precision, max double precision, first double precision,
    last double precision) ON COMMIT DELETE ROWS;
"""

_EPOCH_MS = "timestamptz 'epoch' + {} * interval '1 millisecond'"
_NONE_YET = -(2**62)     # a tag's mark when the centre holds none of its rows

# Per tag: the centre's newest ts (ms, rounded up) for this station; one index probe per tag.
_HIGH = ("SELECT t.tag, (SELECT ceil(extract(epoch FROM max(s.ts)) * 1000)::bigint FROM {schema}.sample s "
         "WHERE s.station_id = %s AND s.tag = t.tag) FROM unnest(%s::text[]) AS t(tag)")
# How many of the tags hold a row in their (lo, hi) span: one index range probe per tag.
_OVERLAPS = ("SELECT count(*) FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) AS b(tag, lo, hi) "
             "WHERE EXISTS (SELECT 1 FROM {schema}.sample s WHERE s.station_id = %s AND s.tag = b.tag "
             "AND s.ts >= timestamptz 'epoch' + b.lo * interval '1 millisecond' "
             "AND s.ts <= timestamptz 'epoch' + b.hi * interval '1 millisecond')")


@dataclass(slots=True)
class WritePaths:
    """Which path raw batches took since the sink was made: for the benchmark, the tests and a log line."""

    direct_batches: int = 0
    direct_rows: int = 0
    staged_batches: int = 0
    staged_rows: int = 0
    direct_failures: int = 0


def _spans(rows: Sequence[RawRow]) -> dict[str, tuple[int, int]]:
    """Each tag's first and last timestamp in the batch."""
    spans: dict[str, tuple[int, int]] = {}
    for tag, ts, _value, _quality in rows:
        span = spans.get(tag)
        spans[tag] = (ts, ts) if span is None else (min(span[0], ts), max(span[1], ts))
    return spans


def _staged_text(rows: Sequence[RawRow]) -> str:
    """The rows as text COPY lines for the staging table."""
    return "".join(f"{_tag(tag)}\t{ts}\t{_text(value)}\t{quality}\n" for tag, ts, value, quality in rows)


def _text(value: float | int | None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "\\N"
    return repr(value)


def _tag(name: str) -> str:
    """A tag name as a COPY text field."""
    return name.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _month(ms: int) -> dt.date:
    day = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return dt.date(day.year, day.month, 1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _is_configuration(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(word in text for word in _CONFIG_WORDS)


class PostgresSink:
    config_model = PostgresOptions

    def __init__(self, *, options: PostgresOptions, context: SinkContext) -> None:
        self._options = options
        self._context = context
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._partitioned = False
        self._months: set[tuple[str, dt.date]] = set()
        self._schema = sql.Identifier(options.schema_name)
        # Per tag: at or after the centre's newest ts (ms) for this station; only tags read since the connect.
        self._high: dict[str, int] = {}
        # False after a direct COPY failed: until a batch went through staging, none goes direct.
        self._direct_ok = True
        self.paths = WritePaths()

    @classmethod
    def from_options(cls, options: dict[str, Any], context: SinkContext) -> PostgresSink:
        return cls(options=PostgresOptions.model_validate(options), context=context)

    def warnings(self) -> list[str]:
        return self._options.warnings()

    def _conninfo(self) -> dict[str, Any]:
        opts = self._options
        info: dict[str, Any] = {"host": opts.host, "port": opts.port, "dbname": opts.dbname, "user": opts.user,
                                "sslmode": opts.sslmode, "connect_timeout": opts.connect_timeout_s,
                                "application_name": f"station-hmi {self._context.station_id}",
                                "options": f"-c statement_timeout={int(opts.statement_timeout_s * 1000)}"}
        if opts.password_file:
            path = self._context.resolve(opts.password_file)
            try:
                info["password"] = path.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise NeedsConfiguration(f"the password file {path} cannot be read ({exc.strerror or exc})") from None
        for key, value in (("sslrootcert", opts.ca_file), ("sslcert", opts.client_cert),
                           ("sslkey", opts.client_key)):
            if value:
                info[key] = str(self._context.resolve(value))
        return info

    async def open(self) -> str:
        opts = self._options
        # A new connection may find another centre (restored, tables dropped): nothing read before holds.
        self._high.clear()
        self._months.clear()
        try:
            self._conn = await psycopg.AsyncConnection.connect(autocommit=True, **self._conninfo())
            timescale = opts.timescale == "auto" and await self._has_timescale()
            await self._prepare(timescale=timescale)
        except psycopg.OperationalError as exc:
            await self.close()
            if _is_configuration(exc):
                raise NeedsConfiguration(f"PostgreSQL {opts.host}:{opts.port} refused: {exc}") from None
            raise Unavailable(f"PostgreSQL {opts.host}:{opts.port}: {exc}") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            await self.close()
            raise NeedsConfiguration(f"PostgreSQL user {opts.user} may not prepare the tables: {exc}") from None
        except psycopg.Error as exc:
            await self.close()
            raise Unavailable(f"PostgreSQL {opts.host}:{opts.port}: {exc}") from None
        kind = "hypertables" if timescale else ("partitioned tables" if self._partitioned else "tables")
        return f"PostgreSQL {opts.host}:{opts.port}/{opts.dbname} ({kind})"

    async def _has_timescale(self) -> bool:
        conn = self._require()
        cur = await conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")
        return await cur.fetchone() is not None

    async def _prepare(self, *, timescale: bool) -> None:
        """Create the schema and tables once (under a lock: stations start together), and the staging tables."""
        conn = self._require()
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self._options.schema_name,))
            await conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(self._schema))
            exists = await (await conn.execute(
                "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = 'sample'", (self._options.schema_name,))).fetchone()
            if exists is None:
                partition = not timescale
                await conn.execute(sql.SQL(_TABLES).format(
                    schema=self._schema,
                    sample_partition=sql.SQL("PARTITION BY RANGE (ts)" if partition else ""),
                    rollup_partition=sql.SQL("PARTITION BY RANGE (bucket)" if partition else "")))
                if timescale:
                    for table, column in (("sample", "ts"), ("rollup_1m", "bucket")):
                        await conn.execute("SELECT create_hypertable(%s, %s, if_not_exists => TRUE)",
                                           (f"{self._options.schema_name}.{table}", column))
                self._partitioned = partition
            else:
                self._partitioned = exists[0] == "p"
            await conn.execute(_STAGING)

    async def _ensure_partitions(self, table: str, times_ms: list[int]) -> None:
        if not self._partitioned or not times_ms:
            return
        months = {_month(ms) for ms in (min(times_ms), max(times_ms))}
        low, high = min(months), max(months)
        while low < high:
            low = _next_month(low)
            months.add(low)
        missing = sorted(month for month in months if (table, month) not in self._months)
        if not missing:
            return
        conn = self._require()
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self._options.schema_name,))
            for month in missing:
                name = sql.Identifier(f"{table}_{month:%Y_%m}")
                await conn.execute(sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {schema}.{name} PARTITION OF {schema}.{table} "
                    "FOR VALUES FROM ({start}) TO ({end})").format(
                        schema=self._schema, name=name, table=sql.Identifier(table),
                        start=sql.Literal(f"{month.isoformat()} 00:00:00+00"),
                        end=sql.Literal(f"{_next_month(month).isoformat()} 00:00:00+00")))
        self._months.update((table, month) for month in missing)

    async def write_raw(self, batch: RawBatch) -> None:
        if not batch.rows:
            return
        # Work over every row runs in a worker thread: a 20,000-row batch held the loop (and the live bus) ~50 ms.
        spans = await asyncio.to_thread(_spans, batch.rows)
        try:
            await self._ensure_partitions("sample", [t for span in spans.values() for t in span])
            direct = self._direct_ok and not await self._may_overlap(spans)
        except psycopg.Error as exc:
            raise Unavailable(f"PostgreSQL: {exc}") from None
        if direct:
            await self._copy_direct(batch.rows)
            self.paths.direct_batches += 1
            self.paths.direct_rows += len(batch.rows)
        else:
            await self._write_staged(batch)
            self.paths.staged_batches += 1
            self.paths.staged_rows += len(batch.rows)
            self._direct_ok = True
        for tag, (_lo, hi) in spans.items():
            # Only a mark read since the connect moves: an unread one could lie under the centre's newest.
            if tag in self._high:
                self._high[tag] = max(self._high[tag], hi)

    async def _may_overlap(self, spans: dict[str, tuple[int, int]]) -> bool:
        """Whether the centre may hold a row of the batch: a tag's rows at or behind its mark, in a span
        the centre holds a row of (a backfill runs behind the live stream, so behind the mark is common)."""
        conn = self._require()
        unread = [tag for tag in spans if tag not in self._high]
        if unread:
            cur = await conn.execute(sql.SQL(_HIGH).format(schema=self._schema), (self._context.station_id, unread))
            self._high.update((tag, _NONE_YET if high is None else int(high)) for tag, high in await cur.fetchall())
        behind = [(tag, lo, hi) for tag, (lo, hi) in spans.items() if lo <= self._high[tag]]
        if not behind:
            return False
        tags, los, his = (list(column) for column in zip(*behind, strict=True))
        cur = await conn.execute(sql.SQL(_OVERLAPS).format(schema=self._schema),
                                 (tags, los, his, self._context.station_id))
        found = await cur.fetchone()
        return found is None or int(found[0]) > 0

    async def _copy_direct(self, rows: list[tuple[str, int, float | None, int]]) -> None:
        """Binary COPY into the central table in one transaction; on any failure the connection and marks go."""
        conn = self._require()
        data = await asyncio.to_thread(sample_rows, self._context.station_id, rows)
        copy_sql = sql.SQL("COPY {schema}.sample (station_id, tag, ts, value, quality) FROM STDIN "
                           "(FORMAT BINARY)").format(schema=self._schema)
        try:
            async with conn.transaction(), conn.cursor() as cur, cur.copy(copy_sql) as copy:
                await copy.write(data)
        except psycopg.Error as exc:
            self.paths.direct_failures += 1
            self._direct_ok = False
            self._high.clear()
            await self.close()
            raise Unavailable(f"PostgreSQL: a direct COPY failed (the batch is sent again through staging): "
                              f"{exc}") from None

    async def _write_staged(self, batch: RawBatch) -> None:
        data = await asyncio.to_thread(_staged_text, batch.rows)
        insert = sql.SQL(
            "INSERT INTO {schema}.sample (station_id, tag, ts, value, quality) "
            "SELECT {station}, tag, " + _EPOCH_MS.format("ts_ms") + ", value, quality FROM stage_sample "
            "ON CONFLICT DO NOTHING").format(schema=self._schema, station=sql.Literal(self._context.station_id))
        await self._move("sample", [row[1] for row in batch.rows], "stage_sample (tag, ts_ms, value, quality)",
                         data, insert)

    async def write_rollups(self, batch: RollupBatch) -> None:
        if not batch.rows:
            return
        newest = {(row[0], row[1]): row for row in batch.rows}   # one row per bucket: DO UPDATE takes each once
        data = "".join(f"{_tag(row[0])}\t" + "\t".join(_text(v) for v in row[1:]) + "\n" for row in newest.values())
        insert = sql.SQL(
            "INSERT INTO {schema}.rollup_1m (station_id, tag, bucket, n, bad, avg, min, max, first, last) "
            "SELECT {station}, tag, " + _EPOCH_MS.format("bucket_ms") + ", n, bad, avg, min, max, first, last "
            "FROM stage_rollup ON CONFLICT (station_id, tag, bucket) DO UPDATE SET n = excluded.n, "
            "bad = excluded.bad, avg = excluded.avg, min = excluded.min, max = excluded.max, "
            "first = excluded.first, last = excluded.last").format(
                schema=self._schema, station=sql.Literal(self._context.station_id))
        times = [key[1] for key in newest]
        await self._move("rollup_1m", [*times, max(times) + ROLLUP_WIDTH_MS - 1],
                         "stage_rollup (tag, bucket_ms, n, bad, avg, min, max, first, last)", data, insert)

    async def _move(self, table: str, times_ms: list[int], staging: str, data: str, insert: sql.Composed) -> None:
        """COPY into staging and INSERT into the table, in one transaction (committed when this returns)."""
        conn = self._require()
        try:
            await self._ensure_partitions(table, times_ms)
            async with conn.transaction(), conn.cursor() as cur:
                async with cur.copy(f"COPY {staging} FROM STDIN") as copy:
                    await copy.write(data)
                await cur.execute(insert)
        except psycopg.Error as exc:
            raise Unavailable(f"PostgreSQL: {exc}") from None

    def _require(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is None or self._conn.closed:
            raise Unavailable("PostgreSQL: not connected")
        return self._conn

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                await conn.close()
