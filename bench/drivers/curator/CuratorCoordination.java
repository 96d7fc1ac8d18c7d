import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.cache.NodeCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;

/** leader_failover (LeaderLatch), config_propagation (NodeCache) and double_barrier (DistributedDoubleBarrier). */
final class CuratorCoordination {
  private CuratorCoordination() {}

  /** One participant: its session, its latch, and when it was elected. */
  private static final class Member {
    final CuratorFramework client;
    final LeaderLatch latch;
    final CompletableFuture<Double> elected = new CompletableFuture<>();

    Member(String connect, String path, String id) throws Exception {
      client = BenchSupport.connect(connect);
      latch = new LeaderLatch(client, path, id);
      latch.addListener(new LeaderLatchListener() {
        @Override public void isLeader() { elected.complete(BenchSupport.nowMs()); }
        @Override public void notLeader() {}
      });
      latch.start();
    }
  }

  static BenchSupport.Outcome leaderFailover(String connect, int n, int clients) throws Exception {
    String path = BenchSupport.runRoot("leader") + "/latch";
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < Math.max(2, clients); i++) members.add(new Member(connect, path, "p" + i));
    try {
      CompletableFuture.anyOf(members.stream().map(m -> m.elected).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      BenchSupport.beginStats(connect);
      List<Double> failovers = new ArrayList<>();
      for (int trial = 0; trial < n; trial++) {
        Member old = members.stream().filter(m -> m.elected.isDone()).findFirst().orElseThrow();
        members.remove(old);
        double started = BenchSupport.nowMs();
        old.client.close();
        Object next = CompletableFuture.anyOf(members.stream().map(m -> m.elected).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        failovers.add((Double) next - started);
        members.add(new Member(connect, path, "p" + (members.size() + trial + 1)));
      }
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      BenchSupport.summarize(o.metrics, "", failovers);
      o.ops = n;
      return o;
    } finally {
      for (Member m : members) BenchSupport.closeAll(List.of(m.client));
    }
  }

  /** Shared state of one config_propagation trial, guarded by its own monitor. */
  private static final class Trial {
    String expected = "0";
    CountDownLatch pending = new CountDownLatch(0);
    double finished;
  }

  static BenchSupport.Outcome configPropagation(String connect, int n, int clients) throws Exception {
    List<CuratorFramework> all = BenchSupport.connectMany(connect, clients + 1);
    CuratorFramework writer = all.get(0);
    List<NodeCache> caches = new ArrayList<>();
    List<AtomicBoolean> seen = new ArrayList<>();
    Trial trial = new Trial();
    try {
      String path = BenchSupport.runRoot("config") + "/value";
      writer.create().creatingParentsIfNeeded().forPath(path, "0".getBytes(StandardCharsets.UTF_8));
      for (CuratorFramework c : all.subList(1, all.size())) {
        NodeCache cache = new NodeCache(c, path);
        AtomicBoolean mine = new AtomicBoolean(true);
        cache.getListenable().addListener(() -> {
          byte[] data = cache.getCurrentData() == null ? null : cache.getCurrentData().getData();
          if (data == null) return;
          synchronized (trial) {
            if (new String(data, StandardCharsets.UTF_8).equals(trial.expected) && mine.compareAndSet(false, true)) {
              trial.pending.countDown();
              if (trial.pending.getCount() == 0) trial.finished = BenchSupport.nowMs();
            }
          }
        });
        cache.start(true);
        caches.add(cache);
        seen.add(mine);
      }
      BenchSupport.beginStats(connect);
      List<Double> trials = new ArrayList<>();
      for (int t = 1; t <= n; t++) {
        CountDownLatch latch;
        synchronized (trial) {
          trial.expected = String.valueOf(t);
          trial.pending = latch = new CountDownLatch(caches.size());
          for (AtomicBoolean s : seen) s.set(false);
        }
        double started = BenchSupport.nowMs();
        writer.setData().forPath(path, String.valueOf(t).getBytes(StandardCharsets.UTF_8));
        if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not every NodeCache saw trial " + t);
        synchronized (trial) { trials.add(trial.finished - started); }
      }
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      BenchSupport.summarize(o.metrics, "", trials);
      o.ops = n;
      return o;
    } finally {
      for (NodeCache c : caches) c.close();
      BenchSupport.closeAll(all);
    }
  }

  static BenchSupport.Outcome doubleBarrier(String connect, int n, int clients) throws Exception {
    List<CuratorFramework> all = BenchSupport.connectMany(connect, clients);
    try {
      String root = BenchSupport.runRoot("barrier");
      int[] hangs = { 0 };
      round(all, root + "/round-0", hangs);
      BenchSupport.beginStats(connect);
      List<Double> rounds = new ArrayList<>();
      for (int r = 1; r <= n; r++) {
        double t = round(all, root + "/round-" + r, hangs);
        if (!Double.isNaN(t)) rounds.add(t);
      }
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      BenchSupport.summarize(o.metrics, "round", rounds);
      o.metrics.put("hung_rounds", (double) hangs[0]);
      o.ops = rounds.size();
      if (hangs[0] > 0) o.notes.add(hangs[0] + " round(s) hung (a member stuck past 5 s) and were left out");
      return o;
    } finally {
      BenchSupport.closeAll(all);
    }
  }

  /** One round: every member enters and leaves; the time until the last leave returns, NaN if one hung. */
  private static double round(List<CuratorFramework> all, String path, int[] hangs) throws Exception {
    List<CompletableFuture<Boolean>> done = new ArrayList<>();
    double started = BenchSupport.nowMs();
    for (CuratorFramework c : all) {
      DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(c, path, all.size());
      done.add(CompletableFuture.supplyAsync(() -> {
        try {
          return barrier.enter(5, TimeUnit.SECONDS) && barrier.leave(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          return false;
        }
      }, runnable -> new Thread(runnable).start()));
    }
    boolean ok = true;
    try {
      for (CompletableFuture<Boolean> f : done) ok &= f.get(12, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      ok = false; // a member is stuck in enter or leave (Curator's barrier hangs now and then)
    }
    if (!ok) { hangs[0]++; return Double.NaN; }
    return BenchSupport.nowMs() - started;
  }
}
