import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Curator 5.4 bench driver (Debian jars): the workloads of bench/README.md
 * with InterProcessMutex, LeaderLatch, NodeCache, DistributedDoubleBarrier and
 * curator-x-discovery. Protocol: bench/drivers/common/driver-protocol.ts.
 */
public final class CuratorBench {
  private CuratorBench() {}

  public static void main(String[] argv) {
    String connect = null;
    String workload = "?";
    int n = 1;
    int clients = 1;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--connect": connect = argv[i + 1]; break;
        case "--workload": workload = argv[i + 1]; break;
        case "--n": n = Integer.parseInt(argv[i + 1]); break;
        case "--clients": clients = Integer.parseInt(argv[i + 1]); break;
        default: break;
      }
    }
    String head = String.format("{\"driver\":\"curator\",\"workload\":%s,\"n\":%d,\"clients\":%d", BenchSupport.json(workload), n, clients);
    String line;
    int code = 0;
    try {
      BenchSupport.Outcome o = run(connect, workload, n, clients);
      if (o == null) {
        line = head + ",\"metrics\":{},\"unsupported\":" + BenchSupport.json("no workload " + workload + " in curator") + "}";
      } else {
        StringBuilder sb = new StringBuilder(head).append(",\"metrics\":{");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : o.metrics.entrySet()) {
          double v = e.getValue();
          parts.add(BenchSupport.json(e.getKey()) + ":" + (Double.isNaN(v) || Double.isInfinite(v) ? "null" : (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v))));
        }
        sb.append(String.join(",", parts)).append('}');
        if (o.ops != null) sb.append(",\"ops\":").append(o.ops);
        if (o.server != null) sb.append(",\"server\":").append(o.server);
        if (!o.notes.isEmpty()) {
          List<String> notes = new ArrayList<>();
          for (String note : o.notes) notes.add(BenchSupport.json(note));
          sb.append(",\"notes\":[").append(String.join(",", notes)).append(']');
        }
        line = sb.append('}').toString();
      }
    } catch (Throwable e) {
      line = head + ",\"metrics\":{},\"error\":" + BenchSupport.json(e.toString()) + "}";
      code = 1;
    }
    System.out.println(line);
    System.out.flush();
    // Curator and ZooKeeper leave non-daemon threads behind in some paths (ZOOKEEPER-3652): do not wait for them.
    Runtime.getRuntime().halt(code);
  }

  private static BenchSupport.Outcome run(String connect, String workload, int n, int clients) throws Exception {
    switch (workload) {
      case "lock_uncontended": return CuratorLocks.uncontended(connect, n);
      case "lock_contended": return CuratorLocks.contended(connect, n, clients);
      case "herd": return CuratorLocks.herd(connect, clients);
      case "leader_failover": return CuratorCoordination.leaderFailover(connect, n, clients);
      case "config_propagation": return CuratorCoordination.configPropagation(connect, n, clients);
      case "double_barrier": return CuratorCoordination.doubleBarrier(connect, n, clients);
      case "discovery": return CuratorDiscovery.discovery(connect, n);
      case "scale": return CuratorDiscovery.scale(connect, n);
      default: return null;
    }
  }
}
