import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.retry.RetryNTimes;

/**
 * Curator 5.4 barriers for the barrier interop tests. One command per stdin
 * line, one reply line (`OK` or `ERROR <text>`); blocking calls run on their own
 * thread and report with an `EVENT` line when they return.
 *
 *   member <label> <path> <count>  a DistributedDoubleBarrier member on its own CuratorFramework (own session)
 *   enter <label> <timeoutMs>      member.enter(timeout) on a thread   -> EVENT entered <label> <true|false|error ...>
 *   leave <label> <timeoutMs>      member.leave(timeout) on a thread   -> EVENT left <label> <true|false|error ...>
 *   set <path>                     DistributedBarrier.setBarrier()
 *   remove <path>                  DistributedBarrier.removeBarrier()
 *   wait <label> <path> <timeoutMs>  waitOnBarrier(timeout) on a thread -> EVENT released <label> <true|false|error ...>
 *   quit
 */
public class BarrierPeer {
  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static CuratorFramework connect(String connectString) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, 10000, 10000, new RetryNTimes(3, 200));
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected");
    return client;
  }

  /** Runs a blocking call on a daemon thread and reports its result as `EVENT <what> <label> <result>`. */
  private interface Call {
    boolean run() throws Exception;
  }

  private static void onThread(String what, String label, Call call) {
    Thread t = new Thread(() -> {
      String result;
      try {
        result = String.valueOf(call.run());
      } catch (Exception e) {
        result = "error " + e;
      }
      say("EVENT " + what + " " + label + " " + result);
    });
    t.setDaemon(true);
    t.start();
  }

  public static void main(String[] args) throws Exception {
    String connectString = args[0];
    CuratorFramework client = connect(connectString);
    List<CuratorFramework> clients = new ArrayList<>();
    clients.add(client);
    Map<String, DistributedDoubleBarrier> members = new HashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    say("READY");
    String line;
    loop:
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      try {
        switch (w[0]) {
          case "member": {
            CuratorFramework own = connect(connectString);
            clients.add(own);
            members.put(w[1], new DistributedDoubleBarrier(own, w[2], Integer.parseInt(w[3])));
            say("OK");
            break;
          }
          case "enter": {
            DistributedDoubleBarrier member = members.get(w[1]);
            long timeout = Long.parseLong(w[2]);
            onThread("entered", w[1], () -> member.enter(timeout, TimeUnit.MILLISECONDS));
            say("OK");
            break;
          }
          case "leave": {
            DistributedDoubleBarrier member = members.get(w[1]);
            long timeout = Long.parseLong(w[2]);
            onThread("left", w[1], () -> member.leave(timeout, TimeUnit.MILLISECONDS));
            say("OK");
            break;
          }
          case "set":
            new DistributedBarrier(client, w[1]).setBarrier();
            say("OK");
            break;
          case "remove":
            new DistributedBarrier(client, w[1]).removeBarrier();
            say("OK");
            break;
          case "wait": {
            DistributedBarrier barrier = new DistributedBarrier(client, w[2]);
            long timeout = Long.parseLong(w[3]);
            onThread("released", w[1], () -> barrier.waitOnBarrier(timeout, TimeUnit.MILLISECONDS));
            say("OK");
            break;
          }
          case "quit":
            say("OK");
            break loop;
          default:
            say("ERROR unknown command " + w[0]);
        }
      } catch (Exception e) {
        say("ERROR " + e);
      }
    }
    for (CuratorFramework c : clients) c.close();
  }
}
