"""kazoo 2.x locks for the zkr CLI tests.

Usage: zkr_kazoo_locks.py <connect> <lock path> <rw path>
Takes a kazoo Lock as 'kz-A' with 'kz-B' waiting behind it, and a ReadLock
'kz-R' with a WriteLock 'kz-W' waiting; prints READY once all four nodes exist,
then holds them until stdin closes.
"""
import sys
import threading
import time

from kazoo.client import KazooClient

connect, lock_path, rw_path = sys.argv[1], sys.argv[2], sys.argv[3]
zk = KazooClient(hosts=connect)
zk.start(timeout=30)

holder = zk.Lock(lock_path, "kz-A")
holder.acquire()
waiter = zk.Lock(lock_path, "kz-B")
threading.Thread(target=waiter.acquire, daemon=True).start()

reader = zk.ReadLock(rw_path, "kz-R")
reader.acquire()
writer = zk.WriteLock(rw_path, "kz-W")
threading.Thread(target=writer.acquire, daemon=True).start()

deadline = time.time() + 30
while len(zk.get_children(lock_path)) < 2 or len(zk.get_children(rw_path)) < 2:
    if time.time() > deadline:
        raise SystemExit("contenders did not appear")
    time.sleep(0.05)

print("READY", flush=True)
sys.stdin.read()
zk.stop()
zk.close()
