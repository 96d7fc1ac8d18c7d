"""kazoo 2.x DataWatch on a config node, for the ConfigWatcher interop test.

Usage: config_datawatch.py <connect> <path>
Prints 'VALUE <version> <data>' on every DataWatch callback ('VALUE -1 -' while
the node does not exist). Reads commands on stdin: 'SET <data>' writes the node
(creating it if needed) and prints 'SET <version>'. Exits when stdin closes.
"""
import sys
import threading

from kazoo.client import KazooClient

connect, path = sys.argv[1], sys.argv[2]
zk = KazooClient(hosts=connect)
zk.start(timeout=30)
lock = threading.Lock()


def say(line):
    with lock:
        print(line, flush=True)


@zk.DataWatch(path)
def watch(data, stat):
    if stat is None:
        say("VALUE -1 -")
    else:
        say("VALUE %d %s" % (stat.version, data.decode("utf-8")))


for line in sys.stdin:
    command, _, rest = line.rstrip("\n").partition(" ")
    if command == "SET":
        zk.ensure_path(path)
        stat = zk.set(path, rest.encode("utf-8"))
        say("SET %d" % stat.version)

zk.stop()
zk.close()
