"""config_propagation (DataWatch), double_barrier (DoubleBarrier), discovery and scale (by hand: kazoo has no discovery recipe)."""
import gc
import json
import threading
import tracemalloc

from kazoo.recipe.barrier import DoubleBarrier

from bench_support import begin_stats, close_all, connect, connect_many, end_stats, now_ms, rnd, run_root, summarize


def config_propagation(args):
    clients = connect_many(args.connect, args.clients + 1)
    writer, watching = clients[0], clients[1:]
    try:
        path = run_root('config') + '/value'
        writer.create(path, b'0', makepath=True)
        trial = {'expected': '0', 'pending': 0, 'finished': 0.0, 'seen': set()}
        cond = threading.Condition()

        def watcher(index):
            def on_data(data, _stat):
                if data is None:
                    return
                with cond:
                    if data.decode() == trial['expected'] and index not in trial['seen']:
                        trial['seen'].add(index)
                        trial['pending'] -= 1
                        if trial['pending'] == 0:
                            trial['finished'] = now_ms()
                            cond.notify_all()
            return on_data

        for i, c in enumerate(watching):
            c.DataWatch(path, watcher(i))
        begin_stats(args.connect)
        trials = []
        for t in range(1, args.n + 1):
            with cond:
                trial.update(expected=str(t), pending=len(watching), seen=set())
            started = now_ms()
            writer.set(path, str(t).encode())
            with cond:
                if not cond.wait_for(lambda: trial['pending'] == 0, 30):
                    raise RuntimeError('not every DataWatch saw trial %d' % t)
                trials.append(trial['finished'] - started)
        server = end_stats(args.connect)
        return {'metrics': summarize('', trials), 'ops': args.n, 'server': server}
    finally:
        close_all(clients)


def _round(clients, path):
    """One round; the time until every member left, None if one hung for 5 s."""
    started = now_ms()

    def member(c):
        barrier = DoubleBarrier(c, path, len(clients))
        barrier.enter()
        barrier.leave()

    threads = [threading.Thread(target=member, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    deadline = now_ms() + 5000
    for t in threads:
        t.join(max(0, deadline - now_ms()) / 1000.0)
        if t.is_alive():
            return None
    return now_ms() - started


def double_barrier(args):
    clients = connect_many(args.connect, args.clients)
    try:
        root = run_root('barrier')
        hung = 0
        if _round(clients, root + '/round-0') is None:
            hung += 1
        begin_stats(args.connect)
        rounds = []
        for r in range(1, args.n + 1):
            t = _round(clients, '%s/round-%d' % (root, r))
            if t is None:
                hung += 1
            else:
                rounds.append(t)
        server = end_stats(args.connect)
        metrics = summarize('round', rounds)
        metrics['hung_rounds'] = hung
        notes = ['%d round(s) hung (a member stuck past 5 s) and were left out' % hung] if hung else []
        return {'metrics': metrics, 'ops': len(rounds), 'server': server, 'notes': notes}
    finally:
        close_all(clients)


def _instance_json(i):
    return json.dumps({
        'name': 'svc', 'id': 'i-%d' % i, 'address': '10.0.%d.%d' % (i >> 8, i & 255), 'port': 8080, 'sslPort': None,
        'payload': None, 'registrationTimeUTC': 0, 'serviceType': 'DYNAMIC',
        'uriSpec': {'parts': [{'value': 'scheme', 'variable': True}, {'value': '://', 'variable': False},
                              {'value': 'address', 'variable': True}, {'value': ':', 'variable': False},
                              {'value': 'port', 'variable': True}]},
        'enabled': True,
    }).encode()


def _register_many(client, service_path, count):
    client.ensure_path(service_path)
    for start in range(0, count, 200):
        pending = [client.create_async('%s/i-%d' % (service_path, i), _instance_json(i), ephemeral=True)
                   for i in range(start, min(count, start + 200))]
        for p in pending:
            p.get()


def _lookup(client, service_path):
    """List + read every instance (reads pipelined), parsed."""
    children = client.get_children(service_path)
    pending = [client.get_async('%s/%s' % (service_path, c)) for c in children]
    return [json.loads(p.get()[0]) for p in pending]


class _DictCache:
    """The instances in a plain dict, reloaded by a ChildrenWatch; round-robin picks."""

    def __init__(self, client, service_path):
        self.instances = []
        self.next = 0
        self.loaded = threading.Event()

        def on_children(children):
            pending = [(c, client.get_async('%s/%s' % (service_path, c))) for c in children]
            table = {c: json.loads(p.get()[0]) for c, p in pending}
            self.instances = list(table.values())
            self.loaded.set()

        client.ChildrenWatch(service_path, on_children)

    def pick(self):
        i = self.next
        self.next = i + 1
        return self.instances[i % len(self.instances)]


def discovery(args):
    registrar = connect(args.connect)
    reader = connect(args.connect)
    try:
        service_path = run_root('discovery') + '/svc'
        _register_many(registrar, service_path, 100)
        uncached = max(10, round(args.n / 10))
        for _ in range(5):
            _lookup(reader, service_path)
        begin_stats(args.connect)
        started = now_ms()
        for _ in range(uncached):
            if len(_lookup(reader, service_path)) != 100:
                raise RuntimeError('uncached lookup did not see 100 instances')
        uncached_ms = now_ms() - started
        server = end_stats(args.connect)
        cache = _DictCache(reader, service_path)
        cache.loaded.wait(30)
        picks = args.n * 100
        for _ in range(picks // 10):
            cache.pick()
        started = now_ms()
        for _ in range(picks):
            cache.pick()
        cached_ms = now_ms() - started
        metrics = {'uncached_per_s': rnd(uncached * 1000.0 / uncached_ms), 'cached_per_s': rnd(picks * 1000.0 / cached_ms),
                   'uncached_lookups': uncached, 'cached_picks': picks}
        return {'metrics': metrics, 'ops': uncached, 'server': server,
                'notes': ['kazoo has no discovery recipe: list + get_async by hand, and a dict kept by a ChildrenWatch']}
    finally:
        close_all([registrar, reader])


def scale(args):
    client = connect(args.connect)
    reader = connect(args.connect)
    try:
        root = run_root('scale')
        path = root + '/lock'
        holder = client.Lock(path)
        holder.acquire()
        order = []
        errors = [0]
        guard = threading.Lock()

        def waiter():
            try:
                lock = client.Lock(path)
                lock.acquire(timeout=300)
                with guard:
                    order.append(int(lock.node[-10:]))
                lock.release()
            except Exception:
                with guard:
                    errors[0] += 1

        started = now_ms()
        threads = [threading.Thread(target=waiter) for _ in range(args.n)]
        for t in threads:
            t.start()
        while len(client.get_children(path)) < args.n + 1:
            threading.Event().wait(0.05)
        queued_ms = now_ms() - started
        started = now_ms()
        holder.release()
        for t in threads:
            t.join()
        drain_ms = now_ms() - started
        out_of_order = sum(1 for i in range(1, len(order)) if order[i] < order[i - 1])

        instances = 10 * args.n
        service_path = root + '/services/svc'
        started = now_ms()
        _register_many(client, service_path, instances)
        register_ms = now_ms() - started
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        started = now_ms()
        cache = _DictCache(reader, service_path)
        cache.loaded.wait(300)
        load_ms = now_ms() - started
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        metrics = {
            'waiters': args.n, 'acquired': len(order), 'errors': errors[0], 'out_of_order': out_of_order,
            'queue_ms': rnd(queued_ms), 'drain_ms': rnd(drain_ms), 'instances': instances,
            'register_ms': rnd(register_ms), 'cache_load_ms': rnd(load_ms),
            'bytes_per_instance': round((after - before) / instances),
        }
        return {'metrics': metrics, 'notes': ['memory: tracemalloc (Python allocations only)']}
    finally:
        close_all([client, reader])
