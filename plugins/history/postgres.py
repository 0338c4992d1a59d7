"""The PostgreSQL sink: history.db's samples and 1-minute rollups in central tables (TimescaleDB-ready).

Each batch is COPYed (text format, one write) into a session's temporary staging table and moved
with ``INSERT … ON CONFLICT DO NOTHING`` (raw) or ``DO UPDATE`` (rollups, which a late sample may
change), in one transaction: a batch sent again after a crash stores nothing twice. Tables are keyed
by (station_id, tag, ts); with the ``timescaledb`` extension they are hypertables, without it plain
tables partitioned by month. Schema and central queries: plugins/history/SCHEMA.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from typing import Any

import psycopg
from psycopg import sql

from hmi.connections.supervisor import NeedsConfiguration, Unavailable
from hmi.historian.sinks import ROLLUP_WIDTH_MS, RawBatch, RollupBatch, SinkContext
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
        data = "".join(f"{_tag(tag)}\t{ts}\t{_text(value)}\t{quality}\n" for tag, ts, value, quality in batch.rows)
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
        except psycopg.OperationalError as exc:
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
