import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/** Shared pieces of the Curator bench driver: sessions, timing, server counters, the JSON line. */
final class BenchSupport {
  private BenchSupport() {}

  /** A started, connected CuratorFramework with a 10 s session (as every driver uses). */
  static CuratorFramework connect(String connect) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(connect, 10000, 30000, new RetryNTimes(3, 100));
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected");
    return client;
  }

  static List<CuratorFramework> connectMany(String connect, int count) throws InterruptedException {
    List<CuratorFramework> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(connect(connect));
    return out;
  }

  static void closeAll(List<CuratorFramework> clients) {
    for (CuratorFramework c : clients) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // the run is over
      }
    }
  }

  static String runRoot(String workload) {
    return "/bench/" + workload + "-curator-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static double nowMs() {
    return System.nanoTime() / 1e6;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p / 100 * sorted.size()) - 1));
    return sorted.get(rank);
  }

  static void summarize(Map<String, Double> metrics, String prefix, List<Double> values) {
    String key = prefix.isEmpty() ? "" : prefix + "_";
    metrics.put(key + "p50_ms", round(percentile(values, 50)));
    metrics.put(key + "p99_ms", round(percentile(values, 99)));
    metrics.put(key + "max_ms", round(Collections.max(values)));
  }

  /** Sends a four letter word and returns the reply. */
  static String fourLetterWord(String connect, String word) throws Exception {
    String first = connect.split("/")[0].split(",")[0];
    int colon = first.lastIndexOf(':');
    try (Socket s = new Socket(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)))) {
      OutputStream out = s.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) > 0; ) buf.write(chunk, 0, n);
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  /** srst before the measured phase. */
  static void beginStats(String connect) throws Exception {
    fourLetterWord(connect, "srst");
  }

  /** mntr after the measured phase, as the JSON object of ServerCounters. */
  static String endStats(String connect) throws Exception {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String line : fourLetterWord(connect, "mntr").split("\n")) {
      String[] kv = line.split("\t");
      if (kv.length != 2) continue;
      try {
        m.put(kv[0], Double.parseDouble(kv[1]));
      } catch (NumberFormatException ignored) {
        // text values
      }
    }
    double notifications = m.getOrDefault("zk_sum_node_created_watch_count", 0.0) + m.getOrDefault("zk_sum_node_deleted_watch_count", 0.0)
        + m.getOrDefault("zk_sum_node_changed_watch_count", 0.0) + m.getOrDefault("zk_sum_node_children_watch_count", 0.0);
    return String.format("{\"requests\":%d,\"reads\":%d,\"writes\":%d,\"notifications\":%d,\"packetsSent\":%d}",
        m.getOrDefault("zk_packets_received", 0.0).longValue(), m.getOrDefault("zk_cnt_readlatency", 0.0).longValue(),
        m.getOrDefault("zk_cnt_updatelatency", 0.0).longValue(), (long) notifications, m.getOrDefault("zk_packets_sent", 0.0).longValue());
  }

  /** What one workload produced. */
  static final class Outcome {
    final Map<String, Double> metrics = new LinkedHashMap<>();
    Integer ops;
    String server;
    final List<String> notes = new ArrayList<>();
  }

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
