import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/** lock_uncontended, lock_contended and herd with InterProcessMutex. */
final class CuratorLocks {
  private CuratorLocks() {}

  static BenchSupport.Outcome uncontended(String connect, int n) throws Exception {
    CuratorFramework client = BenchSupport.connect(connect);
    try {
      InterProcessMutex mutex = new InterProcessMutex(client, BenchSupport.runRoot("lock") + "/lock");
      for (int i = 0; i < n; i++) { mutex.acquire(); mutex.release(); } // warm-up: as many as measured
      BenchSupport.beginStats(connect);
      List<Double> cycles = new ArrayList<>();
      double started = BenchSupport.nowMs();
      for (int i = 0; i < n; i++) {
        double t = BenchSupport.nowMs();
        mutex.acquire();
        mutex.release();
        cycles.add(BenchSupport.nowMs() - t);
      }
      double elapsed = BenchSupport.nowMs() - started;
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      o.metrics.put("rate_per_s", BenchSupport.round(n * 1000.0 / elapsed));
      BenchSupport.summarize(o.metrics, "", cycles);
      o.ops = n;
      return o;
    } finally {
      client.close();
    }
  }

  /** Shared state of one contended run. */
  private static final class Contention {
    final AtomicInteger acquired = new AtomicInteger();
    final AtomicInteger holders = new AtomicInteger();
    final AtomicInteger violations = new AtomicInteger();
    final AtomicLong releaseStartedNs = new AtomicLong(-1);
    final List<Double> handoffs = Collections.synchronizedList(new ArrayList<>());
  }

  private static Contention contend(List<InterProcessMutex> mutexes, int total) throws InterruptedException {
    Contention c = new Contention();
    List<Thread> threads = new ArrayList<>();
    for (InterProcessMutex mutex : mutexes) {
      Thread t = new Thread(() -> {
        try {
          while (c.acquired.get() < total) {
            if (!mutex.acquire(60, TimeUnit.SECONDS)) throw new IllegalStateException("acquire timed out");
            long at = System.nanoTime();
            if (c.holders.incrementAndGet() > 1) c.violations.incrementAndGet();
            boolean counted = c.acquired.getAndIncrement() < total;
            long rel = c.releaseStartedNs.get();
            if (counted && rel >= 0) c.handoffs.add((at - rel) / 1e6);
            Thread.yield(); // the critical section
            c.holders.decrementAndGet();
            c.releaseStartedNs.set(System.nanoTime());
            mutex.release();
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    return c;
  }

  static BenchSupport.Outcome contended(String connect, int n, int clients) throws Exception {
    List<CuratorFramework> all = BenchSupport.connectMany(connect, clients);
    try {
      String path = BenchSupport.runRoot("contended") + "/lock";
      List<InterProcessMutex> mutexes = new ArrayList<>();
      for (CuratorFramework c : all) mutexes.add(new InterProcessMutex(c, path));
      contend(mutexes, Math.max(16, n / 4)); // warm-up
      BenchSupport.beginStats(connect);
      double started = BenchSupport.nowMs();
      Contention c = contend(mutexes, n);
      double elapsed = BenchSupport.nowMs() - started;
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      o.metrics.put("throughput_per_s", BenchSupport.round(n * 1000.0 / elapsed));
      BenchSupport.summarize(o.metrics, "handoff", c.handoffs);
      o.metrics.put("violations", (double) c.violations.get());
      o.ops = n;
      return o;
    } finally {
      BenchSupport.closeAll(all);
    }
  }

  static BenchSupport.Outcome herd(String connect, int waiters) throws Exception {
    List<CuratorFramework> all = BenchSupport.connectMany(connect, waiters + 1);
    try {
      String path = BenchSupport.runRoot("herd") + "/lock";
      InterProcessMutex holder = new InterProcessMutex(all.get(0), path);
      holder.acquire();
      List<Thread> threads = new ArrayList<>();
      for (CuratorFramework c : all.subList(1, all.size())) {
        InterProcessMutex m = new InterProcessMutex(c, path);
        Thread t = new Thread(() -> {
          try {
            if (!m.acquire(120, TimeUnit.SECONDS)) throw new IllegalStateException("acquire timed out");
            m.release();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        threads.add(t);
        t.start();
      }
      while (all.get(0).getChildren().forPath(path).size() < all.size()) Thread.sleep(20);
      BenchSupport.beginStats(connect);
      double started = BenchSupport.nowMs();
      holder.release();
      for (Thread t : threads) t.join();
      double elapsed = BenchSupport.nowMs() - started;
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      String notifications = o.server.replaceAll(".*\"notifications\":(\\d+).*", "$1");
      o.metrics.put("notifications_per_release", BenchSupport.round(Double.parseDouble(notifications) / all.size()));
      o.metrics.put("to_waiters_per_handoff", BenchSupport.round(Double.parseDouble(notifications) / waiters));
      o.metrics.put("to_releaser_per_release", 0.0);
      o.metrics.put("chain_ms", BenchSupport.round(elapsed));
      o.ops = all.size();
      o.notes.add("to_waiters_per_handoff from the server count: Curator sets no watch on its own lock node");
      return o;
    } finally {
      BenchSupport.closeAll(all);
    }
  }
}
