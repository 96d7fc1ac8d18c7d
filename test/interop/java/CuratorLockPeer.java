import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.retry.RetryNTimes;

/**
 * A Curator 5.4 lock peer for the interop tests, driven over stdin/stdout (see
 * test/interop/java-peer.ts). Each "slot" is one lock object used from its own
 * thread (Curator's locks are owned per thread), so a test can have a Java
 * holder and a Java waiter at once.
 *
 * Commands, one per line; the reply is one line ("OK ...", "ERR ..."):
 *   acquire <slot> mutex|read|write <path> <timeoutMs>   -> OK, then EVENT acquired|timeout|error <slot>
 *   acquire <slot> sem <path> <timeoutMs> <maxLeases>    -> OK, then EVENT ...
 *   release <slot>                                        -> OK once released
 *   participants mutex|read|write|sem <path>              -> OK node,node,... (Curator's getParticipantNodes())
 *   quit
 */
public class CuratorLockPeer {
  static final class Slot {
    final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
    InterProcessLock lock;
    InterProcessSemaphoreV2 semaphore;
    final List<Lease> leases = new ArrayList<>();
  }

  static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

  static synchronized void emit(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(args[0]).sessionTimeoutMs(6000).connectionTimeoutMs(10000)
        .retryPolicy(new RetryNTimes(3, 100)).build();
    client.start();
    client.blockUntilConnected();
    emit("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      String[] p = line.trim().split(" ");
      try {
        switch (p[0]) {
          case "acquire": acquire(client, p); emit("OK"); break;
          case "release": release(p[1]); emit("OK"); break;
          case "participants": emit("OK " + String.join(",", participants(client, p[1], p[2]))); break;
          case "quit": client.close(); emit("OK"); return;
          default: emit("ERR unknown command " + p[0]);
        }
      } catch (Exception e) {
        emit("ERR " + e);
      }
    }
    client.close();
  }

  static void acquire(CuratorFramework client, String[] p) {
    String slotName = p[1], kind = p[2], path = p[3];
    long timeoutMs = Long.parseLong(p[4]);
    Slot slot = SLOTS.computeIfAbsent(slotName, k -> new Slot());
    slot.thread.submit(() -> {
      try {
        boolean ok;
        if (kind.equals("sem")) {
          if (slot.semaphore == null) slot.semaphore = new InterProcessSemaphoreV2(client, path, Integer.parseInt(p[5]));
          Lease lease = slot.semaphore.acquire(timeoutMs, TimeUnit.MILLISECONDS);
          ok = lease != null;
          if (ok) slot.leases.add(lease);
        } else {
          if (slot.lock == null) slot.lock = lock(client, kind, path);
          ok = slot.lock.acquire(timeoutMs, TimeUnit.MILLISECONDS);
        }
        emit("EVENT " + (ok ? "acquired " : "timeout ") + slotName);
      } catch (Exception e) {
        emit("EVENT error " + slotName + " " + e);
      }
    });
  }

  static InterProcessLock lock(CuratorFramework client, String kind, String path) {
    switch (kind) {
      case "mutex": return new InterProcessMutex(client, path);
      case "read": return new InterProcessReadWriteLock(client, path).readLock();
      case "write": return new InterProcessReadWriteLock(client, path).writeLock();
      default: throw new IllegalArgumentException("unknown lock kind " + kind);
    }
  }

  static void release(String slotName) throws Exception {
    Slot slot = SLOTS.get(slotName);
    if (slot == null) throw new IllegalStateException("no slot " + slotName);
    slot.thread.submit(() -> {
      if (!slot.leases.isEmpty()) slot.leases.remove(0).close();
      else slot.lock.release();
      return null;
    }).get(20, TimeUnit.SECONDS);
  }

  static Collection<String> participants(CuratorFramework client, String kind, String path) throws Exception {
    switch (kind) {
      case "mutex": return new InterProcessMutex(client, path).getParticipantNodes();
      case "read": return new InterProcessReadWriteLock(client, path).readLock().getParticipantNodes();
      case "write": return new InterProcessReadWriteLock(client, path).writeLock().getParticipantNodes();
      case "sem": return new InterProcessSemaphoreV2(client, path, 1).getParticipantNodes();
      default: throw new IllegalArgumentException("unknown lock kind " + kind);
    }
  }
}
