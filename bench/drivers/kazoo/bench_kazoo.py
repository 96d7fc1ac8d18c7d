"""The kazoo bench driver (Debian python3-kazoo): the workloads of bench/README.md.

Protocol: bench/drivers/common/driver-protocol.ts. Run with /usr/bin/python3.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import coordination_workloads  # noqa: E402
import lock_workloads  # noqa: E402

WORKLOADS = {
    'lock_uncontended': lock_workloads.lock_uncontended,
    'lock_contended': lock_workloads.lock_contended,
    'leader_failover': lock_workloads.leader_failover,
    'herd': lock_workloads.herd,
    'config_propagation': coordination_workloads.config_propagation,
    'double_barrier': coordination_workloads.double_barrier,
    'discovery': coordination_workloads.discovery,
    'scale': coordination_workloads.scale,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--connect', required=True)
    parser.add_argument('--workload', required=True)
    parser.add_argument('--n', type=int, default=1)
    parser.add_argument('--clients', type=int, default=1)
    args = parser.parse_args()
    result = {'driver': 'kazoo', 'workload': args.workload, 'n': args.n, 'clients': args.clients, 'metrics': {}}
    code = 0
    workload = WORKLOADS.get(args.workload)
    if workload is None:
        result['unsupported'] = 'no workload %s in kazoo' % args.workload
    else:
        try:
            result.update(workload(args))
        except Exception as e:  # reported in the JSON line
            result['error'] = '%s: %s' % (type(e).__name__, e)
            code = 1
    sys.stdout.write(json.dumps(result) + '\n')
    sys.stdout.flush()
    # Blocked barrier threads and kazoo's own threads must not keep a finished driver alive.
    os._exit(code)


if __name__ == '__main__':
    main()
