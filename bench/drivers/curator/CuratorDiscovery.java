import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.UriSpec;
import org.apache.curator.x.discovery.strategies.RoundRobinStrategy;

/** discovery (curator-x-discovery) and scale (1,000 InterProcessMutex waiters, 10,000 cached instances). */
final class CuratorDiscovery {
  private CuratorDiscovery() {}

  private static ServiceDiscovery<Void> discovery(CuratorFramework client, String basePath) throws Exception {
    ServiceDiscovery<Void> d = ServiceDiscoveryBuilder.builder(Void.class).client(client).basePath(basePath).build();
    d.start();
    return d;
  }

  private static void registerMany(ServiceDiscovery<Void> d, int count, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        final int k = i;
        futures.add(pool.submit(() -> {
          d.registerService(ServiceInstance.<Void>builder().name("svc").id("i-" + k)
              .address("10.0." + (k >> 8) + "." + (k & 255)).port(8080).uriSpec(new UriSpec("{scheme}://{address}:{port}")).build());
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    } finally {
      pool.shutdown();
    }
  }

  static BenchSupport.Outcome discovery(String connect, int n) throws Exception {
    CuratorFramework registrar = BenchSupport.connect(connect);
    CuratorFramework reader = BenchSupport.connect(connect);
    try {
      String base = BenchSupport.runRoot("discovery");
      ServiceDiscovery<Void> owner = discovery(registrar, base);
      ServiceDiscovery<Void> lookups = discovery(reader, base);
      registerMany(owner, 100, 8);
      int uncached = Math.max(10, Math.round(n / 10f));
      for (int i = 0; i < 5; i++) lookups.queryForInstances("svc");
      BenchSupport.beginStats(connect);
      double started = BenchSupport.nowMs();
      for (int i = 0; i < uncached; i++) {
        if (lookups.queryForInstances("svc").size() != 100) throw new IllegalStateException("uncached lookup did not see 100 instances");
      }
      double uncachedMs = BenchSupport.nowMs() - started;
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.server = BenchSupport.endStats(connect);
      ServiceProvider<Void> provider = lookups.serviceProviderBuilder().serviceName("svc").providerStrategy(new RoundRobinStrategy<>()).build();
      provider.start();
      while (provider.getAllInstances().size() < 100) Thread.sleep(10);
      int picks = n * 100;
      for (int i = 0; i < picks / 10; i++) provider.getInstance();
      started = BenchSupport.nowMs();
      for (int i = 0; i < picks; i++) if (provider.getInstance() == null) throw new IllegalStateException("provider returned no instance");
      double cachedMs = BenchSupport.nowMs() - started;
      o.metrics.put("uncached_per_s", BenchSupport.round(uncached * 1000.0 / uncachedMs));
      o.metrics.put("cached_per_s", BenchSupport.round(picks * 1000.0 / cachedMs));
      o.metrics.put("uncached_lookups", (double) uncached);
      o.metrics.put("cached_picks", (double) picks);
      o.ops = uncached;
      provider.close();
      lookups.close();
      owner.close();
      return o;
    } finally {
      BenchSupport.closeAll(List.of(registrar, reader));
    }
  }

  /** InterProcessMutex with its node path readable (protected in 5.4). */
  private static final class PathMutex extends InterProcessMutex {
    PathMutex(CuratorFramework client, String path) {
      super(client, path);
    }

    String node() {
      return getLockPath();
    }
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(50); }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static BenchSupport.Outcome scale(String connect, int n) throws Exception {
    CuratorFramework client = BenchSupport.connect(connect);
    CuratorFramework reader = BenchSupport.connect(connect);
    try {
      String root = BenchSupport.runRoot("scale");
      String path = root + "/lock";
      InterProcessMutex holder = new InterProcessMutex(client, path);
      holder.acquire();
      List<Long> order = Collections.synchronizedList(new ArrayList<>());
      int[] errors = { 0 };
      List<Thread> threads = new ArrayList<>();
      double started = BenchSupport.nowMs();
      for (int i = 0; i < n; i++) {
        PathMutex m = new PathMutex(client, path);
        Thread t = new Thread(() -> {
          try {
            if (!m.acquire(300, TimeUnit.SECONDS)) throw new IllegalStateException("timed out");
            String node = m.node();
            order.add(Long.parseLong(node.substring(node.length() - 10)));
            m.release();
          } catch (Exception e) {
            synchronized (errors) { errors[0]++; }
          }
        });
        threads.add(t);
        t.start();
      }
      while (client.getChildren().forPath(path).size() < n + 1) Thread.sleep(50);
      double queuedMs = BenchSupport.nowMs() - started;
      started = BenchSupport.nowMs();
      holder.release();
      for (Thread t : threads) t.join();
      double drainMs = BenchSupport.nowMs() - started;
      int outOfOrder = 0;
      for (int i = 1; i < order.size(); i++) if (order.get(i) < order.get(i - 1)) outOfOrder++;

      int instances = 10 * n;
      ServiceDiscovery<Void> owner = discovery(client, root + "/services");
      started = BenchSupport.nowMs();
      registerMany(owner, instances, 16);
      double registerMs = BenchSupport.nowMs() - started;
      ServiceDiscovery<Void> lookups = discovery(reader, root + "/services");
      long before = usedHeap();
      started = BenchSupport.nowMs();
      ServiceProvider<Void> provider = lookups.serviceProviderBuilder().serviceName("svc").build();
      provider.start();
      while (provider.getAllInstances().size() < instances) Thread.sleep(50);
      double loadMs = BenchSupport.nowMs() - started;
      long after = usedHeap();
      BenchSupport.Outcome o = new BenchSupport.Outcome();
      o.metrics.put("waiters", (double) n);
      o.metrics.put("acquired", (double) order.size());
      o.metrics.put("errors", (double) errors[0]);
      o.metrics.put("out_of_order", (double) outOfOrder);
      o.metrics.put("queue_ms", BenchSupport.round(queuedMs));
      o.metrics.put("drain_ms", BenchSupport.round(drainMs));
      o.metrics.put("instances", (double) instances);
      o.metrics.put("register_ms", BenchSupport.round(registerMs));
      o.metrics.put("cache_load_ms", BenchSupport.round(loadMs));
      o.metrics.put("bytes_per_instance", (double) Math.round((after - before) / (double) instances));
      provider.close();
      lookups.close();
      owner.close();
      return o;
    } finally {
      BenchSupport.closeAll(List.of(client, reader));
    }
  }
}
