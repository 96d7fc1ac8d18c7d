import java.io.BufferedReader;
import java.io.Closeable;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;

/**
 * Curator 5.4 recipes for the zkr CLI tests: makes the nodes that `zkr locks`,
 * `zkr leader` and `zkr services` must read. One command per stdin line, one
 * reply line; `EVENT locked <label>` / `EVENT leader <id>` when Curator says so.
 *
 *   lock <path> <label>        InterProcessMutex whose node data is <label>, acquired on its own thread
 *   read|write <path> <label>  InterProcessReadWriteLock(client, path, label bytes)
 *   latch <path> <id>          LeaderLatch with participant id <id>
 *   register <base> <name> <id> <address> <port>   curator-x-discovery instance (payload {"zone":"eu-1"})
 *   quit
 */
public class ZkrRecipePeer {
  private static final CountDownLatch QUIT = new CountDownLatch(1);

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Acquires on a daemon thread (a Curator lock belongs to the thread that took it) and holds until quit. */
  private static void holdOnThread(InterProcessLock lock, String label) {
    Thread t = new Thread(() -> {
      try {
        lock.acquire();
        say("EVENT locked " + label);
        QUIT.await();
      } catch (Exception e) {
        say("EVENT error " + label + " " + e);
      }
    });
    t.setDaemon(true);
    t.start();
  }

  public static void main(String[] args) throws Exception {
    CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], 10000, 10000, new RetryNTimes(3, 200));
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected");
    List<Closeable> closeables = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    say("READY");
    String line;
    loop:
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      try {
        switch (w[0]) {
          case "lock": {
            final byte[] data = w[2].getBytes(StandardCharsets.UTF_8);
            holdOnThread(new InterProcessMutex(client, w[1]) {
              @Override
              protected byte[] getLockNodeBytes() {
                return data;
              }
            }, w[2]);
            say("OK");
            break;
          }
          case "read":
          case "write": {
            InterProcessReadWriteLock rw = new InterProcessReadWriteLock(client, w[1], w[2].getBytes(StandardCharsets.UTF_8));
            holdOnThread(w[0].equals("read") ? rw.readLock() : rw.writeLock(), w[2]);
            say("OK");
            break;
          }
          case "latch": {
            final String id = w[2];
            LeaderLatch latch = new LeaderLatch(client, w[1], id);
            latch.addListener(new LeaderLatchListener() {
              @Override public void isLeader() { say("EVENT leader " + id); }
              @Override public void notLeader() { }
            });
            latch.start();
            closeables.add(latch);
            say("OK");
            break;
          }
          case "register": {
            Map<String, Object> payload = new HashMap<>();
            payload.put("zone", "eu-1");
            ServiceDiscovery<Map> discovery = ServiceDiscoveryBuilder.builder(Map.class).client(client).basePath(w[1]).build();
            discovery.start();
            ServiceInstance<Map> instance = ServiceInstance.<Map>builder()
                .name(w[2]).id(w[3]).address(w[4]).port(Integer.parseInt(w[5])).payload(payload).build();
            discovery.registerService(instance);
            closeables.add(discovery);
            say("OK");
            break;
          }
          case "quit":
            break loop;
          default:
            say("ERR unknown command " + w[0]);
        }
      } catch (Exception e) {
        say("ERR " + e);
      }
    }
    QUIT.countDown();
    for (Closeable c : closeables) c.close();
    client.close();
    say("BYE");
  }
}
