import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a bearer token for trying Tether's API on a developer machine. Needs only a JDK:
 *
 *   java scripts/DevToken.java [--sub alice] [--org <uuid>] [--roles admin,viewer] [--ttl-minutes 60] [--data-dir ./data]
 *
 * It signs with the same HS256 secret the service verifies with: TETHER_JWT_SECRET when it is set,
 * otherwise the secret the service generated into its data directory on first start.
 */
public class DevToken {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "sub", "dev-user",
                "org", "00000000-0000-0000-0000-00000000d0e5",
                "roles", "admin",
                "ttl-minutes", "60",
                "data-dir", "./data"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                System.err.println("Unknown option " + args[i] + "; known: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        UUID organization = UUID.fromString(options.get("org"));
        String secret = System.getenv("TETHER_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            Path file = Path.of(options.get("data-dir"), "jwt-secret");
            if (Files.notExists(file)) {
                System.err.println("TETHER_JWT_SECRET is not set and " + file + " does not exist yet: start Tether once first.");
                System.exit(1);
            }
            secret = Files.readString(file).strip();
        }
        long now = Instant.now().getEpochSecond();
        StringBuilder roles = new StringBuilder();
        for (String role : options.get("roles").split(",")) {
            if (!role.isBlank()) {
                roles.append(roles.isEmpty() ? "" : ",").append('"').append(role.strip()).append('"');
            }
        }
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":\"" + options.get("sub").replace("\"", "") + "\",\"org_id\":\"" + organization
                + "\",\"roles\":[" + roles + "],\"iat\":" + now
                + ",\"exp\":" + (now + 60 * Long.parseLong(options.get("ttl-minutes"))) + "}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        System.out.println(unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8))));
    }
}
