import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.retry.RetryNTimes;

/**
 * A Curator 5.4 leader-election peer for the interop tests (test/interop/leader-curator.test.ts),
 * driven over stdin/stdout (see test/interop/java-peer.ts). Each "slot" is one LeaderLatch or
 * LeaderSelector on the peer's one CuratorFramework.
 *
 * Commands, one per line; the reply is one line ("OK ...", "ERR ..."):
 *   latch <slot> <path> <id>                      -> OK; then EVENT isLeader|notLeader <slot>
 *   selector <slot> <path> <id> <autoRequeue>     -> OK; then EVENT elected|released|interrupted <slot>
 *   release <slot>                                -> OK: the selector's takeLeadership returns
 *   has <slot>                                    -> OK true|false (hasLeadership())
 *   leader <slot>                                 -> OK <isLeader>|<id> (getLeader())
 *   participants <slot>                           -> OK id|isLeader,id|isLeader,... (getParticipants())
 *   close <slot>                                  -> OK
 *   quit
 * Arguments: connectString sessionTimeoutMs
 */
public class CuratorLeaderPeer {
  static final Map<String, LeaderLatch> LATCHES = new ConcurrentHashMap<>();
  static final Map<String, LeaderSelector> SELECTORS = new ConcurrentHashMap<>();
  static final Map<String, Semaphore> RELEASES = new ConcurrentHashMap<>();

  static synchronized void emit(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(args[0]).sessionTimeoutMs(Integer.parseInt(args[1])).connectionTimeoutMs(10000)
        .retryPolicy(new RetryNTimes(3, 100)).build();
    client.start();
    client.blockUntilConnected();
    emit("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      String[] p = line.trim().split(" ");
      try {
        switch (p[0]) {
          case "latch": latch(client, p[1], p[2], p[3]); emit("OK"); break;
          case "selector": selector(client, p[1], p[2], p[3], Boolean.parseBoolean(p[4])); emit("OK"); break;
          case "release": RELEASES.get(p[1]).release(); emit("OK"); break;
          case "has": emit("OK " + (LATCHES.containsKey(p[1]) ? LATCHES.get(p[1]).hasLeadership() : SELECTORS.get(p[1]).hasLeadership())); break;
          case "leader": emit("OK " + format(LATCHES.containsKey(p[1]) ? LATCHES.get(p[1]).getLeader() : SELECTORS.get(p[1]).getLeader())); break;
          case "participants": emit("OK " + String.join(",", participants(p[1]))); break;
          case "close": close(p[1]); emit("OK"); break;
          case "quit": client.close(); emit("OK"); return;
          default: emit("ERR unknown command " + p[0]);
        }
      } catch (Exception e) {
        emit("ERR " + e);
      }
    }
    client.close();
  }

  static String format(Participant participant) {
    return participant.isLeader() + "|" + participant.getId();
  }

  static void latch(CuratorFramework client, String slot, String path, String id) throws Exception {
    LeaderLatch latch = new LeaderLatch(client, path, id);
    latch.addListener(new LeaderLatchListener() {
      @Override public void isLeader() { emit("EVENT isLeader " + slot); }
      @Override public void notLeader() { emit("EVENT notLeader " + slot); }
    });
    LATCHES.put(slot, latch);
    latch.start();
  }

  static void selector(CuratorFramework client, String slot, String path, String id, boolean autoRequeue) {
    Semaphore release = new Semaphore(0);
    RELEASES.put(slot, release);
    LeaderSelector selector = new LeaderSelector(client, path, new LeaderSelectorListenerAdapter() {
      @Override public void takeLeadership(CuratorFramework c) {
        emit("EVENT elected " + slot);
        try {
          release.acquire();
          emit("EVENT released " + slot);
        } catch (InterruptedException e) {
          emit("EVENT interrupted " + slot);
          Thread.currentThread().interrupt();
        }
      }
    });
    selector.setId(id);
    if (autoRequeue) selector.autoRequeue();
    SELECTORS.put(slot, selector);
    selector.start();
  }

  static List<String> participants(String slot) throws Exception {
    List<String> out = new ArrayList<>();
    for (Participant p : LATCHES.containsKey(slot) ? LATCHES.get(slot).getParticipants() : SELECTORS.get(slot).getParticipants()) {
      out.add(p.getId() + "|" + p.isLeader());
    }
    return out;
  }

  static void close(String slot) throws Exception {
    if (LATCHES.containsKey(slot)) LATCHES.get(slot).close();
    else SELECTORS.get(slot).close();
  }
}
