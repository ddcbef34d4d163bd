"""``python manage.py runsandbox [ADDR:PORT]``: serve the sandbox in the foreground.

It needs none of the portal's settings (no secret key, no database, no broker), so manage.py hands the
command to ``main`` before Django loads.
"""

import argparse
import logging
import threading

from werkzeug.serving import make_server

from tendlc.sandbox.app import DEFAULT_DATABASE, Sandbox, SandboxConfig

DEFAULT_ADDRESS = "127.0.0.1:8010"


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected ADDR:PORT or PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="manage.py runsandbox", description="Serve a local simulator of the Telnyx 10DLC API."
    )
    parser.add_argument("address", nargs="?", default=DEFAULT_ADDRESS, type=parse_address, help="ADDR:PORT")
    parser.add_argument(
        "--database", default=str(DEFAULT_DATABASE), help="SQLite file of the sandbox's state"
    )
    parser.add_argument("--reset", action="store_true", help="start with no records")
    parser.add_argument("--speed", type=float, default=1.0, help="sandbox seconds per real second")
    parser.add_argument(
        "--api-key", default=None, help="accept only this Bearer key (default: any non-empty)"
    )
    parser.add_argument(
        "--print-public-key",
        action="store_true",
        help="print the webhook public key (creating the key if new) and exit; `make run` hands it to the portal",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s sandbox %(levelname)s %(name)s: %(message)s")
    sandbox = Sandbox(SandboxConfig(database=args.database, api_key=args.api_key, speed=args.speed))
    if args.print_public_key:
        print(sandbox.webhooks.public_key)
        sandbox.store.close()
        return 0
    if args.reset:
        sandbox.reset()
    host, port = args.address
    server = make_server(host, port, sandbox, threaded=True)
    stop = threading.Event()
    ticker = threading.Thread(target=sandbox.run_ticker, args=(stop,), name="sandbox-ticker", daemon=True)
    ticker.start()
    print(f"10DLC sandbox: http://{host}:{server.port}/v2", flush=True)
    print(f"Webhook public key (TELNYX_PUBLIC_KEY): {sandbox.webhooks.public_key}", flush=True)
    print(f"State: {args.database}  speed: {args.speed}x", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        ticker.join(timeout=5)
        sandbox.close()
    return 0
