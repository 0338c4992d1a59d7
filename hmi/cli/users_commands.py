"""``hmi users add|list|disable|enable|reset-pin``: user administration for admins at the console."""

from __future__ import annotations

import argparse

from hmi.auth import Role
from hmi.auth.pins import PinRejected
from hmi.auth.users import UserError, add_user, list_users, reset_pin, set_enabled
from hmi.cli.common import add_config_argument, cli_actor, fail, open_store_for, read_pin


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="add, list, disable users or reset a PIN")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = users_sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="name shown on screen")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--badge", help="badge code (what the badge reader types)")
    _pin_arguments(add)
    add.set_defaults(func=_add)

    listing = users_sub.add_parser("list", help="list users")
    listing.set_defaults(func=_list)

    for action, enabled in (("disable", False), ("enable", True)):
        p = users_sub.add_parser(action, help=f"{action} a user")
        p.add_argument("username")
        p.set_defaults(func=_set_enabled, enabled=enabled)

    reset = users_sub.add_parser("reset-pin", help="set a new PIN (also clears a lockout)")
    reset.add_argument("username")
    _pin_arguments(reset)
    reset.set_defaults(func=_reset_pin)

    for p in (add, listing, reset, *users_sub.choices.values()):
        if not any(a.dest == "config" for a in p._actions):
            add_config_argument(p)


def _pin_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--pin", help="the PIN (visible in the shell history; prefer the prompt or --pin-stdin)")
    group.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")


def _add(args: argparse.Namespace) -> int:
    import time

    config, store = open_store_for(args, create=True)
    try:
        user = store.write_blocking(lambda db: add_user(
            db, username=args.username, display_name=args.name, role=Role(args.role), pin=read_pin(args),
            badge=args.badge, min_pin_length=config.security.min_pin_length, ts=time.time(),
            station=config.station.id, actor=cli_actor()))
    except (UserError, PinRejected) as exc:
        return fail(str(exc))
    finally:
        store.close()
    print(f"added {user.username} ({user.display_name}), role {user.role.value}")
    return 0


def _list(args: argparse.Namespace) -> int:
    _, store = open_store_for(args, readonly=True)
    try:
        users = store.read_blocking(list_users)
    finally:
        store.close()
    print(f"{'USER':<16} {'NAME':<24} {'ROLE':<11} {'STATE':<9} BADGE")
    for u in users:
        state = "enabled" if u.enabled else "disabled"
        print(f"{u.username:<16} {u.display_name:<24} {u.role.value:<11} {state:<9} {'yes' if u.has_badge else 'no'}")
    return 0


def _set_enabled(args: argparse.Namespace) -> int:
    import time

    config, store = open_store_for(args)
    try:
        user = store.write_blocking(lambda db: set_enabled(
            db, username=args.username, enabled=args.enabled, ts=time.time(), station=config.station.id,
            actor=cli_actor()))
    except UserError as exc:
        return fail(str(exc))
    finally:
        store.close()
    print(f"{user.username} is now {'enabled' if user.enabled else 'disabled'}")
    return 0


def _reset_pin(args: argparse.Namespace) -> int:
    import time

    config, store = open_store_for(args)
    try:
        store.write_blocking(lambda db: reset_pin(
            db, username=args.username, pin=read_pin(args), min_pin_length=config.security.min_pin_length,
            ts=time.time(), station=config.station.id, actor=cli_actor()))
    except (UserError, PinRejected) as exc:
        return fail(str(exc))
    finally:
        store.close()
    print(f"new PIN set for {args.username}")
    return 0
