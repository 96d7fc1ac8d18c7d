"""A kazoo lock peer for the interop tests, driven over stdin/stdout.

kazoo's default Lock (`<hex>__lock__<seq>`) does not interoperate with
Curator-layout locks (INTEROP.md section 10). This subclass names its nodes
`<hex>-lock-<seq>`, so Curator and zk-recipes sort them by sequence, and it
counts every `-lock-<seq>` node (Curator's and zk-recipes' `_c_<uuid>-lock-`
nodes included) as a contender.

Commands, one per line; the reply is one line:
  acquire <timeout_seconds>   -> OK, then later "EVENT acquired" or "EVENT timeout"
  release                     -> OK once released
  contenders                  -> OK id,id,...  (kazoo's view of the queue)
  quit
"""
import sys
import threading

from kazoo.client import KazooClient
from kazoo.exceptions import LockTimeout
from kazoo.recipe.lock import Lock


class CuratorCompatibleLock(Lock):
    _NODE_NAME = "-lock-"
    _EXCLUDE_NAMES = ["-lock-"]


def emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    connect, path, identifier = sys.argv[1], sys.argv[2], sys.argv[3]
    client = KazooClient(hosts=connect, timeout=6.0)
    client.start(timeout=20)
    lock = CuratorCompatibleLock(client, path, identifier)
    emit("READY")

    def acquire(timeout):
        try:
            lock.acquire(timeout=timeout)
            emit("EVENT acquired")
        except LockTimeout:
            emit("EVENT timeout")
        except Exception as e:  # noqa: BLE001 - reported to the test
            emit("EVENT error %r" % (e,))

    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "acquire":
                threading.Thread(target=acquire, args=(float(parts[1]),), daemon=True).start()
                emit("OK")
            elif parts[0] == "release":
                lock.release()
                emit("OK")
            elif parts[0] == "contenders":
                emit("OK " + ",".join(lock.contenders()))
            elif parts[0] == "quit":
                break
            else:
                emit("ERR unknown command " + parts[0])
        except Exception as e:  # noqa: BLE001 - reported to the test
            emit("ERR %r" % (e,))
    client.stop()
    client.close()
    emit("OK")


if __name__ == "__main__":
    main()
