"""station.db: business records, durable once a write returns (WAL, synchronous=FULL)."""

from __future__ import annotations

import asyncio
import queue
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from hmi import audit
from hmi.store.database import StoreError, Synchronous, check_integrity, connect, refuse_hollow
from hmi.store.migrator import Migration, migrate
from hmi.store.writer import FailureFn, WriteFn, WriterThread

T = TypeVar("T")
ReadFn = Callable[[sqlite_utils.Database], T]


class Store:
    """Writes go through one writer thread; reads use a small pool of connections in worker threads."""

    def __init__(
        self,
        *,
        path: Path,
        synchronous: Synchronous = "FULL",
        migrations: list[Migration] | None = None,
        check_on_open: bool = True,
        on_failure: FailureFn | None = None,
        audit_key_file: Path | None = None,
        create_audit_key: bool = False,
        initialize: bool = False,
    ) -> None:
        self.path = path
        self._synchronous = synchronous
        self._migrations = migrations
        self._check_on_open = check_on_open
        self.on_failure = on_failure  # called on the writer thread with a failed job's error, then None once one commits
        self._audit_key_file = audit_key_file
        self._create_audit_key = create_audit_key
        self._initialize = initialize  # `hmi init`: make a new store even where a hollow file lies
        self.audit_key: audit.AuditKey | None = None
        self._readers: queue.SimpleQueue[sqlite_utils.Database] = queue.SimpleQueue()
        self._all_readers: list[sqlite_utils.Database] = []
        self._writer: WriterThread | None = None
        self.schema_version = 0

    def open(self) -> Store:
        """Open, check and migrate the file. Blocking: call it before the loop starts or in a thread."""
        if not self._initialize:
            refuse_hollow(self.path)
        db = self._connect()
        try:
            if self._check_on_open:
                check_integrity(db, self.path)
            self.schema_version = migrate(db, self.path, self._migrations)
            self.audit_key = self._load_audit_key(db)
            audit.install_key(db, self.audit_key)
        except BaseException:
            db.close()
            raise
        self._writer = WriterThread(db=db, name=f"store-writer:{self.path.name}", on_failure=self._failed)
        self._writer.start()
        return self

    def _load_audit_key(self, db: sqlite_utils.Database) -> audit.AuditKey | None:
        """The chain's key from its file beside (never inside) station.db; created on a station's first start."""
        if self._audit_key_file is None:
            return None
        try:
            if self._create_audit_key:
                return audit.ensure_key(self._audit_key_file, next_seq=lambda: audit.head(db).seq + 1)
            return audit.load_key(self._audit_key_file)
        except audit.AuditKeyError as exc:   # refused like any store that cannot be used: in words, at start
            raise StoreError(str(exc)) from None

    def _failed(self, exc: BaseException | None) -> None:
        if self.on_failure is not None:
            self.on_failure(exc)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        while not self._readers.empty():
            self._readers.get_nowait()
        for db in self._all_readers:
            db.close()
        self._all_readers.clear()

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writes -----------------------------------------------------------------------------------
    async def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn`` in one transaction on the writer thread; returns after the commit."""
        return await self._require_writer().run(fn)

    def write_blocking(self, fn: WriteFn[T]) -> T:
        """The same, for command-line tools and threads. Never call it on the event loop."""
        return self._require_writer().run_blocking(fn)

    # Reads ------------------------------------------------------------------------------------
    async def read(self, fn: ReadFn[T]) -> T:
        return await asyncio.to_thread(self.read_blocking, fn)

    def read_blocking(self, fn: ReadFn[T]) -> T:
        db = self._take_reader()
        try:
            return fn(db)
        finally:
            if db.conn.in_transaction:
                db.conn.rollback()
            self._readers.put(db)

    def _take_reader(self) -> sqlite_utils.Database:
        try:
            return self._readers.get_nowait()
        except queue.Empty:
            db = self._connect_reader()
            self._all_readers.append(db)
            return db

    def _connect_reader(self) -> sqlite_utils.Database:
        return self._connect()

    def _connect(self) -> sqlite_utils.Database:
        db = connect(self.path, synchronous=self._synchronous)
        audit.install_key(db, self.audit_key)
        return db

    @property
    def is_open(self) -> bool:
        return self._writer is not None

    def _require_writer(self) -> WriterThread:
        if self._writer is None:
            raise RuntimeError(f"{self.path.name} is not open")
        return self._writer
