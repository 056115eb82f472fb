"""Benchmark: newsletter deliveries per second to a loopback SMTP server.

Sends one issue to N subscribers (10,000 by default) through the real send
path (``services.run_send``: one transaction per delivery, one SMTP
connection reused across batches) to an aiosmtpd server on 127.0.0.1, then
sends the very same messages (the bytes the server received) with a bare
``smtplib`` loop over one connection — the floor no sender can beat — and
prints both rates and their ratio (target: at least 0.5).

    DATABASE_URL=postgres://… python -m tests.benchmarks.bench_newsletters [--subscribers N]

It works in a scratch database (``test_<name>``, created and dropped), never
in the database DATABASE_URL names.
"""

import argparse
import os
import smtplib
import sys
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class CountingHandler:
    """Accepts everything; keeps the envelopes (while ``keep``) so that the
    floor can send the very same messages."""

    def __init__(self):
        self.envelopes = []
        self.count = 0
        self.keep = True

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.keep:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _serve(port, pipe):
    """The SMTP server, in its own process as a real one would be (in the
    benchmark's process it would compete for the GIL and slow both sides)."""
    import pickle
    import tempfile

    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    pipe.send("ready")
    while True:
        command = pipe.recv()
        if command == "dump":
            with tempfile.NamedTemporaryFile(delete=False, suffix=".pickle") as file:
                pickle.dump(handler.envelopes, file)
            handler.keep = False
            handler.envelopes = []
            pipe.send(file.name)
        elif command == "count":
            pipe.send(handler.count)
        else:
            controller.stop()
            pipe.send("stopped")
            return


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _populate(count):
    from django.utils import timezone

    from newsletters.choices import EntryKind
    from newsletters.models import Entry, Issue, IssueEntry, Newsletter, Subscription

    newsletter = Newsletter.objects.create(name="Benchmark newsletter", slug="bench")
    entries = [
        Entry.objects.create(
            kind=EntryKind.RESEARCH,
            title=f"Entry {n}",
            summary="A paragraph of **Markdown** with [a link](https://example.org/) " * 5,
            link="https://example.org/entry",
        )
        for n in range(4)
    ]
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                newsletter=newsletter,
                email=f"reader{n}@example.org",
                confirmed_at=now,
                token=f"bench-token-{n:06d}",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    issue = Issue.objects.create(newsletter=newsletter, number=1, title="Benchmark issue")
    for position, entry in enumerate(entries):
        IssueEntry.objects.create(issue=issue, entry=entry, position=position)
    return issue


def floor_rate(port, envelopes):
    """The same messages through a bare smtplib loop on one connection."""
    start = time.perf_counter()
    client = smtplib.SMTP("127.0.0.1", port)
    for mail_from, rcpt_tos, content in envelopes:
        client.sendmail(mail_from, rcpt_tos, content)
    client.quit()
    return len(envelopes) / (time.perf_counter() - start)


def run(count):
    import multiprocessing
    import pickle

    from django.conf import settings
    from django.db import connection

    from newsletters import services
    from newsletters.models import Delivery

    port = _free_port()
    pipe, child_pipe = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(port, child_pipe), daemon=True
    )
    server.start()
    assert pipe.recv() == "ready"
    settings.MAILERS = {
        **settings.MAILERS,
        "newsletters": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
        },
    }
    settings.NEWSLETTER_SEND_RATE = 0
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        issue = _populate(count)
        services.schedule_issue(issue)
        start = time.perf_counter()
        issue, created = services.start_sending(issue)
        snapshot = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        result = services.run_send(issue.pk, slice_seconds=0)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        sent = Delivery.objects.filter(status="sent").count()
        pipe.send("count")
        received = pipe.recv()
        assert sent == count == received, (sent, count, received)
        ours = sent / elapsed
        pipe.send("dump")
        with open(pipe.recv(), "rb") as file:
            envelopes = pickle.load(file)  # noqa: S301 - written by our own server process
        os.unlink(file.name)
        floor = floor_rate(port, envelopes)
        print(f"newsletters: {count} subscribers on {connection.vendor}")
        print(f"  snapshot of the audience: {created} deliveries in {snapshot:.2f} s")
        print(
            f"  send: {ours:,.0f} deliveries/s ({elapsed:.2f} s, of which {cpu:.2f} s CPU "
            f"in this process; {result['state']})"
        )
        print(f"  floor (bare smtplib, same messages): {floor:,.0f} messages/s")
        print(f"  ratio: {ours / floor:.2f} (target >= 0.50)")
        return {"rate": ours, "floor": floor, "ratio": ours / floor, "snapshot": snapshot}
    finally:
        pipe.send("stop")
        pipe.recv()
        server.join(timeout=10)
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args(argv)
    _setup_django()
    return run(args.subscribers)


if __name__ == "__main__":
    main(sys.argv[1:])
