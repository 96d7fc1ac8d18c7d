"""lock_uncontended, lock_contended, leader_failover and herd with kazoo's Lock."""
import threading

from bench_support import begin_stats, close_all, connect, connect_many, end_stats, now_ms, rnd, run_root, summarize


def lock_uncontended(args):
    client = connect(args.connect)
    try:
        lock = client.Lock(run_root('lock') + '/lock')
        for _ in range(args.n):  # warm-up: as many as measured
            lock.acquire()
            lock.release()
        begin_stats(args.connect)
        cycles = []
        started = now_ms()
        for _ in range(args.n):
            t = now_ms()
            lock.acquire()
            lock.release()
            cycles.append(now_ms() - t)
        elapsed = now_ms() - started
        server = end_stats(args.connect)
        metrics = {'rate_per_s': rnd(args.n * 1000.0 / elapsed)}
        metrics.update(summarize('', cycles))
        return {'metrics': metrics, 'ops': args.n, 'server': server}
    finally:
        close_all([client])


def _contend(locks, total):
    state = {'acquired': 0, 'holders': 0, 'violations': 0, 'release_started': None}
    guard = threading.Lock()
    handoffs = []

    def worker(lock):
        while True:
            with guard:
                if state['acquired'] >= total:
                    return
            lock.acquire(timeout=60)
            at = now_ms()
            with guard:
                state['holders'] += 1
                if state['holders'] > 1:
                    state['violations'] += 1
                counted = state['acquired'] < total
                state['acquired'] += 1
                if counted and state['release_started'] is not None:
                    handoffs.append(at - state['release_started'])
            with guard:
                state['holders'] -= 1
                state['release_started'] = now_ms()
            lock.release()

    threads = [threading.Thread(target=worker, args=(lock,)) for lock in locks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return handoffs, state['violations']


def lock_contended(args):
    clients = connect_many(args.connect, args.clients)
    try:
        path = run_root('contended') + '/lock'
        locks = [c.Lock(path) for c in clients]
        _contend(locks, max(16, args.n // 4))  # warm-up
        begin_stats(args.connect)
        started = now_ms()
        handoffs, violations = _contend(locks, args.n)
        elapsed = now_ms() - started
        server = end_stats(args.connect)
        metrics = {'throughput_per_s': rnd(args.n * 1000.0 / elapsed)}
        metrics.update(summarize('handoff', handoffs))
        metrics['violations'] = violations
        return {'metrics': metrics, 'ops': args.n, 'server': server}
    finally:
        close_all(clients)


class _Member:
    """A participant: the lock as a leader latch (kazoo's Election is this Lock)."""

    def __init__(self, connect_string, path, board):
        self.client = connect(connect_string)
        self.elected_at = None
        lock = self.client.Lock(path)

        def run():
            try:
                lock.acquire()
            except Exception:
                return
            with board:
                self.elected_at = now_ms()
                board.notify_all()

        threading.Thread(target=run, daemon=True).start()


def leader_failover(args):
    path = run_root('leader') + '/latch'
    board = threading.Condition()
    members = [_Member(args.connect, path, board) for _ in range(max(2, args.clients))]

    def leader():
        return next((m for m in members if m.elected_at is not None), None)

    try:
        with board:
            if not board.wait_for(lambda: leader() is not None, 30):
                raise RuntimeError('no leader within 30 s')
        begin_stats(args.connect)
        failovers = []
        for _ in range(args.n):
            with board:
                old = leader()
                members.remove(old)
            started = now_ms()
            old.client.stop()
            with board:
                if not board.wait_for(lambda: leader() is not None, 30):
                    raise RuntimeError('no new leader within 30 s')
                failovers.append(leader().elected_at - started)
            old.client.close()
            member = _Member(args.connect, path, board)
            with board:
                members.append(member)
        server = end_stats(args.connect)
        return {'metrics': summarize('', failovers), 'ops': args.n, 'server': server,
                'notes': ['leadership: kazoo Lock (what kazoo Election runs on)']}
    finally:
        close_all([m.client for m in members])


def herd(args):
    clients = connect_many(args.connect, args.clients + 1)
    try:
        path = run_root('herd') + '/lock'
        holder = clients[0].Lock(path)
        holder.acquire()

        def waiter(client):
            lock = client.Lock(path)
            lock.acquire(timeout=120)
            lock.release()

        threads = [threading.Thread(target=waiter, args=(c,)) for c in clients[1:]]
        for t in threads:
            t.start()
        while len(clients[0].get_children(path)) < len(clients):
            threading.Event().wait(0.02)
        begin_stats(args.connect)
        started = now_ms()
        holder.release()
        for t in threads:
            t.join()
        elapsed = now_ms() - started
        server = end_stats(args.connect)
        releases = len(clients)
        metrics = {
            'notifications_per_release': rnd(server['notifications'] / releases),
            'to_waiters_per_handoff': rnd(server['notifications'] / args.clients),
            'to_releaser_per_release': 0,
            'chain_ms': rnd(elapsed),
        }
        return {'metrics': metrics, 'ops': releases, 'server': server,
                'notes': ['to_waiters_per_handoff from the server count: kazoo sets no watch on its own lock node']}
    finally:
        close_all(clients)
