"""Shared pieces of the kazoo bench driver: sessions, timing, server counters."""
import logging
import math
import socket
import time
import uuid

from kazoo.client import KazooClient

logging.getLogger('kazoo').setLevel(logging.CRITICAL)


def connect(connect_string):
    """A started KazooClient with a 10 s session (as every driver uses)."""
    client = KazooClient(hosts=connect_string, timeout=10.0)
    client.start(timeout=30)
    return client


def connect_many(connect_string, count):
    return [connect(connect_string) for _ in range(count)]


def close_all(clients):
    for c in clients:
        try:
            c.stop()
            c.close()
        except Exception:  # the run is over
            pass


def run_root(workload):
    return '/bench/%s-kazoo-%s' % (workload, uuid.uuid4().hex[:8])


def now_ms():
    return time.perf_counter() * 1000.0


def rnd(v):
    return round(v, 3)


def percentile(values, p):
    if not values:
        return float('nan')
    s = sorted(values)
    rank = min(len(s) - 1, max(0, math.ceil(p / 100.0 * len(s)) - 1))
    return s[rank]


def summarize(prefix, values):
    key = prefix + '_' if prefix else ''
    return {key + 'p50_ms': rnd(percentile(values, 50)), key + 'p99_ms': rnd(percentile(values, 99)), key + 'max_ms': rnd(max(values))}


def four_letter_word(connect_string, word):
    first = connect_string.split('/')[0].split(',')[0]
    host, port = first.rsplit(':', 1)
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(word.encode('ascii'))
        chunks = []
        while True:
            data = s.recv(8192)
            if not data:
                break
            chunks.append(data)
    return b''.join(chunks).decode('utf-8')


def begin_stats(connect_string):
    four_letter_word(connect_string, 'srst')


def end_stats(connect_string):
    m = {}
    for line in four_letter_word(connect_string, 'mntr').splitlines():
        parts = line.split('\t')
        if len(parts) == 2:
            try:
                m[parts[0]] = float(parts[1])
            except ValueError:
                pass
    notifications = sum(m.get('zk_sum_node_%s_watch_count' % k, 0) for k in ('created', 'deleted', 'changed', 'children'))
    return {
        'requests': int(m.get('zk_packets_received', 0)), 'reads': int(m.get('zk_cnt_readlatency', 0)),
        'writes': int(m.get('zk_cnt_updatelatency', 0)), 'notifications': int(notifications),
        'packetsSent': int(m.get('zk_packets_sent', 0)),
    }
