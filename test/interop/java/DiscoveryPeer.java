import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceCache;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceInstanceBuilder;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.ServiceType;
import org.apache.curator.x.discovery.UriSpec;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.apache.curator.x.discovery.details.ServiceCacheListener;

/**
 * A curator-x-discovery 5.4 peer for test/interop/discovery-curator.test.ts,
 * driven one line at a time: "<command> <json>" in, one JSON line out.
 * Unsolicited lines start with "EVENT ".
 *
 * Args: connectString basePath
 */
public class DiscoveryPeer {
    /** A payload class for typed readers; Jackson writes it with "@class":"DiscoveryPeer$Details". */
    public static class Details {
        public String zone;
        public int weight;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ServiceProvider<Object>> providers = new HashMap<>();
    private static final Map<String, ServiceCache<Object>> caches = new HashMap<>();
    private static final Map<String, ServiceInstance<Object>> registered = new HashMap<>();

    public static void main(String[] args) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(args[0])
            .sessionTimeoutMs(10000).connectionTimeoutMs(10000).retryPolicy(new ExponentialBackoffRetry(100, 5)).build();
        client.start();
        client.blockUntilConnected();
        String basePath = args[1];
        // The builder's default serializer: Curator's compatible mode (no "enabled").
        ServiceDiscovery<Object> plain = ServiceDiscoveryBuilder.builder(Object.class).client(client).basePath(basePath).build();
        // The non-compatible serializer: writes "enabled".
        ServiceDiscovery<Object> full = ServiceDiscoveryBuilder.builder(Object.class).client(client).basePath(basePath)
            .serializer(new JsonInstanceSerializer<>(Object.class, false)).build();
        ServiceDiscovery<Details> typed = ServiceDiscoveryBuilder.builder(Details.class).client(client).basePath(basePath)
            .serializer(new JsonInstanceSerializer<>(Details.class)).build();
        plain.start();
        full.start();
        typed.start();
        System.out.println("READY");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            int space = line.indexOf(' ');
            String command = space < 0 ? line : line.substring(0, space);
            JsonNode arg = space < 0 ? JSON.createObjectNode() : JSON.readTree(line.substring(space + 1));
            Object reply;
            try {
                reply = handle(command, arg, plain, full, typed);
            } catch (Exception e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", e.getClass().getName() + ": " + e.getMessage());
                reply = error;
            }
            System.out.println(JSON.writeValueAsString(reply));
            System.out.flush();
            if (command.equals("quit")) break;
        }
        for (ServiceCache<Object> cache : caches.values()) cache.close();
        for (ServiceProvider<Object> provider : providers.values()) provider.close();
        plain.close();
        full.close();
        typed.close();
        client.close();
    }

    private static Object handle(String command, JsonNode arg, ServiceDiscovery<Object> plain, ServiceDiscovery<Object> full, ServiceDiscovery<Details> typed) throws Exception {
        String name = arg.path("name").asText();
        switch (command) {
            case "register": {
                ServiceInstanceBuilder<Object> b = ServiceInstance.builder().name(name);
                if (arg.has("id")) b.id(arg.get("id").asText());
                if (arg.has("address")) b.address(arg.get("address").asText());
                if (arg.has("port")) b.port(arg.get("port").asInt());
                if (arg.has("sslPort")) b.sslPort(arg.get("sslPort").asInt());
                if (arg.has("uriSpec")) b.uriSpec(new UriSpec(arg.get("uriSpec").asText()));
                if (arg.has("serviceType")) b.serviceType(ServiceType.valueOf(arg.get("serviceType").asText()));
                if (arg.has("enabled")) b.enabled(arg.get("enabled").asBoolean());
                b.payload(payload(arg.path("payloadKind").asText("none")));
                ServiceInstance<Object> instance = b.build();
                ("full".equals(arg.path("writer").asText()) ? full : plain).registerService(instance);
                registered.put(instance.getId(), instance);
                return describe(instance);
            }
            case "unregister":
                plain.unregisterService(registered.remove(arg.get("id").asText()));
                return "OK";
            case "query": {
                String id = arg.get("id").asText();
                ServiceInstance<?> found = "typed".equals(arg.path("reader").asText()) ? typed.queryForInstance(name, id) : plain.queryForInstance(name, id);
                return found == null ? null : describe(found);
            }
            case "names":
                return new TreeSet<>(plain.queryForNames());
            case "provider": {
                ServiceProvider<Object> provider = plain.serviceProviderBuilder().serviceName(name).build();
                provider.start();
                providers.put(name, provider);
                return "OK";
            }
            case "providerGet": {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < arg.get("n").asInt(); i++) {
                    ServiceInstance<Object> instance = providers.get(name).getInstance();
                    ids.add(instance == null ? null : instance.getId());
                }
                return ids;
            }
            case "providerAll":
                return ids(providers.get(name).getAllInstances());
            case "cache": {
                ServiceCache<Object> cache = plain.serviceCacheBuilder().name(name).build();
                cache.addListener(new ServiceCacheListener() {
                    @Override
                    public void cacheChanged() {
                        try {
                            System.out.println("EVENT cache " + name + " " + JSON.writeValueAsString(ids(cache.getInstances())));
                            System.out.flush();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }

                    @Override
                    public void stateChanged(CuratorFramework client, ConnectionState newState) {
                    }
                });
                cache.start();
                caches.put(name, cache);
                return ids(cache.getInstances());
            }
            case "quit":
                return "BYE";
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static Object payload(String kind) {
        switch (kind) {
            case "pojo": {
                Details d = new Details();
                d.zone = "eu-1";
                d.weight = 5;
                return d;
            }
            case "map": {
                Map<String, Object> m = new HashMap<>();
                m.put("zone", "us-2");
                return m;
            }
            case "string": return "hello";
            case "list": {
                List<String> l = new ArrayList<>();
                l.add("a");
                l.add("b");
                return l;
            }
            case "long": return 5L;
            default: return null;
        }
    }

    private static List<String> ids(Collection<? extends ServiceInstance<?>> instances) {
        List<String> ids = new ArrayList<>();
        for (ServiceInstance<?> i : instances) ids.add(i.getId());
        ids.sort(null);
        return ids;
    }

    /** Every field as Java sees it, the payload as plain JSON plus its Java class, and the built URI. */
    private static Map<String, Object> describe(ServiceInstance<?> i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.getName());
        m.put("id", i.getId());
        m.put("address", i.getAddress());
        m.put("port", i.getPort());
        m.put("sslPort", i.getSslPort());
        m.put("payload", i.getPayload() == null ? null : JSON.valueToTree(i.getPayload()));
        m.put("payloadClass", i.getPayload() == null ? null : i.getPayload().getClass().getName());
        m.put("registrationTimeUTC", i.getRegistrationTimeUTC());
        m.put("serviceType", i.getServiceType().name());
        m.put("uriSpec", i.getUriSpec() == null ? null : i.getUriSpec().getParts());
        m.put("uri", i.getUriSpec() == null ? null : i.buildUriSpec());
        m.put("enabled", i.isEnabled());
        return m;
    }
}
